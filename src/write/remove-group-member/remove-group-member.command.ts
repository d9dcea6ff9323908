import { ViewerCommand } from '../viewer-command.js';

/** The owner removes anyone else; an admin removes plain members. */
export class RemoveGroupMemberCommand extends ViewerCommand<{ channelId: bigint }> {
  constructor(
    viewerId: bigint,
    readonly channelId: bigint,
    readonly memberId: bigint,
    idempotencyKey?: string | null,
  ) {
    super(viewerId, idempotencyKey);
  }
}
