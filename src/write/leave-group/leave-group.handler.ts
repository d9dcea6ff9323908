import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConflictError } from '../../errors/domain-error.js';
import { Clock } from '../../time/clock.js';
import { DualWrite } from '../dual-write.js';
import { endMembership, lockGroup } from '../group-membership.js';
import { LeaveGroupCommand } from './leave-group.command.js';

@CommandHandler(LeaveGroupCommand)
export class LeaveGroupHandler implements ICommandHandler<LeaveGroupCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: LeaveGroupCommand): Promise<{ channelId: bigint }> {
    const { viewerId, channelId } = command;
    return this.dualWrite.commit(command, async (tx) => {
      const group = await lockGroup(tx, channelId, viewerId, 'MEMBER', 'leave the group');
      if (group.viewerRole === 'OWNER') {
        throw new ConflictError('OWNER_CANNOT_LEAVE', 'the owner cannot leave: transfer ownership or dissolve the group first');
      }
      const event = await endMembership(tx, group, viewerId, null, this.clock.now());
      return { result: { channelId }, events: [event] };
    });
  }
}
