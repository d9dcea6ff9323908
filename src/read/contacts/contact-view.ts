/** One row of a user's contacts, exactly as the sharded view stores it. */
export interface ContactView {
  readonly ownerId: bigint;
  readonly friendId: bigint;
  readonly friendUsername: string;
  readonly friendNickname: string;
  readonly friendAvatarUrl: string;
  readonly remark: string;
  /** The list's sort key: lower-cased remark, else nickname (as the index computes it). */
  readonly sortName: string;
  readonly channelId: bigint;
  readonly createdAt: bigint;
  readonly version: bigint;
}
