import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ContactChangesRepository } from '../contact-changes/contact-changes.repository.js';
import { GetContactChangesHandler } from '../contact-changes/get-contact-changes.handler.js';
import { ConversationChangesRepository } from '../conversation-changes/conversation-changes.repository.js';
import { GetConversationChangesHandler } from '../conversation-changes/get-conversation-changes.handler.js';
import { GetViewClockHandler } from './get-view-clock.handler.js';

const queryHandlers = [GetConversationChangesHandler, GetContactChangesHandler, GetViewClockHandler];
const repositories = [ConversationChangesRepository, ContactChangesRepository];

/** Incremental sync: the per-owner change feeds of the conversation and contact views. */
@Module({
  imports: [CqrsModule],
  providers: [...queryHandlers, ...repositories],
})
export class ChangeFeedModule {}
