import { describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/database/database.js';
import { ShardMapError, parseShardMap } from '../../src/sharding/shard-map-file.js';
import { ShardMap } from '../../src/sharding/shard-map.js';
import { assertShard } from '../../src/sharding/shard-router.js';

const TWO_DATABASES = JSON.stringify({
  databases: { b: 'postgresql://127.0.0.1/hermet_b' },
  shards: { '0-127': 'primary', '128-254': 'b', '255': 'b' },
});

function problemsOf(document: unknown): readonly string[] {
  try {
    parseShardMap(typeof document === 'string' ? document : JSON.stringify(document), 'shards.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ShardMapError);
    expect((error as Error).message).toMatch(/^shard map shards\.json is invalid/);
    return (error as ShardMapError).problems;
  }
  throw new Error('the shard map was accepted');
}

describe('a shard map file', () => {
  it('places every logical shard on a named database', () => {
    const placement = parseShardMap(TWO_DATABASES, 'shards.json');
    expect(placement.databaseUrls).toEqual(new Map([['b', 'postgresql://127.0.0.1/hermet_b']]));
    expect(placement.shardDatabase).toHaveLength(256);
    expect(placement.shardDatabase[127]).toBe('primary');
    expect(placement.shardDatabase[128]).toBe('b');
    expect(placement.shardDatabase[255]).toBe('b');
  });

  it('is refused with every gap named as shard ranges', () => {
    expect(problemsOf({ shards: { '0-99': 'primary', '101-199': 'primary' } })).toEqual([
      'shards placed nowhere (gaps): 100, 200-255',
    ]);
  });

  it('is refused with every overlap named as shard ranges', () => {
    expect(problemsOf({ databases: { b: 'postgresql://x/b' }, shards: { '0-200': 'primary', '190-255': 'b', '7': 'b' } })).toEqual([
      'shards placed more than once (overlaps): 7, 190-200',
    ]);
  });

  it('is refused when a shard is placed on a database it does not list', () => {
    expect(problemsOf({ shards: { '0-127': 'primary', '128-255': 'c' } })).toEqual([
      'shards "128-255": unknown database "c" (known: primary)',
    ]);
  });

  it('is refused with a clear reason for shards out of range, bad URLs, a URL for the primary, and non-JSON', () => {
    expect(problemsOf({ shards: { '0-256': 'primary', '20-10': 'primary' } })).toEqual([
      'shards "0-256": expected "n" or "from-to" within 0–255, from ≤ to',
      'shards "20-10": expected "n" or "from-to" within 0–255, from ≤ to',
      'shards placed nowhere (gaps): 0-255',
    ]);
    expect(problemsOf({ databases: { primary: 'postgresql://x/a', b: 'mysql://x/b' }, shards: { '0-255': 'primary' } })).toEqual([
      'database "primary" is DATABASE_URL: do not give it a URL here',
      'database "b": expected a postgresql:// URL',
    ]);
    expect(problemsOf('{ shards: ')[0]).toMatch(/^not JSON/);
    expect(problemsOf([])).toEqual(['expected an object with "databases" and "shards"']);
  });
});

describe('the shard map', () => {
  const primary = { kind: 'postgres' } as Database;
  const b = { kind: 'postgres' } as Database;
  const map = new ShardMap(primary, parseShardMap(TWO_DATABASES, 'shards.json'), new Map([['b', b]]));

  it('answers the database holding a shard', () => {
    expect(map.databaseFor(assertShard(3))).toBe(primary);
    expect(map.databaseFor(assertShard(200))).toBe(b);
    expect(map.databases().map(({ name }) => name)).toEqual(['primary', 'b']);
  });

  it('groups owners per database, then per shard table, shards ascending', () => {
    const groups = map.groupByDatabase([1n, 129n, 257n, 385n, 130n, 2n]);
    expect(groups).toEqual([
      [primary, [[1, [1n, 257n]], [2, [2n]]]],
      [b, [[129, [129n, 385n]], [130, [130n]]]],
    ]);
  });

  it('refuses to start when a placed database was not opened', () => {
    expect(() => new ShardMap(primary, parseShardMap(TWO_DATABASES, 'shards.json'))).toThrow(/database "b", which is not open/);
  });
});
