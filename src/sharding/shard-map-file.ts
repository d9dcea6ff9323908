import { ConfigurationError } from '../config/configuration-error.js';
import { LOGICAL_SHARD_COUNT } from './shard-router.js';

/** The database named `primary` is always DATABASE_URL: the write side, the outbox, and by default every shard. */
export const PRIMARY = 'primary';

/** Where every logical shard lives: a database name per shard, and the URL of every other database. */
export interface ShardPlacement {
  /** URL of each database other than the primary, by name. */
  readonly databaseUrls: ReadonlyMap<string, string>;
  /** The database name holding logical shard n, at index n (all 256 present). */
  readonly shardDatabase: readonly string[];
}

/** A shard map file that cannot be used; its message lists every problem found. */
export class ShardMapError extends ConfigurationError {
  constructor(source: string, readonly problems: readonly string[]) {
    super(`shard map ${source} is invalid:\n  - ${problems.join('\n  - ')}`);
  }
}

/**
 * Reads a shard map file (JSON):
 *
 *   { "databases": { "b": "postgresql://db-b/hermet" },
 *     "shards": { "0-127": "primary", "128-255": "b" } }
 *
 * Every logical shard 0–255 must be placed exactly once, on `primary` or a listed database.
 */
export function parseShardMap(text: string, source: string): ShardPlacement {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ShardMapError(source, [`not JSON: ${(error as Error).message}`]);
  }
  if (!isObject(document)) throw new ShardMapError(source, ['expected an object with "databases" and "shards"']);
  const problems: string[] = [];
  const databaseUrls = readDatabases(document.databases ?? {}, problems);
  const shardDatabase = readShards(document.shards, new Set([PRIMARY, ...databaseUrls.keys()]), problems);
  if (problems.length) throw new ShardMapError(source, problems);
  return { databaseUrls, shardDatabase };
}

/** Every shard on the primary: the default without a shard map file. */
export function singleDatabasePlacement(): ShardPlacement {
  return { databaseUrls: new Map(), shardDatabase: Array.from({ length: LOGICAL_SHARD_COUNT }, () => PRIMARY) };
}

function readDatabases(value: unknown, problems: string[]): Map<string, string> {
  const urls = new Map<string, string>();
  if (!isObject(value)) {
    problems.push('"databases" must be an object of name → PostgreSQL URL');
    return urls;
  }
  for (const [name, url] of Object.entries(value)) {
    if (name === PRIMARY) problems.push(`database "${PRIMARY}" is DATABASE_URL: do not give it a URL here`);
    else if (typeof url !== 'string' || !/^postgres(ql)?:\/\//.test(url)) problems.push(`database "${name}": expected a postgresql:// URL`);
    else urls.set(name, url);
  }
  return urls;
}

function readShards(value: unknown, known: Set<string>, problems: string[]): string[] {
  const placed: string[][] = Array.from({ length: LOGICAL_SHARD_COUNT }, () => []);
  if (!isObject(value)) {
    problems.push('"shards" must be an object of shard range ("0-127" or "5") → database name');
    return [];
  }
  for (const [range, name] of Object.entries(value)) {
    const bounds = shardRange(range);
    if (!bounds) problems.push(`shards "${range}": expected "n" or "from-to" within 0–${LOGICAL_SHARD_COUNT - 1}, from ≤ to`);
    if (typeof name !== 'string' || !known.has(name)) problems.push(`shards "${range}": unknown database ${JSON.stringify(name)} (known: ${[...known].join(', ')})`);
    if (!bounds || typeof name !== 'string') continue;
    for (let shard = bounds[0]; shard <= bounds[1]; shard++) placed[shard].push(name);
  }
  const gaps = ranges(placed.map((names) => names.length === 0));
  if (gaps.length) problems.push(`shards placed nowhere (gaps): ${gaps.join(', ')}`);
  const overlaps = ranges(placed.map((names) => names.length > 1));
  if (overlaps.length) problems.push(`shards placed more than once (overlaps): ${overlaps.join(', ')}`);
  return placed.map((names) => names[0]);
}

function shardRange(range: string): [number, number] | undefined {
  const match = /^(\d{1,3})(?:-(\d{1,3}))?$/.exec(range.trim());
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  return from <= to && to < LOGICAL_SHARD_COUNT ? [from, to] : undefined;
}

/** The runs of shards where `flags` is true, as "a-b" / "a". */
function ranges(flags: boolean[]): string[] {
  const runs: string[] = [];
  for (let start = 0; start < flags.length; start++) {
    if (!flags[start]) continue;
    let end = start;
    while (end + 1 < flags.length && flags[end + 1]) end++;
    runs.push(start === end ? `${start}` : `${start}-${end}`);
    start = end;
  }
  return runs;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
