import { describe, expect, it } from '@jest/globals';
import { minVersionInput } from '../../src/gateway/id-input.js';
import { viewKeysOf } from '../../src/projections/event-view-keys.js';

describe('the projector reading an outbox event', () => {
  it('finds a channel event\'s rows through the channel, and a member\'s own setting through their row', () => {
    expect(viewKeysOf('MessageSent', { channelId: '42', memberIds: ['1', '2'] })).toEqual({ channels: [42n] });
    expect(viewKeysOf('DraftSaved', { ownerId: '7', channelId: '42' })).toEqual({ conversations: [[7n, 42n]] });
  });

  it('finds both contact rows of a friendship, and the profile rows through the reverse indexes', () => {
    expect(viewKeysOf('FriendRemoved', { userId: '1', friendId: '2', channelId: '9' })).toEqual({ channels: [9n], contacts: [[1n, 2n], [2n, 1n]] });
    expect(viewKeysOf('ProfileUpdated', { user: { id: '5' } })).toEqual({ profiles: [5n] });
  });

  it('stops at an event type it does not know instead of skipping it', () => {
    expect(() => viewKeysOf('SomethingNew', {})).toThrow(/no view keys known for outbox event type SomethingNew/);
    expect(() => viewKeysOf('toString', {})).toThrow(/no view keys known/);
  });
});

describe('a minVersion given back to a list query', () => {
  it('is a view version, or in projector mode a transaction token', () => {
    expect(minVersionInput('12')).toEqual({ minVersion: 12n, afterTransaction: null });
    expect(minVersionInput('tx:981')).toEqual({ minVersion: null, afterTransaction: 981n });
    expect(minVersionInput(null)).toEqual({ minVersion: null, afterTransaction: null });
    expect(() => minVersionInput('tx:abc')).toThrow(/minVersion must be a version this API returned/);
  });
});
