import { ViewerCommand } from '../viewer-command.js';

/** renameGroup / setGroupAvatar: an owner or admin changes what is given (name and/or avatar). */
export class UpdateGroupProfileCommand extends ViewerCommand<{ channelId: bigint }> {
  constructor(
    viewerId: bigint,
    readonly channelId: bigint,
    readonly changes: { readonly name?: string; readonly avatarUrl?: string },
    idempotencyKey?: string | null,
  ) {
    super(viewerId, idempotencyKey);
  }
}
