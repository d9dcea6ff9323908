import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { GroupDissolved } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import { DualWrite } from '../dual-write.js';
import { lockGroup } from '../group-membership.js';
import { DissolveGroupCommand } from './dissolve-group.command.js';

@CommandHandler(DissolveGroupCommand)
export class DissolveGroupHandler implements ICommandHandler<DissolveGroupCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: DissolveGroupCommand): Promise<{ channelId: bigint }> {
    const { viewerId, channelId } = command;
    return this.dualWrite.commit(command, async (tx) => {
      const group = await lockGroup(tx, channelId, viewerId, 'OWNER', 'dissolve the group');
      const now = this.clock.now();
      await tx.channel.update({ where: { id: channelId }, data: { dissolvedAt: now } });
      const event = new GroupDissolved(channelId, viewerId, group.memberIds, now);
      return { result: { channelId }, events: [event] };
    });
  }
}
