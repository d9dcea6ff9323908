import { InvalidInputError } from '../../errors/domain-error.js';

/** What a list query may say about the viewer's view versions it has already seen. */
export interface ViewFreshness {
  /** The list version the client already holds: an unchanged list is answered `notModified`. */
  readonly ifChangedSince?: bigint | null;
  /** Read-your-writes: answer only from views at least this new (a mutation's `viewVersion`). */
  readonly minVersion?: bigint | null;
  /** Read-your-writes in projector mode: answer only once this transaction is projected (a `tx:` viewVersion). */
  readonly afterTransaction?: bigint | null;
  /** The client reads the list's `version` (or `notModified`): only then is the clock read. */
  readonly wantsVersion?: boolean;
}

/** The clock costs a statement: read it only when the answer depends on it. */
export function needsVersion(freshness: ViewFreshness): boolean {
  return Boolean(freshness.wantsVersion || freshness.ifChangedSince != null || freshness.minVersion != null);
}

/**
 * In single-database mode every view change commits in the database the list is read from, so a
 * version the gateway handed out is always visible at once; one newer than the owner's clock was
 * never handed out. (A viewer whose views the projector keeps gets a `tx:` token instead, and
 * ReadYourWrites waits for its projection.)
 */
export function assertVersionSeen(current: bigint, freshness: ViewFreshness): void {
  if (freshness.minVersion != null && freshness.minVersion > current) {
    throw new InvalidInputError('UNKNOWN_VIEW_VERSION', `minVersion ${freshness.minVersion} is newer than any version of your views`);
  }
}

export function isNotModified(current: bigint, freshness: ViewFreshness): boolean {
  return freshness.ifChangedSince != null && freshness.ifChangedSince === current;
}
