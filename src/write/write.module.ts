import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TransactionRunner } from '../database/transaction-runner.js';
import { DeferredFanOutWorker } from '../projections/deferred-fan-out/deferred-fan-out.worker.js';
import { LargeGroupMessageFanOut } from '../projections/deferred-fan-out/large-group-messages.js';
import { PopularProfileFanOut } from '../projections/deferred-fan-out/popular-profiles.js';
import { LiveModule } from '../live/live.module.js';
import { ReadModelProjector } from '../projections/read-model-projector.js';
import { Clock } from '../time/clock.js';
import { AcceptFriendRequestHandler } from './accept-friend-request/accept-friend-request.handler.js';
import { CreateGroupHandler } from './create-group/create-group.handler.js';
import { AddGroupMembersHandler } from './add-group-members/add-group-members.handler.js';
import { DissolveGroupHandler } from './dissolve-group/dissolve-group.handler.js';
import { LeaveGroupHandler } from './leave-group/leave-group.handler.js';
import { RemoveGroupMemberHandler } from './remove-group-member/remove-group-member.handler.js';
import { TransferGroupOwnershipHandler } from './transfer-group-ownership/transfer-group-ownership.handler.js';
import { UpdateGroupProfileHandler } from './update-group-profile/update-group-profile.handler.js';
import { BlockUserHandler } from './block-user/block-user.handler.js';
import { CancelFriendRequestHandler } from './cancel-friend-request/cancel-friend-request.handler.js';
import { ChangeConversationSettingHandler } from './change-conversation-setting/change-conversation-setting.handler.js';
import { DeclineFriendRequestHandler } from './decline-friend-request/decline-friend-request.handler.js';
import { DualWrite } from './dual-write.js';
import { MarkConversationReadHandler } from './mark-conversation-read/mark-conversation-read.handler.js';
import { RemoveFriendHandler } from './remove-friend/remove-friend.handler.js';
import { SetContactRemarkHandler } from './set-contact-remark/set-contact-remark.handler.js';
import { UnblockUserHandler } from './unblock-user/unblock-user.handler.js';
import { RegisterUserHandler } from './register-user/register-user.handler.js';
import { SendFriendRequestHandler } from './send-friend-request/send-friend-request.handler.js';
import { SaveDraftHandler } from './save-draft/save-draft.handler.js';
import { StarContactHandler } from './star-contact/star-contact.handler.js';
import { SendMessageHandler } from './send-message/send-message.handler.js';
import { UpdateProfileHandler } from './update-profile/update-profile.handler.js';

const commandHandlers = [
  RegisterUserHandler,
  UpdateProfileHandler,
  SendFriendRequestHandler,
  AcceptFriendRequestHandler,
  DeclineFriendRequestHandler,
  CancelFriendRequestHandler,
  RemoveFriendHandler,
  SetContactRemarkHandler,
  StarContactHandler,
  BlockUserHandler,
  UnblockUserHandler,
  ChangeConversationSettingHandler,
  MarkConversationReadHandler,
  SaveDraftHandler,
  SendMessageHandler,
  CreateGroupHandler,
  UpdateGroupProfileHandler,
  AddGroupMembersHandler,
  RemoveGroupMemberHandler,
  LeaveGroupHandler,
  TransferGroupOwnershipHandler,
  DissolveGroupHandler,
];

@Module({
  // LiveModule: the deferred fan-out announces the rows it changed.
  imports: [CqrsModule, LiveModule],
  providers: [
    ...commandHandlers, DualWrite, TransactionRunner, ReadModelProjector, Clock,
    LargeGroupMessageFanOut, PopularProfileFanOut, DeferredFanOutWorker,
  ],
})
export class WriteModule {}
