import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../../database/database.js';
import { PRIMARY_DATABASE } from '../../database/database.tokens.js';
import { ProfileUpdated, type ProfileFacts } from '../../events/index.js';
import { profileFacts } from '../../write/profile-facts.js';
import { rowsShowingProfile, writeProfile, type ProfileRows } from '../profile-view.projection.js';
import type { ViewWrite } from '../view-shards.js';
import type { DeferredFanOut, FanOutWindows } from './deferred-fan-out.js';

/**
 * From how many view rows showing a user (conversation and contact rows) a change of their
 * profile reaches those rows after the commit, through the fan-out worker, rather than inside
 * the changing transaction. Inside it, a user shown in 10,000 rows held their user row and those
 * rows' clocks for about a second (N = 100,000, docs/fan-out.md), so the next change, and every
 * command of those owners, waited; a user with a few dozen friends costs a few milliseconds and
 * stays in the dual write. The same bound as a large group's (large-group-messages.ts).
 */
export const DEFERRED_PROFILE_FAN_OUT_MIN_ROWS = 100;

/**
 * The dual write of a profile change: written here, or left to the worker with a pending row that
 * commits (or not) with the change. The reverse indexes tell most popular users at once (their
 * first rows, by index only); finding every row a hub shows in (the last messages they sent
 * included) took ~85 ms at N = 100,000, so that is read only for the others, who may still show
 * in many rows as the last sender in large groups.
 */
export async function projectProfileUpdated(at: ViewWrite, event: ProfileUpdated): Promise<void> {
  if (!(await manyFriendsOrChats(at, event.user.id))) {
    const rows = await rowsShowingProfile(at.tx, event.user.id);
    if (rows.count < DEFERRED_PROFILE_FAN_OUT_MIN_ROWS) return writeProfile(at, event.user, rows);
  }
  await at.tx.$executeRaw`
    INSERT INTO deferred_profile_fan_out (user_id, info_ver, created_at)
    VALUES (${event.user.id}, ${event.user.infoVer}, ${event.occurredAt})`;
}

async function manyFriendsOrChats({ tx }: ViewWrite, userId: bigint): Promise<boolean> {
  const [{ rows }] = await tx.$queryRaw<{ rows: bigint }[]>`
    SELECT count(*) AS rows FROM (
      SELECT 1 FROM contact_reverse_index WHERE friend_user_id = ${userId}
      UNION ALL SELECT 1 FROM conversation_reverse_index WHERE peer_user_id = ${userId}
      LIMIT ${DEFERRED_PROFILE_FAN_OUT_MIN_ROWS}) AS first_rows`;
  return Number(rows) >= DEFERRED_PROFILE_FAN_OUT_MIN_ROWS;
}

/**
 * A catch-up window's write: canonical statements prepared on the connection (view-fan-out.ts),
 * since every window of a popular user touches all its 32 shards. Measured at N = 100,000
 * (docs/fan-out.md): a hub's ~10,000 rows in 581 ms instead of 665 (planning was ~120 of the
 * ~570 ms of statement time), for ~4 MB of plan memory per window on each connection that ran it.
 */
export function writePopularProfile(at: ViewWrite, profile: ProfileFacts, rows: ProfileRows): Promise<void> {
  return writeProfile(at, profile, rows, { prepared: true });
}

/**
 * Writes a user's current profile to every row that shows them. Current, not the pending
 * change's: the changes committed meanwhile cost one fan-out, and each row takes the profile only
 * where its version is older, so a row a later change (or a new friendship) already wrote is
 * left alone, and a repeat changes nothing. Rows that appear after the rows are read (a new
 * friend, a new message) are written with the profile as it is then, by their own command.
 */
@Injectable()
export class PopularProfileFanOut implements DeferredFanOut {
  readonly name = 'profile';
  readonly pendingKeys = 'SELECT DISTINCT user_id AS key FROM deferred_profile_fan_out';

  constructor(@Inject(PRIMARY_DATABASE) private readonly database: Database) {}

  keyOf(event: object): bigint | undefined {
    return event instanceof ProfileUpdated ? event.user.id : undefined;
  }

  async catchUp(userId: bigint, windows: FanOutWindows): Promise<bigint | undefined> {
    const prisma = this.database.prisma;
    const [pending] = await prisma.$queryRaw<{ since: bigint | null }[]>`
      SELECT min(created_at) AS since FROM deferred_profile_fan_out WHERE user_id = ${userId}`;
    if (pending?.since == null) return undefined;
    // Read after the pending rows: it has at least the newest pending change.
    const profile = profileFacts(await prisma.user.findUniqueOrThrow({ where: { id: userId } }));
    const rows = await rowsShowingProfile(prisma, userId);
    await windows(rows.owners(), (at, owners) => writePopularProfile(at, profile, rows.of(owners)));
    await prisma.$executeRaw`
      DELETE FROM deferred_profile_fan_out WHERE user_id = ${userId} AND info_ver <= ${profile.infoVer}`;
    return pending.since;
  }
}
