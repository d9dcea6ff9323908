import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UserUnblocked } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import type { BlockState } from '../block-user/block-user.command.js';
import { DualWrite } from '../dual-write.js';
import { UnblockUserCommand } from './unblock-user.command.js';

@CommandHandler(UnblockUserCommand)
export class UnblockUserHandler implements ICommandHandler<UnblockUserCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: UnblockUserCommand): Promise<BlockState> {
    const { viewerId, userId } = command;
    const now = this.clock.now();
    return this.dualWrite.commit(command, async (tx) => {
      const { count } = await tx.userBlock.deleteMany({ where: { blockerId: viewerId, blockedId: userId } });
      return { result: { userId, blocked: false }, events: count ? [new UserUnblocked(viewerId, userId, now)] : [] };
    });
  }
}
