import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { nanos } from 'nats';
import pg from 'pg';
import { JetStreamPublisher } from '../../src/outbox-relay/jetstream-publisher.js';
import { OutboxRelay } from '../../src/outbox-relay/outbox-relay.js';
import { NatsServerProcess, freePort } from '../support/nats-server-process.js';
import { createStream, deleteStream, idsPerSubject, storedEvents, uniqueStream } from '../support/nats-stream.js';
import { describeWithServices } from '../support/real-services.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const RELAY = { batchSize: 100, idleMs: 20, maxBackoffMs: 200, publishTimeoutMs: 1_000 };

describeWithServices(['TEST_DATABASE_URL', 'TEST_NATS_URL'], 'the outbox relay to NATS JetStream', () => {
  const natsUrl = process.env.TEST_NATS_URL!;
  let testDatabase: TestDatabase;
  let sql: pg.Pool;
  let names: { stream: string; subjectPrefix: string };
  let publisher: JetStreamPublisher;
  let relay: OutboxRelay;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    sql = new pg.Pool({ connectionString: testDatabase.url });
  });
  afterAll(async () => {
    await sql.end();
    await testDatabase.drop();
  });
  beforeEach(async () => {
    await sql.query('TRUNCATE outbox');
    names = uniqueStream();
    publisher = new JetStreamPublisher({ url: natsUrl, ...names, publishTimeoutMs: RELAY.publishTimeoutMs });
    relay = new OutboxRelay(testDatabase.database, publisher, RELAY);
  });
  afterEach(async () => {
    await publisher.close();
    await deleteStream(natsUrl, names.stream);
  });

  /** What a command's dual write appends, on a connection of its own. */
  async function append(client: pg.Pool | pg.PoolClient, channelId: number, type = 'MessageSent'): Promise<string> {
    const { rows } = await client.query(
      `INSERT INTO outbox (aggregate, aggregate_id, type, payload, created_at) VALUES ('channel', $1, $2, '{}', 1) RETURNING id`,
      [channelId, type],
    );
    return String(rows[0].id);
  }

  /** Runs `work` while another relay (the test) holds the relay lock. */
  async function standingBy(work: () => Promise<number>): Promise<void> {
    const holder = await sql.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(727006)');
      expect(await work()).toBe(0);
      await holder.query('COMMIT');
    } finally {
      holder.release();
    }
  }

  /** Relays until the outbox is published (a round may find a transaction still running). */
  async function relayAll(using = relay): Promise<void> {
    await until(async () => {
      await using.relayOnce();
      return (await unpublished()) === 0;
    });
  }

  async function unpublished(): Promise<number> {
    const { rows } = await sql.query('SELECT count(*)::int AS n FROM outbox WHERE published_at = 0');
    return rows[0].n;
  }

  it('publishes every committed event once, with its id as the JetStream message id, and marks it published', async () => {
    const ids = [await append(sql, 1), await append(sql, 2, 'GroupCreated'), await append(sql, 1)];
    await relayAll();
    const stored = await storedEvents(natsUrl, names.stream);
    expect(stored.map((event) => event.msgId).sort()).toEqual([...ids].sort());
    expect(stored.every((event) => event.msgId === event.id)).toBe(true);
    expect(idsPerSubject(stored)).toEqual({
      [`${names.subjectPrefix}.channel.1`]: [ids[0], ids[2]],
      [`${names.subjectPrefix}.channel.2`]: [ids[1]],
    });
    expect(stored.find((event) => event.id === ids[1])?.type).toBe('GroupCreated');
  });

  it('publishes nothing twice when it publishes again after a crash before marking (JetStream drops the copies)', async () => {
    const ids = [await append(sql, 1), await append(sql, 1)];
    await relayAll();
    await sql.query('UPDATE outbox SET published_at = 0');
    await relayAll();
    expect((await storedEvents(natsUrl, names.stream)).map((event) => event.id)).toEqual(ids);
  });

  it('publishes nothing twice when a stand-by takes over after a crash before marking that outlasted the duplicate window', async () => {
    await createStream(natsUrl, names, { duplicate_window: nanos(100) });
    const standBy = new OutboxRelay(testDatabase.database, publisher, RELAY);
    const ids = [await append(sql, 1), await append(sql, 1), await append(sql, 2)];
    await standingBy(() => standBy.relayOnce());
    await relayAll();
    const unmarked = [ids[1], ids[2]];
    await sql.query('UPDATE outbox SET published_at = 0 WHERE id = ANY($1::bigint[])', [unmarked]);
    ids.push(await append(sql, 1));
    await sleep(300);
    await relayAll(standBy);
    expect(idsPerSubject(await storedEvents(natsUrl, names.stream))).toEqual({
      [`${names.subjectPrefix}.channel.1`]: [ids[0], ids[1], ids[3]],
      [`${names.subjectPrefix}.channel.2`]: [ids[2]],
    });
  });

  it('never skips an event whose transaction commits after later ones: it waits, then keeps the aggregate order', async () => {
    const slow = await sql.connect();
    try {
      await slow.query('BEGIN');
      const early = await append(slow, 7);
      const later = [await append(sql, 7), await append(sql, 7)];
      expect(await relay.relayOnce()).toBe(0);
      expect(await unpublished()).toBe(2);
      await slow.query('COMMIT');
      await relayAll();
      expect((await storedEvents(natsUrl, names.stream)).map((event) => event.id)).toEqual([early, ...later]);
    } finally {
      slow.release();
    }
  });

  it('is not held back by a transaction running in another database of the same server', async () => {
    const elsewhere = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await elsewhere.connect();
    try {
      await elsewhere.query('BEGIN');
      await elsewhere.query('SELECT pg_current_xact_id()');
      await append(sql, 3);
      await append(sql, 4);
      expect(await relay.relayOnce()).toBe(2);
    } finally {
      await elsewhere.query('ROLLBACK');
      await elsewhere.end();
    }
  });

  it('lets only one relay publish at a time (the others stand by)', async () => {
    await append(sql, 1);
    const other = new OutboxRelay(testDatabase.database, publisher, RELAY);
    await standingBy(() => other.relayOnce());
    await relayAll(other);
  });

  it('waits out a broker that refuses connections, goes away and comes back, and loses or repeats nothing', async () => {
    const storeDir = await mkdtemp(join(tmpdir(), 'hermet-nats-'));
    const server = new NatsServerProcess(await freePort(), storeDir);
    const failures: unknown[] = [];
    const away = new JetStreamPublisher({ url: server.url, ...names, publishTimeoutMs: 500 });
    const running = new OutboxRelay(testDatabase.database, away, { ...RELAY, onError: (error) => failures.push(error) });
    const stop = new AbortController();
    const done = running.run(stop.signal);
    try {
      const ids = [await append(sql, 1), await append(sql, 2), await append(sql, 1)];
      await until(() => failures.length >= 2);
      expect(await unpublished()).toBe(3);

      await server.start();
      await until(async () => (await unpublished()) === 0);
      await server.stop();
      ids.push(await append(sql, 2), await append(sql, 1));
      const failed = failures.length;
      await until(() => failures.length > failed);
      expect(await unpublished()).toBe(2);

      await server.start();
      await until(async () => (await unpublished()) === 0);
      const stored = await storedEvents(server.url, names.stream);
      expect(idsPerSubject(stored)).toEqual({
        [`${names.subjectPrefix}.channel.1`]: [ids[0], ids[2], ids[4]],
        [`${names.subjectPrefix}.channel.2`]: [ids[1], ids[3]],
      });
    } finally {
      stop.abort();
      await done;
      await away.close();
      await server.stop();
      await rm(storeDir, { recursive: true, force: true });
    }
  });
});

/** Polls a condition the relay will make true (a bounded wait, not a timing assertion). */
async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(25);
  }
}
