import { describe, expect, it } from '@jest/globals';
import { assertShard, groupByShard, shardOf, shardTables, type ShardNumber } from '../../src/sharding/shard-router.js';

describe('the shard router', () => {
  it('puts a user on logical shard user_id % 256', () => {
    expect(shardOf(0n)).toBe(0);
    expect(shardOf(255n)).toBe(255);
    expect(shardOf(256n)).toBe(0);
    expect(shardOf(9_223_372_036_854_775_807n)).toBe(255);
  });

  it('names the shard\'s tables', () => {
    expect(shardTables.conversationView(shardOf(513n)).sql).toBe('user_conversation_view_1');
    expect(shardTables.contactView(shardOf(258n)).sql).toBe('user_contact_view_2');
    expect(shardTables.viewState(shardOf(3n)).sql).toBe('user_view_state_3');
  });

  it('never builds a table name from anything but a shard number 0–255', () => {
    for (const bad of [-1, 256, 1.5, Number.NaN, '1; DROP TABLE user' as unknown as number]) {
      expect(() => assertShard(bad)).toThrow(RangeError);
      expect(() => shardTables.conversationView(bad as ShardNumber)).toThrow(RangeError);
    }
  });

  it('groups owners by shard, shards ascending and ids ascending (the lock order), without duplicates', () => {
    expect(groupByShard([513n, 2n, 257n, 1n, 258n, 1n])).toEqual([
      [1, [1n, 257n, 513n]],
      [2, [2n, 258n]],
    ]);
  });
});
