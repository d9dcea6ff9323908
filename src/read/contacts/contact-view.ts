/** One row of a user's contacts, exactly as the sharded view stores it. */
export interface ContactView {
  readonly ownerId: bigint;
  readonly friendId: bigint;
  readonly friendUsername: string;
  readonly friendNickname: string;
  readonly friendAvatarUrl: string;
  readonly remark: string;
  /** The list's sort key: the remark's, else the nickname's (pinyin for CJK, lower-case Latin). */
  readonly sortName: string;
  /** The index-bar letter: A–Z, or '#' for a name that does not start with a letter. */
  readonly section: string;
  readonly isStarred: boolean;
  readonly channelId: bigint;
  readonly createdAt: bigint;
  readonly version: bigint;
}

/** One letter of the index bar and how many contacts it holds. */
export interface ContactSection {
  readonly letter: string;
  readonly count: number;
}
