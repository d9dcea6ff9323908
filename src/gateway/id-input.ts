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
