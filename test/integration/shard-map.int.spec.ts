import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import pg from 'pg';
import { ShardMapError } from '../../src/sharding/shard-map-file.js';
import { befriend, createGroup, registerUser, sendMessage } from '../support/factories.js';
import { describeWithServices } from '../support/real-services.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const LISTS = `{ conversations(first: 10) { edges { node { title } } } contacts(first: 10) { edges { node { nickname } } } }`;
const VIEW_TABLES = ['user_view_state', 'user_conversation_view', 'user_contact_view'];

describeWithServices(['TEST_DATABASE_URL'], 'a shard map over two PostgreSQL databases', () => {
  let single: TestGateway;
  let sharded: TestGateway;
  let databaseB: TestDatabase;
  let droppedB = false;
  let folder: string;
  let me: string;
  let friend: string;

  /** A shard map file placing `shard` on database b and every other shard on the primary. */
  async function mapFile(name: string, shards: Record<string, string>): Promise<string> {
    const path = join(folder, name);
    await writeFile(path, JSON.stringify({ databases: { b: databaseB.url }, shards }));
    return path;
  }

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'hermet-shards-'));
    single = await startTestGateway();
    me = await registerUser(single, 'Me');
    friend = await registerUser(single, 'Friend');
    if (Number(me) % 256 === Number(friend) % 256) throw new Error('the test needs the two users on different shards');
    await befriend(single, me, friend);
    const group = await createGroup(single, me, [friend], 'Weekend');
    await sendMessage(single, friend, group, 'see you');

    // Database b holds a copy of my shard (as `hermet shards move` would leave it), with one
    // difference no command made: the list shows it only when read from b.
    databaseB = await createTestDatabase();
    await copyShard(single.testDatabase.url!, databaseB.url!, Number(me) % 256);
    await databaseB.database.prisma.$executeRaw`
      UPDATE user_conversation_view SET group_name = 'Weekend (read from b)' WHERE user_id = ${BigInt(me)} AND channel_type = 'GROUP'`;

    const mine = Number(me) % 256;
    const shards: Record<string, string> = { [`${mine}`]: 'b' };
    if (mine > 0) shards[`0-${mine - 1}`] = 'primary';
    if (mine < 255) shards[`${mine + 1}-255`] = 'primary';
    sharded = await startTestGateway({ sharing: single, config: { shardMapFile: await mapFile('two.json', shards) } });
  });
  afterAll(async () => {
    await sharded?.close();
    await single?.close();
    if (!droppedB) await databaseB?.drop();
    await rm(folder, { recursive: true, force: true });
  });

  it('reads my lists from the database that holds my shard', async () => {
    const response = await sharded.graphql(LISTS, {}, me);
    expect(response.errors).toBeUndefined();
    expect(response.data.conversations.edges.map((edge: any) => edge.node.title).sort()).toEqual(['Friend', 'Weekend (read from b)']);
    expect(response.data.contacts.edges.map((edge: any) => edge.node.nickname)).toEqual(['Friend']);
    // The same request on the one-database gateway reads the primary's copy.
    const onPrimary = await single.graphql(LISTS, {}, me);
    expect(onPrimary.data.conversations.edges.map((edge: any) => edge.node.title).sort()).toEqual(['Friend', 'Weekend']);
  });

  it('reads the lists of a user on another shard from the primary', async () => {
    const response = await sharded.graphql(LISTS, {}, friend);
    expect(response.data.conversations.edges.map((edge: any) => edge.node.title).sort()).toEqual(['Me', 'Weekend']);
  });

  it('refuses to start with a map that leaves shards out, naming them', async () => {
    const gaps = await mapFile('gaps.json', { '0-99': 'primary', '101-255': 'b' });
    await expect(startTestGateway({ sharing: single, config: { shardMapFile: gaps } })).rejects.toThrow(ShardMapError);
    await expect(startTestGateway({ sharing: single, config: { shardMapFile: gaps } })).rejects.toThrow(/gaps\): 100$/m);
  });

  it('is ready only while every database of the map answers', async () => {
    const ready = sharded.url.replace(/\/graphql$/, '/health/ready');
    const up = await fetch(ready);
    expect(up.status).toBe(200);
    expect(Object.keys(((await up.json()) as HealthReport).details).sort()).toEqual(['database:b', 'database:primary']);

    await databaseB.drop();
    droppedB = true;
    const down = await fetch(ready);
    expect(down.status).toBe(503);
    const { details } = (await down.json()) as HealthReport;
    expect(details['database:primary'].status).toBe('up');
    expect(details['database:b'].status).toBe('down');
  });
});

interface HealthReport {
  details: Record<string, { status: string }>;
}

/** Copies every view table row of one logical shard from one database to another. */
async function copyShard(fromUrl: string, toUrl: string, shard: number): Promise<void> {
  const from = new pg.Client({ connectionString: fromUrl });
  const to = new pg.Client({ connectionString: toUrl });
  await Promise.all([from.connect(), to.connect()]);
  try {
    for (const table of VIEW_TABLES) {
      const { rows } = await from.query(`SELECT * FROM ${table}_${shard}`);
      await to.query(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1)`, [JSON.stringify(rows)]);
    }
  } finally {
    await Promise.all([from.end(), to.end()]);
  }
}
