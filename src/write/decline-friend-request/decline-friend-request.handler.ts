import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FriendRequestDeclined } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import { DualWrite } from '../dual-write.js';
import { lockPendingRequest, settleRequest, type FriendRequestRecord } from '../friend-request-record.js';
import { DeclineFriendRequestCommand } from './decline-friend-request.command.js';

@CommandHandler(DeclineFriendRequestCommand)
export class DeclineFriendRequestHandler implements ICommandHandler<DeclineFriendRequestCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: DeclineFriendRequestCommand): Promise<FriendRequestRecord> {
    const now = this.clock.now();
    return this.dualWrite.commit(command, async (tx) => {
      const request = await lockPendingRequest(tx, command.requestId, command.viewerId, 'recipient');
      const declined = await settleRequest(tx, request, 'DECLINED', now);
      return { result: declined, events: [new FriendRequestDeclined(request.id, request.fromUserId, request.toUserId, now)] };
    });
  }
}
