import { Command } from '@nestjs/cqrs';
import type { ProfileFacts } from '../../events/index.js';

export class RegisterUserCommand extends Command<ProfileFacts> {
  constructor(
    readonly username: string,
    readonly nickname: string,
    readonly avatarUrl?: string | null,
  ) {
    super();
  }
}
