import { InvalidInputError } from '../../errors/domain-error.js';

/**
 * Where a client stands in one owner's change feed: it has every change up to `version`; with a
 * `key`, only up to that row of the version (a page may end inside a version that several rows
 * share, which only a rebuild produces, see migration 005). Clients see it as an opaque string:
 * "57" or "57:1234". "0" means "I have nothing".
 */
export interface FeedPosition {
  readonly version: bigint;
  readonly key: bigint | null;
}

export const FEED_START: FeedPosition = { version: 0n, key: null };

export function feedPosition(text: string): FeedPosition {
  const match = /^(\d{1,19})(?::(\d{1,19}))?$/.exec(text);
  if (!match) {
    throw new InvalidInputError('INVALID_SYNC_VERSION', 'sinceVersion must be "0" or a highWaterMark a change feed returned');
  }
  return { version: BigInt(match[1]!), key: match[2] === undefined ? null : BigInt(match[2]) };
}

export function feedPositionText(position: FeedPosition): string {
  return position.key === null ? `${position.version}` : `${position.version}:${position.key}`;
}
