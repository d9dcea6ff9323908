import { describe, expect, it } from '@jest/globals';
import { InvalidInputError } from '../../src/errors/domain-error.js';
import { messagePreview, PREVIEW_CHARACTERS, validMessageBody } from '../../src/write/send-message/message-preview.js';

describe('a message preview', () => {
  it('is the message itself when short', () => {
    expect(messagePreview('See you at 8')).toBe('See you at 8');
  });

  it('is one line with whitespace collapsed', () => {
    expect(messagePreview('  first line\n\n\tsecond   line ')).toBe('first line second line');
  });

  it('is cut to a fixed number of characters, ending in an ellipsis', () => {
    const preview = messagePreview('word '.repeat(100));
    expect([...preview]).toHaveLength(PREVIEW_CHARACTERS);
    expect(preview.endsWith('…')).toBe(true);
  });

  it('never splits an emoji (a surrogate pair)', () => {
    const preview = messagePreview('😀'.repeat(PREVIEW_CHARACTERS * 2));
    expect(preview).toBe('😀'.repeat(PREVIEW_CHARACTERS - 1) + '…');
  });
});

describe('a message body', () => {
  it('must not be blank', () => {
    expect(() => validMessageBody(' \n ')).toThrow(InvalidInputError);
  });

  it('may be up to 4000 characters, counted as characters not UTF-16 units', () => {
    expect(validMessageBody('😀'.repeat(4000))).toHaveLength(8000);
    expect(() => validMessageBody('😀'.repeat(4001))).toThrow(InvalidInputError);
  });
});
