import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvalidInputError } from '../../errors/domain-error.js';
import { ContactRemarkSet } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import { nameKeys } from '../name-keys.js';
import { DualWrite } from '../dual-write.js';
import { currentFriendship } from '../friendship.js';
import { SetContactRemarkCommand } from './set-contact-remark.command.js';

const REMARK_MAX = 64;

@CommandHandler(SetContactRemarkCommand)
export class SetContactRemarkHandler implements ICommandHandler<SetContactRemarkCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: SetContactRemarkCommand): Promise<void> {
    const { viewerId, friendId } = command;
    const remark = command.remark.trim();
    if ([...remark].length > REMARK_MAX) {
      throw new InvalidInputError('REMARK_TOO_LONG', `remark must be at most ${REMARK_MAX} characters`);
    }
    const now = this.clock.now();
    return this.dualWrite.commit(command, async (tx) => {
      const { channelId } = await currentFriendship(tx, viewerId, friendId);
      const keys = remark === '' ? { key: '', initials: '' } : nameKeys(remark);
      await tx.friendship.update({
        where: { userId_friendId: { userId: viewerId, friendId } },
        data: { remark, remarkKey: keys.key, remarkInitials: keys.initials },
      });
      return { result: undefined, events: [new ContactRemarkSet(viewerId, friendId, channelId, remark, now, keys.key, keys.initials)] };
    });
  }
}
