import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Transaction } from '../../database/transaction.js';
import { NotFoundError } from '../../errors/domain-error.js';
import { Clock } from '../../time/clock.js';
import { DualWrite } from '../dual-write.js';
import { lockPendingRequest, settleRequest } from '../friend-request-record.js';
import { assertNotFriends, lockFriendPair, makeFriends } from '../friendship.js';
import { AcceptFriendRequestCommand, type AcceptedFriendRequest } from './accept-friend-request.command.js';

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
      await lockPairOfRequest(tx, requestId, viewerId);
      const request = await lockPendingRequest(tx, requestId, viewerId, 'recipient');
      await assertNotFriends(tx, viewerId, request.fromUserId);
      const accepted = await settleRequest(tx, request, 'ACCEPTED', now);
      const event = await makeFriends(tx, request.id, request.fromUserId, request.toUserId, now);
      return { result: { request: accepted, channelId: event.channelId }, events: [event] };
    });
  }
}

/** The pair lock comes before the request's row lock, the order every friendship command keeps. */
async function lockPairOfRequest(tx: Transaction, requestId: bigint, viewerId: bigint): Promise<void> {
  const request = await tx.friendRequest.findUnique({ where: { id: requestId } });
  if (!request || request.toUserId !== viewerId) {
    throw new NotFoundError('FRIEND_REQUEST_NOT_FOUND', `you have no friend request ${requestId} as its recipient`);
  }
  await lockFriendPair(tx, request.fromUserId, request.toUserId);
}
