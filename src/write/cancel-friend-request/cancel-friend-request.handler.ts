import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FriendRequestCanceled } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import { DualWrite } from '../dual-write.js';
import { lockPendingRequest, settleRequest, type FriendRequestRecord } from '../friend-request-record.js';
import { CancelFriendRequestCommand } from './cancel-friend-request.command.js';

@CommandHandler(CancelFriendRequestCommand)
export class CancelFriendRequestHandler implements ICommandHandler<CancelFriendRequestCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: CancelFriendRequestCommand): Promise<FriendRequestRecord> {
    const now = this.clock.now();
    return this.dualWrite.commit(command, async (tx) => {
      const request = await lockPendingRequest(tx, command.requestId, command.viewerId, 'sender');
      const canceled = await settleRequest(tx, request, 'CANCELED', now);
      return { result: canceled, events: [new FriendRequestCanceled(request.id, request.fromUserId, request.toUserId, now)] };
    });
  }
}
