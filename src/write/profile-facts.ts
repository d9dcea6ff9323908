import type { ProfileFacts } from '../events/index.js';

/** The profile facts events carry, from a `user` row. */
export function profileFacts(user: {
  id: bigint;
  username: string;
  nickname: string;
  avatarUrl: string;
  infoVer: bigint;
  nicknameKey: string;
  nicknameInitials: string;
}): ProfileFacts {
  return {
    id: user.id, username: user.username, nickname: user.nickname, avatarUrl: user.avatarUrl, infoVer: user.infoVer,
    nicknameKey: user.nicknameKey, nicknameInitials: user.nicknameInitials,
  };
}
