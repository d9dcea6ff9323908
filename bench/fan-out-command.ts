import { parseArgs } from 'node:util';
import { projectPath } from '../src/config/project-paths.js';
import { benchDatabaseUrl } from './bench-database.js';
import { summarize } from './load/latency-summary.js';

/**
 * node dist/bench/fan-out-command.js --database hermet_bench_quick [--rounds 20] [--other path/to/other/dist]
 * The dual write's fan-out alone, without HTTP, GraphQL or the write side: the projection of one
 * message into the largest group and of one nickname change of the user shown in most views (their deferred
 * fan-outs, each in one transaction here),
 * each in a transaction that is rolled back (the data stays as seeded). With --other, the same
 * projections of another build (e.g. the previous commit's dist/) run interleaved with this
 * one's on the same connection pool size and data, so a noisy machine slows both alike.
 */
const { values } = parseArgs({
  options: {
    database: { type: 'string', default: 'hermet_bench_quick' },
    rounds: { type: 'string', default: '20' },
    other: { type: 'string' },
  },
});

interface Build {
  readonly name: string;
  readonly apply: (event: unknown) => Promise<number>;
  readonly events: { message: unknown; nickname: unknown };
  readonly close: () => Promise<void>;
}

class Rollback extends Error {}

async function openBuild(name: string, dist: string, databaseUrl: string): Promise<Build> {
  const { openDatabase } = await import(`${dist}/src/database/database.js`);
  const { ShardMap } = await import(`${dist}/src/sharding/shard-map.js`);
  const { ReadModelProjector } = await import(`${dist}/src/projections/read-model-projector.js`);
  const { MessageSent, ProfileUpdated } = await import(`${dist}/src/events/index.js`);
  const database = await openDatabase({
    databaseUrl, dataDir: '', databasePoolSize: 4, databaseConnectTimeoutMs: 10_000, transactionTimeoutMs: 60_000,
  });
  const projector = new ReadModelProjector(new ShardMap(database));
  const [group] = await database.prisma.$queryRaw<{ channel_id: bigint; members: bigint[] }[]>`
    SELECT channel_id, array_agg(user_id) AS members FROM channel_member WHERE left_at = 0
    GROUP BY channel_id ORDER BY count(*) DESC, channel_id LIMIT 1`;
  const [famous] = await database.prisma.$queryRaw<{ peer_user_id: bigint }[]>`
    SELECT peer_user_id FROM conversation_reverse_index GROUP BY peer_user_id ORDER BY count(*) DESC, peer_user_id LIMIT 1`;
  const [{ now }] = await database.prisma.$queryRaw<{ now: bigint }[]>`SELECT (extract(epoch FROM now()) * 1000)::bigint AS now`;
  const members = group.members.map(BigInt);
  const events = {
    message: new MessageSent(1n << 60n, group.channel_id, members[0], 'fan-out bench', 'fan-out bench', members, now),
    nickname: new ProfileUpdated(
      { id: famous.peer_user_id, username: 'famous', nickname: 'Famous', avatarUrl: '', infoVer: 1n << 40n, nicknameKey: 'famous', nicknameInitials: 'f' },
      now,
    ),
  };
  // Since the deferred fan-out (migration 016), a large group's message reaches the members' rows
  // through the catch-up after the commit: that is what is timed here, after the message's own
  // write-side rows. A build from before it projects the message inside apply().
  // Likewise a popular user's profile change (migration 017): its rows, all windows in one
  // transaction here.
  const catchUp = await import(`${dist}/src/projections/deferred-fan-out/member-rows-catch-up.js`).catch(() => undefined);
  const profileView = await import(`${dist}/src/projections/profile-view.projection.js`).catch(() => undefined);
  const popularProfiles = await import(`${dist}/src/projections/deferred-fan-out/popular-profiles.js`).catch(() => undefined);
  const project = async (tx: any, event: any) => {
    if (event instanceof ProfileUpdated && profileView) {
      const rows = await profileView.rowsShowingProfile(tx, event.user.id);
      const write = popularProfiles?.writePopularProfile ?? profileView.writeProfile;
      return write({ tx, shards: projector.shards }, event.user, rows);
    }
    if (!(event instanceof MessageSent) || !catchUp) return projector.apply(tx, event);
    await tx.$executeRaw`INSERT INTO message (id, channel_id, sender_id, body, created_at)
      VALUES (${event.messageId}, ${event.channelId}, ${event.senderId}, ${event.body}, ${event.occurredAt})`;
    await tx.$executeRaw`UPDATE channel SET last_message_id = ${event.messageId}, last_message_time = ${event.occurredAt},
      last_message_preview = ${event.preview}, last_message_sender_id = ${event.senderId} WHERE id = ${event.channelId}`;
    await catchUp.catchUpMemberRows({ tx, shards: projector.shards }, event.channelId, event.memberIds);
  };
  const apply = async (event: unknown) => {
    let elapsed = 0;
    await database.prisma
      .$transaction(async (tx: unknown) => {
        const started = performance.now();
        await project(tx, event);
        elapsed = performance.now() - started;
        throw new Rollback();
      }, { timeout: 60_000 })
      .catch((error: unknown) => { if (!(error instanceof Rollback)) throw error; });
    return elapsed;
  };
  return { name, apply, events, close: () => database.close() };
}

async function main(): Promise<void> {
  const databaseUrl = benchDatabaseUrl(values.database!);
  const builds = [await openBuild('this build', projectPath('dist'), databaseUrl)];
  if (values.other) builds.push(await openBuild(`other (${values.other})`, values.other, databaseUrl));
  const rounds = Number(values.rounds);
  for (const workload of ['message', 'nickname'] as const) {
    const times = new Map(builds.map((b) => [b.name, [] as number[]]));
    for (const build of builds) await build.apply(build.events[workload]); // warm every connection's caches a little
    for (let round = 0; round < rounds; round++) {
      for (const build of round % 2 ? [...builds].reverse() : builds) times.get(build.name)!.push(await build.apply(build.events[workload]));
    }
    for (const [name, ms] of times) {
      const { p50, p99, max } = summarize(ms);
      console.log(`${workload.padEnd(9)} ${name.padEnd(40)} p50 ${p50.toFixed(1)} ms  p99 ${p99.toFixed(1)} ms  max ${max.toFixed(1)} ms  (n=${ms.length})`);
    }
  }
  for (const build of builds) await build.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
