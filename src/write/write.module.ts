import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ReadModelProjector } from '../projections/read-model-projector.js';
import { Clock } from '../time/clock.js';
import { AcceptFriendRequestHandler } from './accept-friend-request/accept-friend-request.handler.js';
import { CreateGroupHandler } from './create-group/create-group.handler.js';
import { DualWrite } from './dual-write.js';
import { RegisterUserHandler } from './register-user/register-user.handler.js';
import { SendFriendRequestHandler } from './send-friend-request/send-friend-request.handler.js';
import { SendMessageHandler } from './send-message/send-message.handler.js';
import { UpdateProfileHandler } from './update-profile/update-profile.handler.js';

const commandHandlers = [
  RegisterUserHandler,
  UpdateProfileHandler,
  SendFriendRequestHandler,
  AcceptFriendRequestHandler,
  SendMessageHandler,
  CreateGroupHandler,
];

@Module({
  imports: [CqrsModule],
  providers: [...commandHandlers, DualWrite, TransactionRunner, ReadModelProjector, Clock],
})
export class WriteModule {}
