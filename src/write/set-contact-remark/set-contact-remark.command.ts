import { ViewerCommand } from '../viewer-command.js';

export class SetContactRemarkCommand extends ViewerCommand<void> {
  constructor(
    viewerId: bigint,
    readonly friendId: bigint,
    /** '' clears it. */
    readonly remark: string,
    idempotencyKey?: string | null,
  ) {
    super(viewerId, idempotencyKey);
  }
}
