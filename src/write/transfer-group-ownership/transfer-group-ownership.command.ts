import { ViewerCommand } from '../viewer-command.js';

/** The owner hands the group to another current member and becomes an admin. */
export class TransferGroupOwnershipCommand extends ViewerCommand<{ channelId: bigint }> {
  constructor(
    viewerId: bigint,
    readonly channelId: bigint,
    readonly newOwnerId: bigint,
    idempotencyKey?: string | null,
  ) {
    super(viewerId, idempotencyKey);
  }
}
