import { ViewerCommand } from '../viewer-command.js';

/** The viewer creates and owns the group. */
export class CreateGroupCommand extends ViewerCommand<{ channelId: bigint }> {
  constructor(
    viewerId: bigint,
    readonly name: string,
    readonly memberIds: readonly bigint[],
    readonly avatarUrl?: string | null,
    idempotencyKey?: string | null,
  ) {
    super(viewerId, idempotencyKey);
  }
}
