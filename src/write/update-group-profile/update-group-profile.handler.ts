import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { GroupProfileUpdated } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import { DualWrite } from '../dual-write.js';
import { lockGroup, rowOwnersExcept } from '../group-membership.js';
import { validAvatarUrl, validName } from '../profile-rules.js';
import { UpdateGroupProfileCommand } from './update-group-profile.command.js';

@CommandHandler(UpdateGroupProfileCommand)
export class UpdateGroupProfileHandler implements ICommandHandler<UpdateGroupProfileCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: UpdateGroupProfileCommand): Promise<{ channelId: bigint }> {
    const { viewerId, channelId, changes } = command;
    const name = changes.name === undefined ? undefined : validName(changes.name, 'name');
    const avatarUrl = changes.avatarUrl === undefined ? undefined : validAvatarUrl(changes.avatarUrl);
    const action = name === undefined ? "change the group's avatar" : 'rename the group';
    return this.dualWrite.commit(command, async (tx) => {
      const group = await lockGroup(tx, channelId, viewerId, 'ADMIN', action);
      const channel = await tx.channel.update({
        where: { id: channelId },
        data: { name, avatarUrl, infoVer: { increment: 1 } },
        select: { name: true, avatarUrl: true, infoVer: true },
      });
      const event = new GroupProfileUpdated(
        channelId, viewerId, channel.name, channel.avatarUrl, channel.infoVer, rowOwnersExcept(group, []), this.clock.now(),
      );
      return { result: { channelId }, events: [event] };
    });
  }
}
