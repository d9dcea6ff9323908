import { ViewerCommand } from '../viewer-command.js';

/** Ends the friendship on both sides; answers the direct channel that stays. */
export class RemoveFriendCommand extends ViewerCommand<{ channelId: bigint }> {
  constructor(
    viewerId: bigint,
    readonly friendId: bigint,
    idempotencyKey?: string | null,
  ) {
    super(viewerId, idempotencyKey);
  }
}
