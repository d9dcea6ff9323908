import { InvalidInputError } from '../errors/domain-error.js';

const INT64_MAX = 2n ** 63n - 1n;

/** GraphQL IDs arrive as strings; ours are positive 64-bit integers. */
export function idInput(value: string, field: string): bigint {
  if (/^\d{1,19}$/.test(value)) {
    const id = BigInt(value);
    if (id > 0n && id <= INT64_MAX) return id;
  }
  throw new InvalidInputError('INVALID_ID', `${field} must be a positive 64-bit integer id, got "${value}"`);
}

const TRANSACTION_TOKEN = /^tx:(\d{1,19})$/;

/**
 * A mutation's `viewVersion` given back as `minVersion`: a view version, or (projector mode) a
 * `tx:<id>` token naming the transaction the mutation committed in.
 */
export function minVersionInput(value: string | null | undefined): { minVersion: bigint | null; afterTransaction: bigint | null } {
  const token = value == null ? null : TRANSACTION_TOKEN.exec(value);
  if (token && BigInt(token[1]) <= INT64_MAX) return { minVersion: null, afterTransaction: BigInt(token[1]) };
  return { minVersion: versionInput(value, 'minVersion'), afterTransaction: null };
}

/** View versions (`version`, `viewVersion`) travel as decimal strings; 0 is a version too. */
export function versionInput(value: string | null | undefined, field: string): bigint | null {
  if (value == null) return null;
  if (/^\d{1,19}$/.test(value) && BigInt(value) <= INT64_MAX) return BigInt(value);
  throw new InvalidInputError('INVALID_VERSION', `${field} must be a version this API returned, got "${value}"`);
}
