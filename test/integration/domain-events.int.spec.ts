import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventBus } from '@nestjs/cqrs';
import { MessageSent, ProfileUpdated, type HermetEvent } from '../../src/events/index.js';
import { ReadModelProjector } from '../../src/projections/read-model-projector.js';
import { befriend, registerUser, sendMessage } from '../support/factories.js';
import { diffSnapshots, snapshotTables } from '../support/table-snapshot.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

describe('domain events', () => {
  let gateway: TestGateway;
  let alice: string;
  let bob: string;
  let chat: string;
  const seen: Array<{ event: HermetEvent; committed: Promise<number> }> = [];

  beforeAll(async () => {
    gateway = await startTestGateway();
    alice = await registerUser(gateway, 'Alice');
    bob = await registerUser(gateway, 'Bob');
    chat = await befriend(gateway, alice, bob);
    gateway.app.get(EventBus).subscribe((published) => {
      const event = published as HermetEvent;
      // Looked up on another pooled connection at the instant of publishing: only committed rows show.
      const committed =
        event instanceof MessageSent
          ? gateway.database.prisma.message.count({ where: { id: event.messageId } })
          : Promise.resolve(-1);
      seen.push({ event, committed });
    });
  });
  afterAll(() => gateway.close());

  it('are published after the transaction commits, carrying what consumers need', async () => {
    const messageId = await sendMessage(gateway, alice, chat, 'after commit');
    const published = seen.find((s) => s.event instanceof MessageSent && s.event.messageId === BigInt(messageId));
    expect(published).toBeDefined();
    expect(await published!.committed).toBe(1);
    expect(published!.event).toMatchObject({
      channelId: BigInt(chat),
      senderId: BigInt(alice),
      body: 'after commit',
      preview: 'after commit',
      memberIds: expect.arrayContaining([BigInt(alice), BigInt(bob)]),
    });
  });

  it('are not published for a command that failed', async () => {
    const before = seen.length;
    const response = await gateway.graphql(
      'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
      { input: { conversationId: chat, body: '' } },
      alice,
    );
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(seen.length).toBe(before);
  });

  it('an older profile change never overwrites a newer one in the views (info_ver guard)', async () => {
    await gateway.graphql('mutation { updateProfile(input: { nickname: "Alice v2" }) { id } }', {}, alice);
    await gateway.graphql('mutation { updateProfile(input: { nickname: "Alice v3" }) { id } }', {}, alice);
    const stale = new ProfileUpdated(
      { id: BigInt(alice), username: 'alice', nickname: 'Alice v2', avatarUrl: '', infoVer: 2n, nicknameKey: 'alice v2', nicknameInitials: 'av' },
      0n,
    );
    const before = await snapshotTables(gateway.database);
    const projector = gateway.app.get(ReadModelProjector);
    await gateway.database.prisma.$transaction((tx) => projector.apply(tx, stale));
    const diff = diffSnapshots(before, await snapshotTables(gateway.database));
    expect(Object.keys(diff)).toEqual(['user_view_state']); // clocks may tick; rows keep "Alice v3"
    const asBob = await gateway.graphql('{ contacts { edges { node { nickname } } } conversations { edges { node { title } } } }', {}, bob);
    expect(asBob.data.contacts.edges[0].node.nickname).toBe('Alice v3');
    expect(asBob.data.conversations.edges[0].node.title).toBe('Alice v3');
  });
});
