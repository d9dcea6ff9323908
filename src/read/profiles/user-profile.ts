/** A user's public profile. */
export interface UserProfile {
  readonly id: bigint;
  readonly username: string;
  readonly nickname: string;
  readonly avatarUrl: string;
}
