import type { IEvent } from '@nestjs/cqrs';

/** What the outbox records about an event: which aggregate changed, and how. */
export interface DomainEvent extends IEvent {
  readonly aggregate: 'user' | 'channel' | 'friend_request';
  readonly aggregateId: bigint;
  readonly occurredAt: bigint;
}

/** A user's public profile as views copy it; `infoVer` orders concurrent changes. */
export interface ProfileFacts {
  readonly id: bigint;
  readonly username: string;
  readonly nickname: string;
  readonly avatarUrl: string;
  readonly infoVer: bigint;
  /** The nickname's address-book sort key and initials (see src/write/name-keys.ts). */
  readonly nicknameKey: string;
  readonly nicknameInitials: string;
}
