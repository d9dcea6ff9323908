import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FriendRemoved } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import { DualWrite } from '../dual-write.js';
import { currentFriendship, lockFriendPair } from '../friendship.js';
import { RemoveFriendCommand } from './remove-friend.command.js';

@CommandHandler(RemoveFriendCommand)
export class RemoveFriendHandler implements ICommandHandler<RemoveFriendCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: RemoveFriendCommand): Promise<{ channelId: bigint }> {
    const { viewerId, friendId } = command;
    const now = this.clock.now();
    return this.dualWrite.commit(command, async (tx) => {
      await lockFriendPair(tx, viewerId, friendId);
      const { channelId } = await currentFriendship(tx, viewerId, friendId);
      await tx.friendship.updateMany({
        where: { OR: [{ userId: viewerId, friendId }, { userId: friendId, friendId: viewerId }] },
        data: { deletedAt: now },
      });
      return { result: { channelId }, events: [new FriendRemoved(viewerId, friendId, channelId, now)] };
    });
  }
}
