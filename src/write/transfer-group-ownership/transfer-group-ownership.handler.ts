import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvalidInputError } from '../../errors/domain-error.js';
import { GroupOwnershipTransferred } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import { DualWrite } from '../dual-write.js';
import { currentMember, lockGroup } from '../group-membership.js';
import { TransferGroupOwnershipCommand } from './transfer-group-ownership.command.js';

@CommandHandler(TransferGroupOwnershipCommand)
export class TransferGroupOwnershipHandler implements ICommandHandler<TransferGroupOwnershipCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: TransferGroupOwnershipCommand): Promise<{ channelId: bigint }> {
    const { viewerId, channelId, newOwnerId } = command;
    if (newOwnerId === viewerId) {
      throw new InvalidInputError('CANNOT_TRANSFER_TO_YOURSELF', 'name another member as the new owner');
    }
    return this.dualWrite.commit(command, async (tx) => {
      const group = await lockGroup(tx, channelId, viewerId, 'OWNER', 'transfer ownership');
      currentMember(group, newOwnerId);
      const member = (userId: bigint) => ({ channelId_userId: { channelId, userId } });
      await tx.channelMember.update({ where: member(viewerId), data: { role: 'ADMIN' } });
      await tx.channelMember.update({ where: member(newOwnerId), data: { role: 'OWNER' } });
      await tx.channel.update({ where: { id: channelId }, data: { ownerId: newOwnerId } });
      const event = new GroupOwnershipTransferred(channelId, viewerId, newOwnerId, this.clock.now());
      return { result: { channelId }, events: [event] };
    });
  }
}
