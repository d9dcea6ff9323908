import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Transaction } from '../../database/transaction.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../errors/domain-error.js';
import { FriendRequestSent } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import { DualWrite, type CommandOutcome } from '../dual-write.js';
import { friendRequestRecord, lockPendingRequest, type FriendRequestRecord } from '../friend-request-record.js';
import { acceptFriendRequest, assertNotFriends, lockFriendPair } from '../friendship.js';
import { SendFriendRequestCommand } from './send-friend-request.command.js';

const MESSAGE_MAX = 200;

@CommandHandler(SendFriendRequestCommand)
export class SendFriendRequestHandler implements ICommandHandler<SendFriendRequestCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: SendFriendRequestCommand): Promise<FriendRequestRecord> {
    const { viewerId: fromUserId, toUserId } = command;
    if (fromUserId === toUserId) {
      throw new InvalidInputError('SELF_FRIEND_REQUEST', 'you cannot send a friend request to yourself');
    }
    const message = (command.message ?? '').trim();
    if ([...message].length > MESSAGE_MAX) {
      throw new InvalidInputError('MESSAGE_TOO_LONG', `message must be at most ${MESSAGE_MAX} characters`);
    }
    const now = this.clock.now();
    return this.dualWrite.commit(command, async (tx) => {
      await lockFriendPair(tx, fromUserId, toUserId);
      await assertMayAsk(tx, fromUserId, toUserId);
      const theirs = await tx.friendRequest.findFirst({ where: { status: 'PENDING', fromUserId: toUserId, toUserId: fromUserId } });
      if (theirs) return acceptTheirs(tx, theirs.id, fromUserId, now);
      const [inserted] = await tx.$queryRaw<{ id: bigint }[]>`
        INSERT INTO friend_request (from_user_id, to_user_id, status, message, created_at, updated_at)
        VALUES (${fromUserId}, ${toUserId}, 'PENDING', ${message}, ${now}, ${now})
        ON CONFLICT (from_user_id, to_user_id) WHERE status = 'PENDING' DO NOTHING
        RETURNING id`;
      if (!inserted) {
        throw new ConflictError('DUPLICATE_FRIEND_REQUEST', `you already have a pending friend request to user ${toUserId}`);
      }
      const request = friendRequestRecord({ id: inserted.id, fromUserId, toUserId, status: 'PENDING', message, createdAt: now });
      return { result: request, events: [new FriendRequestSent(request.id, fromUserId, toUserId, message, now)] };
    });
  }
}

async function assertMayAsk(tx: Transaction, fromUserId: bigint, toUserId: bigint): Promise<void> {
  if (!(await tx.user.count({ where: { id: toUserId } }))) {
    throw new NotFoundError('USER_NOT_FOUND', `user ${toUserId} does not exist`);
  }
  const blocked = await tx.userBlock.count({ where: { blockerId: toUserId, blockedId: fromUserId } });
  if (blocked) throw new ForbiddenError('BLOCKED', `user ${toUserId} does not accept friend requests from you`);
  await assertNotFriends(tx, fromUserId, toUserId);
}

/** Asking someone who already asked you is saying yes: one friendship, never two channels. */
async function acceptTheirs(
  tx: Transaction,
  requestId: bigint,
  viewerId: bigint,
  now: bigint,
): Promise<CommandOutcome<FriendRequestRecord>> {
  const request = await lockPendingRequest(tx, requestId, viewerId, 'recipient');
  const { accepted, event } = await acceptFriendRequest(tx, request, now);
  return { result: accepted, events: [event] };
}
