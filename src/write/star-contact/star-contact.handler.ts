import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ContactStarred } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import { DualWrite } from '../dual-write.js';
import { currentFriendship } from '../friendship.js';
import { StarContactCommand } from './star-contact.command.js';

@CommandHandler(StarContactCommand)
export class StarContactHandler implements ICommandHandler<StarContactCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: StarContactCommand): Promise<void> {
    const { viewerId, friendId, starred } = command;
    const now = this.clock.now();
    return this.dualWrite.commit(command, async (tx) => {
      const friendship = await currentFriendship(tx, viewerId, friendId);
      // Starring a starred contact changes nothing, so it writes nothing.
      if (friendship.isStarred === starred) return { result: undefined, events: [] };
      await tx.friendship.update({ where: { userId_friendId: { userId: viewerId, friendId } }, data: { isStarred: starred } });
      return { result: undefined, events: [new ContactStarred(viewerId, friendId, starred, now)] };
    });
  }
}
