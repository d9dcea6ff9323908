import { describe, expect, it } from '@jest/globals';
import { nameKeys } from '../../src/write/name-keys.js';
import { mentionedNames } from '../../src/write/send-message/message-mentions.js';

describe('address-book keys of a name', () => {
  it.each([
    ['张三', 'zhang san', 'zs'],
    ['Bob Smith', 'bob smith', 'bs'],
    ['Émile 重庆', 'emile chong qing', 'ecq'],
    ['  zoë', 'zoe', 'z'],
    ['123 go', '~123 go', '1g'],
  ])('%s sorts as %s with initials %s', (name, key, initials) => {
    expect(nameKeys(name)).toEqual({ key, initials });
  });

  it('orders CJK names by pinyin among Latin names, and non-letters after z', () => {
    const names = ['zoë', '123', '张三', 'alice', '李四', 'Bob'];
    const sorted = [...names].sort((a, b) => (nameKeys(a).key < nameKeys(b).key ? -1 : 1));
    expect(sorted).toEqual(['alice', 'Bob', '李四', '张三', 'zoë', '123']);
  });
});

describe('mentions in a message', () => {
  it.each([
    ['@bob hi', ['bob'], false],
    ['hi @bob.', ['bob'], false],
    ['mail bob@example.com', [], false],
    ['@all lunch', ['all'], true],
    ['@al is too short, @x too', [], false],
    ['(@carol_1) and @dave.smith', ['carol_1', 'dave.smith'], false],
  ])('%s mentions %j (everyone: %s)', (body, usernames, all) => {
    expect(mentionedNames(body)).toEqual({ usernames, all });
  });
});
