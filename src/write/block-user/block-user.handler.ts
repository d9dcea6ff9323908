import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvalidInputError, NotFoundError } from '../../errors/domain-error.js';
import { UserBlocked } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import { DualWrite } from '../dual-write.js';
import { BlockUserCommand, type BlockState } from './block-user.command.js';

@CommandHandler(BlockUserCommand)
export class BlockUserHandler implements ICommandHandler<BlockUserCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: BlockUserCommand): Promise<BlockState> {
    const { viewerId, userId } = command;
    if (viewerId === userId) throw new InvalidInputError('SELF_BLOCK', 'you cannot block yourself');
    const now = this.clock.now();
    return this.dualWrite.commit(command, async (tx) => {
      if (!(await tx.user.count({ where: { id: userId } }))) {
        throw new NotFoundError('USER_NOT_FOUND', `user ${userId} does not exist`);
      }
      const inserted = await tx.$executeRaw`
        INSERT INTO user_block (blocker_id, blocked_id, created_at) VALUES (${viewerId}, ${userId}, ${now})
        ON CONFLICT DO NOTHING`;
      // Blocking someone already blocked changes nothing and tells no one.
      return { result: { userId, blocked: true }, events: inserted ? [new UserBlocked(viewerId, userId, now)] : [] };
    });
  }
}
