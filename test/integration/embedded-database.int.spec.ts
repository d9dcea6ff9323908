import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { openDatabase } from '../../src/database/database.js';
import { migrateToLatest } from '../../src/database/migrations.js';

describe('the embedded database (npm start without DATABASE_URL)', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('keeps its data in DATA_DIR across restarts, and migrates only once', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hermet-embedded-'));
    dirs.push(dataDir);
    const settings = { databaseUrl: undefined, dataDir, databasePoolSize: 1, databaseConnectTimeoutMs: 5_000, transactionTimeoutMs: 10_000 };

    const first = await openDatabase(settings);
    expect(first.kind).toBe('embedded');
    expect((await migrateToLatest(first)).length).toBeGreaterThan(0);
    await first.prisma.user.create({ data: { username: 'kept', nickname: 'Kept', createdAt: 1n } });
    await first.close();

    const second = await openDatabase(settings);
    expect(await migrateToLatest(second)).toEqual([]);
    expect(await second.prisma.user.findUnique({ where: { username: 'kept' } })).toMatchObject({ nickname: 'Kept' });
    await second.close();
    // Every migration runs on WASM PostgreSQL from scratch, 256 partitions a view table: 51 s
    // alone on a 2-core AMD EPYC VM (2026-11-25), past jest's 60 s beside another test worker.
  }, 180_000);
});
