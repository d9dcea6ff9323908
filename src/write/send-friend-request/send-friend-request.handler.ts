import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Transaction } from '../../database/transaction.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../errors/domain-error.js';
import { FriendRequestSent } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import { DualWrite } from '../dual-write.js';
import { friendRequestRecord, type FriendRequestRecord } from '../friend-request-record.js';
import { SendFriendRequestCommand } from './send-friend-request.command.js';

const MESSAGE_MAX = 200;

@CommandHandler(SendFriendRequestCommand)
export class SendFriendRequestHandler implements ICommandHandler<SendFriendRequestCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: SendFriendRequestCommand): Promise<FriendRequestRecord> {
    const { viewerId: fromUserId, toUserId, message } = command;
    if (fromUserId === toUserId) {
      throw new InvalidInputError('SELF_FRIEND_REQUEST', 'you cannot send a friend request to yourself');
    }
    const text = (message ?? '').trim();
    if ([...text].length > MESSAGE_MAX) {
      throw new InvalidInputError('MESSAGE_TOO_LONG', `message must be at most ${MESSAGE_MAX} characters`);
    }
    const now = this.clock.now();
    return this.dualWrite.commit(command, async (tx) => {
      await assertCanRequest(tx, fromUserId, toUserId);
      const [inserted] = await tx.$queryRaw<{ id: bigint }[]>`
        INSERT INTO friend_request (from_user_id, to_user_id, status, message, created_at, updated_at)
        VALUES (${fromUserId}, ${toUserId}, 'PENDING', ${text}, ${now}, ${now})
        ON CONFLICT (from_user_id, to_user_id) WHERE status = 'PENDING' DO NOTHING
        RETURNING id`;
      if (!inserted) throw duplicateRequest(toUserId);
      const request = friendRequestRecord({ id: inserted.id, fromUserId, toUserId, status: 'PENDING', message: text, createdAt: now });
      return { result: request, events: [new FriendRequestSent(request.id, fromUserId, toUserId, text, now)] };
    });
  }
}

async function assertCanRequest(tx: Transaction, fromUserId: bigint, toUserId: bigint): Promise<void> {
  if (!(await tx.user.count({ where: { id: toUserId } }))) {
    throw new NotFoundError('USER_NOT_FOUND', `user ${toUserId} does not exist`);
  }
  const friendship = await tx.friendship.findUnique({
    where: { userId_friendId: { userId: fromUserId, friendId: toUserId } },
  });
  if (friendship && friendship.deletedAt === 0n) {
    throw new ConflictError('ALREADY_FRIENDS', `you and user ${toUserId} are already friends`);
  }
  const pending = await tx.friendRequest.findFirst({
    where: { status: 'PENDING', fromUserId: toUserId, toUserId: fromUserId },
  });
  if (pending) {
    throw new ConflictError(
      'REVERSE_REQUEST_PENDING',
      `user ${toUserId} has already sent you friend request ${pending.id}; accept it instead`,
    );
  }
}

function duplicateRequest(toUserId: bigint): ConflictError {
  return new ConflictError('DUPLICATE_FRIEND_REQUEST', `you already have a pending friend request to user ${toUserId}`);
}
