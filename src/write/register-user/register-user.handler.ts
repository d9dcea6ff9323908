import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConflictError } from '../../errors/domain-error.js';
import { UserRegistered, type ProfileFacts } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import { nameKeys } from '../name-keys.js';
import { DualWrite } from '../dual-write.js';
import { profileFacts } from '../profile-facts.js';
import { validAvatarUrl, validName, validUsername } from '../profile-rules.js';
import { RegisterUserCommand } from './register-user.command.js';

@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: RegisterUserCommand): Promise<ProfileFacts> {
    const username = validUsername(command.username);
    const nickname = validName(command.nickname, 'nickname');
    const avatarUrl = validAvatarUrl(command.avatarUrl);
    const keys = nameKeys(nickname);
    const now = this.clock.now();
    return this.dualWrite.commit(command, async (tx) => {
      // ON CONFLICT keeps a taken username a domain error instead of an aborted transaction.
      const [created] = await tx.$queryRaw<{ id: bigint }[]>`
        INSERT INTO "user" (username, nickname, avatar_url, created_at, nickname_key, nickname_initials)
        VALUES (${username}, ${nickname}, ${avatarUrl}, ${now}, ${keys.key}, ${keys.initials})
        ON CONFLICT (username) DO NOTHING RETURNING id`;
      if (!created) throw new ConflictError('USERNAME_TAKEN', `username "${username}" is already taken`);
      const user = profileFacts({
        id: created.id, username, nickname, avatarUrl, infoVer: 1n, nicknameKey: keys.key, nicknameInitials: keys.initials,
      });
      return { result: user, events: [new UserRegistered(user, now)] };
    });
  }
}
