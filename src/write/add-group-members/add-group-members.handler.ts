import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConflictError, InvalidInputError, NotFoundError } from '../../errors/domain-error.js';
import { GroupMembersAdded } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import { GROUP_MAX_MEMBERS } from '../create-group/create-group.handler.js';
import { DualWrite } from '../dual-write.js';
import { lockGroup, rowOwnersExcept } from '../group-membership.js';
import { AddGroupMembersCommand } from './add-group-members.command.js';

@CommandHandler(AddGroupMembersCommand)
export class AddGroupMembersHandler implements ICommandHandler<AddGroupMembersCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: AddGroupMembersCommand): Promise<{ channelId: bigint }> {
    const { viewerId, channelId } = command;
    const added = [...new Set(command.memberIds)];
    if (added.length === 0) throw new InvalidInputError('NO_MEMBERS', 'memberIds must name at least one user');
    if (added.length > GROUP_MAX_MEMBERS) tooLarge();
    return this.dualWrite.commit(command, async (tx) => {
      const group = await lockGroup(tx, channelId, viewerId, 'ADMIN', 'add members');
      const found = await tx.user.findMany({ where: { id: { in: added } }, select: { id: true } });
      const missing = added.filter((id) => !found.some((user) => user.id === id));
      if (missing.length > 0) throw new NotFoundError('USER_NOT_FOUND', `no such users: ${missing.join(', ')}`);
      const already = added.filter((id) => group.memberIds.includes(id));
      if (already.length > 0) {
        throw new ConflictError('ALREADY_A_MEMBER', `already members of conversation ${channelId}: ${already.join(', ')}`);
      }
      const memberCount = group.memberIds.length + added.length;
      if (memberCount > GROUP_MAX_MEMBERS) tooLarge();

      const now = this.clock.now();
      const former = new Set(group.memberships.map((m) => m.userId));
      const rejoining = added.filter((id) => former.has(id));
      const joining = added.filter((id) => !former.has(id));
      const fresh = { role: 'MEMBER', joinedAt: now, lastReadMessageId: group.lastMessage.id };
      if (joining.length > 0) {
        await tx.channelMember.createMany({ data: joining.map((userId) => ({ channelId, userId, ...fresh })) });
      }
      if (rejoining.length > 0) {
        await tx.channelMember.updateMany({
          where: { channelId, userId: { in: rejoining } },
          data: {
            ...fresh, leftAt: 0n, closedAt: 0n, isPinned: false, pinnedAt: 0n, isMuted: false, isHidden: false,
            isArchived: false, markedUnread: false, draft: '', draftAt: 0n,
          },
        });
      }
      await tx.channel.update({ where: { id: channelId }, data: { memberCount } });
      const event = new GroupMembersAdded(
        channelId, viewerId, added, rowOwnersExcept(group, added),
        group.name, group.avatarUrl, group.infoVer, memberCount, group.lastMessage, now,
      );
      return { result: { channelId }, events: [event] };
    });
  }
}

function tooLarge(): never {
  throw new InvalidInputError('GROUP_TOO_LARGE', `a group has at most ${GROUP_MAX_MEMBERS} members`);
}
