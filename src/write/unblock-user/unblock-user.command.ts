import type { BlockState } from '../block-user/block-user.command.js';
import { ViewerCommand } from '../viewer-command.js';

export class UnblockUserCommand extends ViewerCommand<BlockState> {
  constructor(
    viewerId: bigint,
    readonly userId: bigint,
    idempotencyKey?: string | null,
  ) {
    super(viewerId, idempotencyKey);
  }
}
