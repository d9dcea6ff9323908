import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ProfileUpdated } from '../../src/events/index.js';
import { ChangedViewOwners } from '../../src/live/changed-view-owners.js';
import { ViewChangeBroker } from '../../src/live/view-change-broker.js';
import { DeferredFanOutWorker } from '../../src/projections/deferred-fan-out/deferred-fan-out.worker.js';
import { DEFERRED_PROFILE_FAN_OUT_MIN_ROWS } from '../../src/projections/deferred-fan-out/popular-profiles.js';
import { profileFacts } from '../../src/write/profile-facts.js';
import { befriend, createGroup, registerUser, registerUsers, sendMessage } from '../support/factories.js';
import { drainOnAnotherInstance, firstInEachWindow, withClocksHeld } from '../support/deferred-fan-outs.js';
import { diffSnapshots, snapshotTables } from '../support/table-snapshot.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { NO_DIFFERENCES, viewDifferences } from '../support/view-consistency.js';

const UPDATE_PROFILE = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id nickname } }`;
const SET_REMARK = `mutation($input: SetContactRemarkInput!) { setContactRemark(input: $input) { id remark } }`;

/**
 * A profile change of a user shown in DEFERRED_PROFILE_FAN_OUT_MIN_ROWS view rows or more commits
 * without those rows; the fan-out worker writes the user's current profile to them after the commit.
 */
describe('a popular user changing their name', () => {
  let gateway: TestGateway;
  let star: string;
  let fans: string[];
  let firsts: string[];
  const worker = () => gateway.app.get(DeferredFanOutWorker);
  const pendingFanOuts = async () => gateway.database.prisma.deferredProfileFanOut.count();
  /** What every fan's conversation list and contacts show of the star. */
  const shownNames = async () => {
    const rows = await gateway.database.prisma.$queryRaw<{ name: string }[]>`
      SELECT peer_nickname AS name FROM user_conversation_view WHERE peer_user_id = ${BigInt(star)}
      UNION ALL SELECT friend_nickname FROM user_contact_view WHERE friend_id = ${BigInt(star)}`;
    return new Set(rows.map((r) => r.name));
  };
  const rename = async (nickname: string) => {
    const response = await gateway.graphql(UPDATE_PROFILE, { input: { nickname } }, star);
    expect(response.errors).toBeUndefined();
  };

  beforeAll(async () => {
    gateway = await startTestGateway();
    star = await registerUser(gateway, 'Star');
    // A direct conversation and a contact row per fan.
    fans = await registerUsers(gateway, DEFERRED_PROFILE_FAN_OUT_MIN_ROWS / 2);
    for (const fan of fans) await befriend(gateway, fan, star);
    firsts = firstInEachWindow(fans);
  }, 120_000);
  afterAll(() => gateway.close());

  it('commits the new name and its deferred fan-out, no view row; then every fan\'s list and contacts show it', async () => {
    const before = await snapshotTables(gateway.database);
    const diff = await withClocksHeld(gateway, firsts, async () => {
      await rename('Superstar');
      return diffSnapshots(before, await snapshotTables(gateway.database));
    });
    expect(Object.keys(diff).sort()).toEqual(['deferred_profile_fan_out', 'outbox', 'user']);
    expect(diff.deferred_profile_fan_out.added).toEqual([expect.objectContaining({ user_id: Number(star), info_ver: 2 })]);

    await worker().drain();
    expect(await pendingFanOuts()).toBe(0);
    expect(await shownNames()).toEqual(new Set(['Superstar']));
    expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
  });

  it('names changed while the fan-out waits end as the last one, with a fan\'s own remark made meanwhile kept', async () => {
    await worker().drain();
    const fan = fans.find((f) => !firsts.includes(f))!;
    await withClocksHeld(gateway, firsts, async () => {
      await rename('Megastar');
      const remark = await gateway.graphql(SET_REMARK, { input: { friendId: star, remark: 'my idol' } }, fan);
      expect(remark.errors).toBeUndefined();
      await rename('Gigastar');
      expect(await pendingFanOuts()).toBeGreaterThan(0);
    });
    await worker().drain();

    expect(await pendingFanOuts()).toBe(0);
    expect(await shownNames()).toEqual(new Set(['Gigastar']));
    const [contact] = await gateway.database.prisma.$queryRaw<{ remark: string; name: string }[]>`
      SELECT remark, friend_nickname AS name FROM user_contact_view WHERE user_id = ${BigInt(fan)} AND friend_id = ${BigInt(star)}`;
    expect(contact).toEqual({ remark: 'my idol', name: 'Gigastar' });
    expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
  });

  it('announces the fans\' changed views when the fan-out writes them, not at the commit', async () => {
    await worker().drain();
    const announced = new Set<string>();
    gateway.app.get(ViewChangeBroker).listen((owners) => owners.forEach((o) => announced.add(String(o))));
    await withClocksHeld(gateway, firsts, async () => {
      await rename('Hyperstar');
      const user = await gateway.database.prisma.user.findUniqueOrThrow({ where: { id: BigInt(star) } });
      const owners = await gateway.app.get(ChangedViewOwners).of(new ProfileUpdated(profileFacts(user), 0n));
      expect(owners).toEqual([]);
    });
    await worker().drain();
    expect(fans.filter((f) => !announced.has(f))).toEqual([]);
  });

  it('a user with no friends who last spoke in a large group is shown in its members\' rows: their change is deferred too', async () => {
    const speaker = await registerUser(gateway, 'Speaker');
    const audience = await registerUsers(gateway, DEFERRED_PROFILE_FAN_OUT_MIN_ROWS - 1);
    const group = await createGroup(gateway, speaker, audience, 'Lecture hall');
    await sendMessage(gateway, speaker, group, 'Welcome, everyone');
    await worker().drain();

    await withClocksHeld(gateway, firstInEachWindow([speaker, ...audience]), async () => {
      const response = await gateway.graphql(UPDATE_PROFILE, { input: { nickname: 'Professor' } }, speaker);
      expect(response.errors).toBeUndefined();
      expect(await gateway.database.prisma.deferredProfileFanOut.count({ where: { userId: BigInt(speaker) } })).toBe(1);
    });
    await worker().drain();
    const versions = await gateway.database.prisma.$queryRaw<{ info_ver: bigint }[]>`
      SELECT DISTINCT last_message_sender_info_ver AS info_ver FROM user_conversation_view WHERE channel_id = ${BigInt(group)}`;
    expect(versions).toEqual([{ info_ver: 2n }]);
    expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
  });

  it('a fan-out whose instance stopped after the commit is found and applied by another instance', async () => {
    await worker().drain();
    await worker().onModuleDestroy();
    await rename('Ultrastar');
    expect(await pendingFanOuts()).toBe(1);

    await drainOnAnotherInstance(gateway);
    expect(await pendingFanOuts()).toBe(0);
    expect(await shownNames()).toEqual(new Set(['Ultrastar']));
    expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
  });
});
