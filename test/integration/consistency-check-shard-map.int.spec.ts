import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { checkConsistency } from '../../src/ops/consistency/consistency-check.js';
import { shardMapProjectors } from '../../src/projector/shard-map-projectors.js';
import { readProjectorSettings } from '../../src/projector/projector-settings.js';
import { ShardMap } from '../../src/sharding/shard-map.js';
import { befriend, registerUsers, sendMessage } from '../support/factories.js';
import { isOnB, projectUntilCaughtUp, SHARDS_ON_B, writeSplitShardMap } from '../support/projection.js';
import { describeWithServices } from '../support/real-services.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { shardViewDifferences } from '../support/view-consistency.js';

describeWithServices(['TEST_DATABASE_URL'], 'the consistency checker with shards split over two databases', () => {
  let databaseB: TestDatabase;
  let gateway: TestGateway;
  let folder: string;
  let shards: ShardMap;
  let remote: string;
  let local: string;
  let chat: string;

  const onB = (statement: string) => databaseB.database.prisma.$executeRawUnsafe(statement);
  const onPrimary = (statement: string) => gateway.database.prisma.$queryRawUnsafe<{ n: bigint }[]>(statement);

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'hermet-check-split-'));
    databaseB = await createTestDatabase();
    gateway = await startTestGateway({ config: { shardMapFile: await writeSplitShardMap(join(folder, 'split.json'), databaseB.url!) } });
    shards = gateway.app.get(ShardMap);
    const users = await registerUsers(gateway, 6);
    remote = users.find(isOnB)!;
    local = users.find((u) => !isOnB(u))!;
    chat = await befriend(gateway, remote, local);
    await sendMessage(gateway, local, chat, 'hello across databases');
    const [projector] = shardMapProjectors(shards, readProjectorSettings());
    await projectUntilCaughtUp(projector);
  }, 180_000);
  afterAll(async () => {
    await gateway?.close();
    await databaseB?.drop();
    await rm(folder, { recursive: true, force: true });
  });

  it('reads each shard\'s views where the map places it: 100 % once the projector has caught up', async () => {
    const report = await checkConsistency(shards);
    expect(report.differences).toEqual([]);
    expect(report.percentConsistent).toBe(100);
    // The remote user's rows were compared too (they are on b only, not on the primary).
    const forRemote = await checkConsistency(shards, { userId: BigInt(remote) });
    expect(forRemote.rowsChecked).toBeGreaterThan(1);
  });

  it('finds a corrupted row on the remote database, --repair fixes it there through the projector, and a second run reports 100 %', async () => {
    await onB(`UPDATE user_conversation_view SET unread_count = 42 WHERE user_id = ${remote} AND channel_id = ${chat}`);
    await onB(`DELETE FROM user_contact_view WHERE user_id = ${remote} AND friend_id = ${local}`);

    const found = await checkConsistency(shards);
    expect(found.differences.map((d) => [d.table, d.field, d.expected, d.actual])).toEqual([
      ['user_conversation_view', 'unread_count', '1', '42'],
      ['user_contact_view', '(row)', 'present', 'missing'],
    ]);

    const repaired = await checkConsistency(shards, { repair: true });
    expect(repaired.ownersRepaired).toBe(1);
    const after = await checkConsistency(shards);
    expect(after.percentConsistent).toBe(100);
    expect(await shardViewDifferences(gateway.database, databaseB.database, SHARDS_ON_B)).toMatchObject({
      conversationViewMissingOrWrong: [],
      conversationViewExtraOrWrong: [],
      contactViewMissingOrWrong: [],
      contactViewExtraOrWrong: [],
    });
    // Nothing was written into the primary's copy of the remote shard's tables.
    const shard = Number(remote) % 256;
    const [written] = await onPrimary(`SELECT (SELECT count(*) FROM user_conversation_view_${shard}) + (SELECT count(*) FROM user_contact_view_${shard}) AS n`);
    expect(written.n).toBe(0n);
  });
});
