import { decodeCursor, encodeCursor, isIdText } from '../page.js';
import type { ContactView } from './contact-view.js';

/** A position in address-book order: (sort name, friend id), ascending. */
export interface ContactPosition {
  readonly sortName: string;
  readonly friendId: bigint;
}

export function contactCursor(row: ContactView): string {
  return encodeCursor([row.sortName, row.friendId.toString()]);
}

export function contactPosition(cursor: string): ContactPosition {
  const [sortName, friendId] = decodeCursor<[string, string]>(
    cursor,
    (v): v is [string, string] => v.length === 2 && typeof v[0] === 'string' && isIdText(v[1]),
  );
  return { sortName, friendId: BigInt(friendId) };
}
