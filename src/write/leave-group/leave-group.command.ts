import { ViewerCommand } from '../viewer-command.js';

/** A member (not the owner) leaves a group. */
export class LeaveGroupCommand extends ViewerCommand<{ channelId: bigint }> {
  constructor(
    viewerId: bigint,
    readonly channelId: bigint,
    idempotencyKey?: string | null,
  ) {
    super(viewerId, idempotencyKey);
  }
}
