import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvalidInputError, NotFoundError } from '../../errors/domain-error.js';
import { ProfileUpdated, type ProfileFacts } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import { nameKeys } from '../name-keys.js';
import { DualWrite } from '../dual-write.js';
import { profileFacts } from '../profile-facts.js';
import { validAvatarUrl, validName } from '../profile-rules.js';
import { UpdateProfileCommand } from './update-profile.command.js';

/** Bumps `info_ver`; the projection fans the new profile out through both reverse indexes. */
@CommandHandler(UpdateProfileCommand)
export class UpdateProfileHandler implements ICommandHandler<UpdateProfileCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: UpdateProfileCommand): Promise<ProfileFacts> {
    if (command.nickname == null && command.avatarUrl == null) {
      throw new InvalidInputError('NOTHING_TO_UPDATE', 'give a nickname, an avatarUrl, or both');
    }
    const nickname = command.nickname == null ? undefined : validName(command.nickname, 'nickname');
    const avatarUrl = command.avatarUrl == null ? undefined : validAvatarUrl(command.avatarUrl);
    return this.dualWrite.commit(command, async (tx) => {
      const exists = await tx.user.count({ where: { id: command.viewerId } });
      if (!exists) throw new NotFoundError('USER_NOT_FOUND', `user ${command.viewerId} does not exist`);
      const updated = await tx.user.update({
        where: { id: command.viewerId },
        data: {
          nickname, avatarUrl, infoVer: { increment: 1 },
          ...(nickname === undefined ? {} : { nicknameKey: nameKeys(nickname).key, nicknameInitials: nameKeys(nickname).initials }),
        },
      });
      const user = profileFacts(updated);
      return { result: user, events: [new ProfileUpdated(user, this.clock.now())] };
    });
  }
}
