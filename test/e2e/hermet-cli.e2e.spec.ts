import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projectPath } from '../../src/config/project-paths.js';
import { befriend, registerUsers } from '../support/factories.js';
import { deleteStream, idsPerSubject, storedEvents, uniqueStream } from '../support/nats-stream.js';
import { describeWithServices } from '../support/real-services.js';
import { isOnB, writeSplitShardMap } from '../support/projection.js';
import { createTestDatabase, onRealPostgres } from '../support/test-database.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const run = promisify(execFile);

// The CLI is a separate process next to a running gateway: that takes a database server (the
// embedded database belongs to one process at a time).
(onRealPostgres ? describe : describe.skip)('the hermet operator CLI', () => {
  const outDir = projectPath('.test-build', `cli-${process.pid}`);
  let gateway: TestGateway;
  let users: string[];

  const hermet = (...args: string[]) => hermetWith({}, ...args);
  async function hermetWith(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run('node', [join(outDir, 'src/cli/hermet.js'), ...args], {
        env: { ...process.env, DATABASE_URL: gateway.testDatabase.url, NODE_OPTIONS: '', NATS_URL: '', ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  beforeAll(async () => {
    await run('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: projectPath() });
    gateway = await startTestGateway();
    users = await registerUsers(gateway, 4);
    await befriend(gateway, users[0], users[1]);
    await befriend(gateway, users[2], users[3]);
  }, 120_000);
  afterAll(async () => {
    await gateway.close();
    await rm(outDir, { recursive: true, force: true });
  });

  it('explains every subcommand with --help', async () => {
    for (const command of [[], ['check-consistency'], ['rebuild-read-models'], ['migrate'], ['relay'], ['project'], ['shards', 'move']]) {
      const { code, stdout } = await hermet(...command, '--help');
      expect(code).toBe(0);
      expect(stdout).toMatch(/Usage: hermet/);
    }
  });

  it('project has nothing to do without a shard map placing shards outside the primary', async () => {
    const { code, stdout } = await hermet('project', '--once', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ databases: [] });
  });

  it('relay refuses to start, saying which variable turns it on, without NATS_URL', async () => {
    const { code, stderr } = await hermet('relay');
    expect(code).toBe(1);
    expect(stderr).toMatch(/set NATS_URL/);
  });

  it('exits 2 on a wrong command line', async () => {
    expect((await hermet('check-consistency', '--shard', '300')).code).toBe(2);
    expect((await hermet('no-such-command')).code).toBe(2);
  });

  it('migrate reports the schema is up to date', async () => {
    const { code, stdout } = await hermet('migrate', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ applied: [] });
  });

  it('check-consistency exits 1 below the threshold with each difference, repairs, then exits 0', async () => {
    await gateway.database.prisma.$executeRawUnsafe(`UPDATE user_contact_view SET friend_nickname = 'Corrupt' WHERE user_id = ${users[2]}`);
    const broken = await hermet('check-consistency', '--json');
    expect(broken.code).toBe(1);
    const report = JSON.parse(broken.stdout);
    expect(report).toMatchObject({ verdict: 'FAIL', threshold: 99.9 });
    expect(report.differences).toEqual([
      expect.objectContaining({ table: 'user_contact_view', field: 'friend_nickname', actual: 'Corrupt' }),
    ]);

    const human = await hermet('check-consistency', '--repair');
    expect(human.stdout).toMatch(/user_contact_view \[user_id=\d+,friend_id=\d+\] friend_nickname: expected .+, actual Corrupt/);
    expect(human.stdout).toMatch(/owners repaired: 1/);

    const fixed = await hermet('check-consistency');
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toMatch(/\(100\.000 %\)/);
  });

  it('rebuild-read-models reports what it wrote', async () => {
    const { code, stdout } = await hermet('rebuild-read-models', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ shardsRebuilt: 256, shardsSkipped: 0 });
  });

  it('with a shard map placing shards on another database, check-consistency checks and repairs them there, and rebuild-read-models refuses them', async () => {
    const databaseB = await createTestDatabase();
    const folder = await mkdtemp(join(tmpdir(), 'hermet-cli-split-'));
    try {
      const split = { SHARD_MAP_FILE: await writeSplitShardMap(join(folder, 'split.json'), databaseB.url!) };
      const more = await registerUsers(gateway, 6);
      for (let i = 0; i < more.length; i += 2) await befriend(gateway, more[i], more[i + 1]);
      // This gateway wrote every view on the primary: database b starts empty.
      const empty = JSON.parse((await hermetWith(split, 'check-consistency', '--json')).stdout);
      expect(empty.verdict).toBe('FAIL');
      expect(empty.differences.length).toBeGreaterThan(0);
      expect(new Set(empty.differences.map((d: { field: string; actual: string }) => `${d.field} ${d.actual}`))).toEqual(new Set(['(row) missing']));
      expect(empty.differences.every((d: { key: string }) => isOnB(/user_id=(\d+)/.exec(d.key)![1]))).toBe(true);

      expect((await hermetWith(split, 'check-consistency', '--repair')).stdout).toMatch(/owners repaired: [1-9]/);
      const repaired = await hermetWith(split, 'check-consistency');
      expect(repaired.code).toBe(0);
      expect(repaired.stdout).toMatch(/\(100\.000 %\)/);

      const refused = await hermetWith(split, 'rebuild-read-models');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/writes views on the primary only.*\(first: 1\) on b/);
      expect((await hermetWith(split, 'rebuild-read-models', '--shard', '0')).code).toBe(0);
    } finally {
      await databaseB.drop();
      await rm(folder, { recursive: true, force: true });
    }
  }, 120_000);

  it('shards move copies a shard to another database of the shard map, verifies it, switches it, and refuses a database the map does not name', async () => {
    const databaseB = await createTestDatabase();
    const folder = await mkdtemp(join(tmpdir(), 'hermet-cli-move-'));
    try {
      const split = { SHARD_MAP_FILE: await writeSplitShardMap(join(folder, 'split.json'), databaseB.url!) };
      const moved = await hermetWith(split, 'shards', 'move', '0', 'b', '--json');
      expect(moved.code).toBe(0);
      const report = JSON.parse(moved.stdout);
      expect(report).toMatchObject({ shard: 0, from: 'primary', to: 'b', switched: true, mismatched: [], sourceKept: true });
      expect(report.target).toEqual(report.source);
      expect(report.source.map((t: { table: string }) => t.table)).toEqual(['user_conversation_view', 'user_contact_view', 'user_view_state', 'user_sync_floor']);
      // check-consistency now reads shard 0 on b.
      const checked = await hermetWith(split, 'check-consistency', '--shard', '0', '--json');
      expect(checked.code).toBe(0);
      expect(JSON.parse(checked.stdout).percentConsistent).toBe(100);

      const refused = await hermetWith(split, 'shards', 'move', '0', 'nowhere');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/UNKNOWN_DATABASE: the shard map names no database "nowhere"/);
      const back = await hermetWith(split, 'shards', 'move', '0', 'primary');
      expect(back.code).toBe(0);
      expect(back.stdout).toMatch(/shard 0 moved from b to primary/);
      expect(back.stderr).toMatch(/shard 0: copied \d+ rows, verified; switching/);
    } finally {
      await databaseB.drop();
      await rm(folder, { recursive: true, force: true });
    }
  }, 120_000);

  describeWithServices(['TEST_NATS_URL'], 'hermet relay', () => {
    const names = uniqueStream();
    afterAll(() => deleteStream(process.env.TEST_NATS_URL!, names.stream));

    it('runs as its own process: publishes the outbox to JetStream, then stops cleanly on SIGTERM', async () => {
      const relay = spawn('node', [join(outDir, 'src/cli/hermet.js'), 'relay'], {
        env: {
          ...process.env, NODE_OPTIONS: '', DATABASE_URL: gateway.testDatabase.url,
          NATS_URL: process.env.TEST_NATS_URL, NATS_STREAM: names.stream, NATS_SUBJECT_PREFIX: names.subjectPrefix,
        },
        stdio: 'ignore',
      });
      const exited = once(relay, 'exit');
      try {
        const outbox = () => gateway.database.prisma.outbox.findMany({ orderBy: { id: 'asc' } });
        while ((await outbox()).some((row) => row.publishedAt === 0n)) await sleep(50);
        const published = await storedEvents(process.env.TEST_NATS_URL!, names.stream);
        const expected: Record<string, string[]> = {};
        for (const row of await outbox()) (expected[`${names.subjectPrefix}.${row.aggregate}.${row.aggregateId}`] ??= []).push(String(row.id));
        expect(idsPerSubject(published)).toEqual(expected);
      } finally {
        relay.kill('SIGTERM');
      }
      expect((await exited)[0]).toBe(0);
    });
  });
});
