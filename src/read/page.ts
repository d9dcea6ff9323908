import { InvalidInputError } from '../errors/domain-error.js';

export const PAGE_SIZE_MAX = 100;

/** One page of a cursor-paginated list; `cursorOf` gives each item's opaque cursor. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly hasNextPage: boolean;
}

/** A page of a list whose answer also says which version of the viewer's views it shows. */
export interface VersionedPage<T> extends Page<T> {
  /** The viewer's view clock when the page was read (null when the query did not ask for it). */
  readonly version: bigint | null;
  /** The client's `ifChangedSince` is still current: no rows were read. */
  readonly notModified: boolean;
}

export function validPageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > PAGE_SIZE_MAX) {
    throw new InvalidInputError('INVALID_PAGE_SIZE', `first must be between 1 and ${PAGE_SIZE_MAX}`);
  }
  return first;
}

/** Rows are fetched with one extra to learn whether another page follows. */
export function toPage<T>(rows: T[], first: number): Page<T> {
  return { items: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** Cursors are opaque to clients: base64url of a JSON tuple; a tampered one is bad input. */
export function encodeCursor(values: readonly (string | boolean)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor<T extends readonly unknown[]>(
  cursor: string,
  isValid: (values: unknown[]) => values is [...T],
): T {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  if (!Array.isArray(values) || !isValid(values)) {
    throw new InvalidInputError('INVALID_CURSOR', 'the "after" cursor is not one this list returned');
  }
  return values as unknown as T;
}

export function isIdText(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,19}$/.test(value);
}
