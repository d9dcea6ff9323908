import { describe, expect, it } from '@jest/globals';
import { InvalidInputError } from '../../src/errors/domain-error.js';
import { contactCursor, contactPosition } from '../../src/read/contacts/contact-cursor.js';
import type { ContactView } from '../../src/read/contacts/contact-view.js';
import { conversationCursor, conversationPosition } from '../../src/read/conversations/conversation-cursor.js';
import type { ConversationView } from '../../src/read/conversations/conversation-view.js';

describe('list cursors', () => {
  it('round-trip a conversation\'s position in the list', () => {
    const row = {
      isPinned: true,
      pinnedAt: 1_795_000_000_001n,
      activityTime: 1_795_000_000_123n,
      channelId: 9_007_199_254_740_993n,
    } as ConversationView;
    expect(conversationPosition(conversationCursor(row))).toEqual({
      isPinned: true,
      pinnedAt: 1_795_000_000_001n,
      activityTime: 1_795_000_000_123n,
      channelId: 9_007_199_254_740_993n,
    });
  });

  it('round-trip a contact\'s position, whatever the name contains', () => {
    const row = { sortName: 'zoë "the" \\ 😀', friendId: 42n } as ContactView;
    expect(contactPosition(contactCursor(row))).toEqual({ sortName: 'zoë "the" \\ 😀', friendId: 42n });
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['a JSON object', Buffer.from('{"a":1}').toString('base64url')],
    ['the wrong arity', Buffer.from('[true,"1"]').toString('base64url')],
    ['an id that is not a number', Buffer.from('[true,"1","1","1 OR 1=1"]').toString('base64url')],
    ['a cursor of the old three-part form', Buffer.from('[true,"1","1"]').toString('base64url')],
    ['a contact cursor', contactCursor({ sortName: 'x', friendId: 1n } as ContactView)],
  ])('refuse %s as bad input', (_what, cursor) => {
    expect(() => conversationPosition(cursor)).toThrow(InvalidInputError);
  });
});
