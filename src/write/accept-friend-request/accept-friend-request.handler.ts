import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Transaction } from '../../database/transaction.js';
import { ConflictError, NotFoundError } from '../../errors/domain-error.js';
import { FriendRequestAccepted } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import { DualWrite } from '../dual-write.js';
import { friendRequestRecord } from '../friend-request-record.js';
import { profileFacts } from '../profile-facts.js';
import { AcceptFriendRequestCommand, type AcceptedFriendRequest } from './accept-friend-request.command.js';

/** "Add a friend" (DESIGN.md): direct channel, both members, both friendships — then the views. */
@CommandHandler(AcceptFriendRequestCommand)
export class AcceptFriendRequestHandler implements ICommandHandler<AcceptFriendRequestCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: AcceptFriendRequestCommand): Promise<AcceptedFriendRequest> {
    const { viewerId, requestId } = command;
    const now = this.clock.now();
    return this.dualWrite.commit(command, async (tx) => {
      const request = await lockPendingRequest(tx, viewerId, requestId);
      const accepted = await tx.friendRequest.update({
        where: { id: request.id },
        data: { status: 'ACCEPTED', updatedAt: now },
      });
      const channelId = await createDirectChannel(tx, request.fromUserId, request.toUserId, now);
      await tx.friendship.createMany({
        data: [
          { userId: request.fromUserId, friendId: request.toUserId, channelId, createdAt: now },
          { userId: request.toUserId, friendId: request.fromUserId, channelId, createdAt: now },
        ],
      });
      const [requester, accepter] = await Promise.all(
        [request.fromUserId, request.toUserId].map((id) => tx.user.findUniqueOrThrow({ where: { id } })),
      );
      const event = new FriendRequestAccepted(request.id, channelId, profileFacts(requester), profileFacts(accepter), now);
      return { result: { request: friendRequestRecord(accepted), channelId }, events: [event] };
    });
  }
}

async function lockPendingRequest(tx: Transaction, viewerId: bigint, requestId: bigint) {
  const [request] = await tx.$queryRaw<{ id: bigint; fromUserId: bigint; toUserId: bigint; status: string }[]>`
    SELECT id, from_user_id AS "fromUserId", to_user_id AS "toUserId", status
    FROM friend_request WHERE id = ${requestId} FOR UPDATE`;
  // Someone else's request is reported exactly like a missing one: its existence is not ours to know.
  if (!request || request.toUserId !== viewerId) {
    throw new NotFoundError('FRIEND_REQUEST_NOT_FOUND', `no friend request ${requestId} was sent to you`);
  }
  if (request.status !== 'PENDING') {
    throw new ConflictError('FRIEND_REQUEST_NOT_PENDING', `friend request ${requestId} is already ${request.status.toLowerCase()}`);
  }
  return request;
}

async function createDirectChannel(tx: Transaction, a: bigint, b: bigint, now: bigint): Promise<bigint> {
  const [low, high] = a < b ? [a, b] : [b, a];
  const [channel] = await tx.$queryRaw<{ id: bigint }[]>`
    INSERT INTO channel (type, direct_low_user_id, direct_high_user_id, member_count, last_message_time, created_at)
    VALUES ('DIRECT', ${low}, ${high}, 2, ${now}, ${now})
    ON CONFLICT (direct_low_user_id, direct_high_user_id) DO NOTHING
    RETURNING id`;
  if (!channel) throw new ConflictError('ALREADY_FRIENDS', `users ${a} and ${b} already share a direct conversation`);
  await tx.channelMember.createMany({
    data: [a, b].map((userId) => ({ channelId: channel.id, userId, role: 'MEMBER', joinedAt: now })),
  });
  return channel.id;
}
