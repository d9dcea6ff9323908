import { ViewerCommand } from '../viewer-command.js';

export interface BlockState {
  readonly userId: bigint;
  readonly blocked: boolean;
}

/** From now on `userId` cannot send the viewer friend requests or direct messages. */
export class BlockUserCommand extends ViewerCommand<BlockState> {
  constructor(
    viewerId: bigint,
    readonly userId: bigint,
    idempotencyKey?: string | null,
  ) {
    super(viewerId, idempotencyKey);
  }
}
