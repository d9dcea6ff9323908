import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ContactViewRepository } from './contacts/contact-view.repository.js';
import { GetContactHandler } from './contacts/get-contact.handler.js';
import { GetContactsHandler } from './contacts/get-contacts.handler.js';
import { CountPendingFriendRequestsHandler } from './friend-requests/count-pending-friend-requests.handler.js';
import { GetPendingFriendRequestsHandler } from './friend-requests/get-pending-friend-requests.handler.js';
import { PendingFriendRequestRepository } from './friend-requests/pending-friend-request.repository.js';
import { GetContactSectionsHandler } from './contacts/get-contact-sections.handler.js';
import { ConversationViewRepository } from './conversations/conversation-view.repository.js';
import { GetConversationHandler } from './conversations/get-conversation.handler.js';
import { GetConversationsHandler } from './conversations/get-conversations.handler.js';
import { GetGroupMembersHandler } from './group-members/get-group-members.handler.js';
import { GetUserProfilesHandler } from './profiles/get-user-profiles.handler.js';
import { GetViewerHandler } from './profiles/get-viewer.handler.js';
import { UserProfileRepository } from './profiles/user-profile.repository.js';
import { CountConversationsHandler } from './conversations/count-conversations.handler.js';
import { GetUnreadTotalHandler } from './conversations/get-unread-total.handler.js';
import { GetViewVersionHandler } from './view-state/get-view-version.handler.js';
import { ReadYourWrites } from './view-state/read-your-writes.js';
import { ViewVersionRepository } from './view-state/view-version.repository.js';

const queryHandlers = [
  GetViewerHandler,
  GetConversationsHandler,
  CountConversationsHandler,
  GetUnreadTotalHandler,
  GetViewVersionHandler,
  GetConversationHandler,
  GetContactsHandler,
  GetContactSectionsHandler,
  GetPendingFriendRequestsHandler,
  CountPendingFriendRequestsHandler,
  GetContactHandler,
  GetUserProfilesHandler,
  GetGroupMembersHandler,
];
const repositories = [ConversationViewRepository, ContactViewRepository, UserProfileRepository, ViewVersionRepository,
  PendingFriendRequestRepository, ReadYourWrites,
];

@Module({
  imports: [CqrsModule],
  providers: [...queryHandlers, ...repositories],
})
export class ReadModule {}
