import { InvalidInputError } from '../../errors/domain-error.js';

export const MESSAGE_MAX_CHARACTERS = 4000;
/** What a conversation list shows of the last message. */
export const PREVIEW_CHARACTERS = 80;

export function validMessageBody(body: string): string {
  if (body.trim() === '') throw new InvalidInputError('EMPTY_MESSAGE', 'message body must not be empty');
  if ([...body].length > MESSAGE_MAX_CHARACTERS) {
    throw new InvalidInputError('MESSAGE_TOO_LONG', `message body must be at most ${MESSAGE_MAX_CHARACTERS} characters`);
  }
  return body;
}

/**
 * One line (runs of ASCII whitespace collapsed), cut by code points, never inside a surrogate
 * pair. The SQL function message_preview() (migration 002) must give the same answer.
 */
export function messagePreview(body: string): string {
  const characters = [...body.replace(/[ \t\n\r\f\v]+/g, ' ').replace(/^ | $/g, '')];
  return characters.length <= PREVIEW_CHARACTERS
    ? characters.join('')
    : characters.slice(0, PREVIEW_CHARACTERS - 1).join('') + '…';
}
