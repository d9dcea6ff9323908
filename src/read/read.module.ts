import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ContactViewRepository } from './contacts/contact-view.repository.js';
import { GetContactHandler } from './contacts/get-contact.handler.js';
import { GetContactsHandler } from './contacts/get-contacts.handler.js';
import { ConversationViewRepository } from './conversations/conversation-view.repository.js';
import { GetConversationHandler } from './conversations/get-conversation.handler.js';
import { GetConversationsHandler } from './conversations/get-conversations.handler.js';
import { GetGroupMembersHandler } from './group-members/get-group-members.handler.js';
import { GetUserProfilesHandler } from './profiles/get-user-profiles.handler.js';
import { GetViewerHandler } from './profiles/get-viewer.handler.js';
import { UserProfileRepository } from './profiles/user-profile.repository.js';

const queryHandlers = [
  GetViewerHandler,
  GetConversationsHandler,
  GetConversationHandler,
  GetContactsHandler,
  GetContactHandler,
  GetUserProfilesHandler,
  GetGroupMembersHandler,
];
const repositories = [ConversationViewRepository, ContactViewRepository, UserProfileRepository];

@Module({
  imports: [CqrsModule],
  providers: [...queryHandlers, ...repositories],
})
export class ReadModule {}
