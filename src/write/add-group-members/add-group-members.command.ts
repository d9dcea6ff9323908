import { ViewerCommand } from '../viewer-command.js';

/** An owner or admin adds users (new ones, or former members back) to a group. */
export class AddGroupMembersCommand extends ViewerCommand<{ channelId: bigint }> {
  constructor(
    viewerId: bigint,
    readonly channelId: bigint,
    readonly memberIds: readonly bigint[],
    idempotencyKey?: string | null,
  ) {
    super(viewerId, idempotencyKey);
  }
}
