import { ViewerCommand } from '../viewer-command.js';

/** The owner dissolves the group: it closes for every member. */
export class DissolveGroupCommand extends ViewerCommand<{ channelId: bigint }> {
  constructor(
    viewerId: bigint,
    readonly channelId: bigint,
    idempotencyKey?: string | null,
  ) {
    super(viewerId, idempotencyKey);
  }
}
