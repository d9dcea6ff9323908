import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ForbiddenError, InvalidInputError } from '../../errors/domain-error.js';
import { Clock } from '../../time/clock.js';
import { DualWrite } from '../dual-write.js';
import { currentMember, endMembership, lockGroup } from '../group-membership.js';
import { RemoveGroupMemberCommand } from './remove-group-member.command.js';

@CommandHandler(RemoveGroupMemberCommand)
export class RemoveGroupMemberHandler implements ICommandHandler<RemoveGroupMemberCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: RemoveGroupMemberCommand): Promise<{ channelId: bigint }> {
    const { viewerId, channelId, memberId } = command;
    if (memberId === viewerId) {
      throw new InvalidInputError('CANNOT_REMOVE_YOURSELF', 'you cannot remove yourself: use leaveGroup');
    }
    return this.dualWrite.commit(command, async (tx) => {
      const group = await lockGroup(tx, channelId, viewerId, 'ADMIN', 'remove members');
      const member = currentMember(group, memberId);
      if (member.role === 'OWNER') throw new ForbiddenError('CANNOT_REMOVE_OWNER', "the group's owner cannot be removed");
      if (member.role === 'ADMIN' && group.viewerRole !== 'OWNER') {
        throw new ForbiddenError('NOT_GROUP_OWNER', "only the group's owner can remove an admin");
      }
      const event = await endMembership(tx, group, memberId, viewerId, this.clock.now());
      return { result: { channelId }, events: [event] };
    });
  }
}
