import type { ProfileFacts } from '../../events/index.js';
import { ViewerCommand } from '../viewer-command.js';

/** Fields left undefined keep their value. */
export class UpdateProfileCommand extends ViewerCommand<ProfileFacts> {
  constructor(
    viewerId: bigint,
    readonly nickname?: string | null,
    readonly avatarUrl?: string | null,
    idempotencyKey?: string | null,
  ) {
    super(viewerId, idempotencyKey);
  }
}
