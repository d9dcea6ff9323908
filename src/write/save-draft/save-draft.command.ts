import { ViewerCommand } from '../viewer-command.js';

/** The viewer's unsent text for a conversation; an empty (or blank) draft clears it. */
export class SaveDraftCommand extends ViewerCommand<void> {
  constructor(
    viewerId: bigint,
    readonly channelId: bigint,
    readonly draft: string,
    idempotencyKey?: string | null,
  ) {
    super(viewerId, idempotencyKey);
  }
}
