import { Command } from '@nestjs/cqrs';
import type { ProfileFacts } from '../../events/index.js';

/** Fields left undefined keep their value. */
export class UpdateProfileCommand extends Command<ProfileFacts> {
  constructor(
    readonly userId: bigint,
    readonly nickname?: string | null,
    readonly avatarUrl?: string | null,
  ) {
    super();
  }
}
