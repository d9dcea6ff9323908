import { ViewerCommand } from '../viewer-command.js';

/** Stars (or with `starred: false` unstars) one of the viewer's contacts. */
export class StarContactCommand extends ViewerCommand<void> {
  constructor(
    viewerId: bigint,
    readonly friendId: bigint,
    readonly starred: boolean,
    idempotencyKey?: string | null,
  ) {
    super(viewerId, idempotencyKey);
  }
}
