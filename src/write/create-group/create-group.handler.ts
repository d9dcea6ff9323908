import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvalidInputError, NotFoundError } from '../../errors/domain-error.js';
import { GroupCreated } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import { DualWrite } from '../dual-write.js';
import { validAvatarUrl, validName } from '../profile-rules.js';
import { CreateGroupCommand } from './create-group.command.js';

export const GROUP_MAX_MEMBERS = 500;

@CommandHandler(CreateGroupCommand)
export class CreateGroupHandler implements ICommandHandler<CreateGroupCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: CreateGroupCommand): Promise<{ channelId: bigint }> {
    const name = validName(command.name, 'name');
    const avatarUrl = validAvatarUrl(command.avatarUrl);
    const memberIds = groupMembers(command.viewerId, command.memberIds);
    const now = this.clock.now();
    return this.dualWrite.commit(command, async (tx) => {
      const found = await tx.user.findMany({ where: { id: { in: memberIds } }, select: { id: true } });
      if (found.length !== memberIds.length) {
        const missing = memberIds.filter((id) => !found.some((user) => user.id === id));
        throw new NotFoundError('USER_NOT_FOUND', `no such users: ${missing.join(', ')}`);
      }
      const channel = await tx.channel.create({
        data: { type: 'GROUP', name, avatarUrl, ownerId: command.viewerId, memberCount: memberIds.length, lastMessageTime: now, createdAt: now },
      });
      await tx.channelMember.createMany({
        data: memberIds.map((userId) => ({
          channelId: channel.id,
          userId,
          role: userId === command.viewerId ? 'OWNER' : 'MEMBER',
          joinedAt: now,
        })),
      });
      const event = new GroupCreated(channel.id, name, avatarUrl, command.viewerId, memberIds, channel.infoVer, now);
      return { result: { channelId: channel.id }, events: [event] };
    });
  }
}

/** The owner first, then the others once each. */
function groupMembers(ownerId: bigint, others: readonly bigint[]): bigint[] {
  const members = [...new Set([ownerId, ...others])];
  if (members.length < 2) {
    throw new InvalidInputError('GROUP_TOO_SMALL', 'a group needs at least one member besides you');
  }
  if (members.length > GROUP_MAX_MEMBERS) {
    throw new InvalidInputError('GROUP_TOO_LARGE', `a group has at most ${GROUP_MAX_MEMBERS} members`);
  }
  return members;
}
