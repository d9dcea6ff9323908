import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../time/clock.js';
import { DualWrite } from '../dual-write.js';
import { acceptFriendRequest, lockFriendPairOfRequest, lockRequestToAccept } from '../friendship.js';
import { AcceptFriendRequestCommand, type AcceptedFriendRequest } from './accept-friend-request.command.js';

/** Three statements before the projection: the pair lock, the request's lock and checks, the write side. */
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
      await lockFriendPairOfRequest(tx, requestId, viewerId);
      const request = await lockRequestToAccept(tx, requestId, viewerId);
      const { accepted, event } = await acceptFriendRequest(tx, request, now);
      return { result: { request: accepted, channelId: event.channelId }, events: [event] };
    });
  }
}
