/** A friend request as the write side stores it. */
export interface FriendRequestRecord {
  readonly id: bigint;
  readonly fromUserId: bigint;
  readonly toUserId: bigint;
  readonly status: 'PENDING' | 'ACCEPTED' | 'DECLINED' | 'CANCELED';
  readonly message: string;
  readonly createdAt: bigint;
}

export function friendRequestRecord(row: {
  id: bigint;
  fromUserId: bigint;
  toUserId: bigint;
  status: string;
  message: string;
  createdAt: bigint;
}): FriendRequestRecord {
  return { ...row, status: row.status as FriendRequestRecord['status'] };
}
