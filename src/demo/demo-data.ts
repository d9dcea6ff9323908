import { CommandBus } from '@nestjs/cqrs';
import type { Database } from '../database/database.js';
import { AcceptFriendRequestCommand } from '../write/accept-friend-request/accept-friend-request.command.js';
import { CreateGroupCommand } from '../write/create-group/create-group.command.js';
import { RegisterUserCommand } from '../write/register-user/register-user.command.js';
import { SendFriendRequestCommand } from '../write/send-friend-request/send-friend-request.command.js';
import { SendMessageCommand } from '../write/send-message/send-message.command.js';

const USERS = [
  ['alice', 'Alice Liddell'],
  ['bob', 'Bob Builder'],
  ['carol', 'Carol Danvers'],
  ['dave', 'Dave Lister'],
  ['erin', 'Erin Brockovich'],
] as const;

/**
 * A small world for trying the gateway: users 1–5; user 1 (alice) is friends with 2, 3 and 4,
 * owns the group "Weekend hike" with 2, 3 and 4, and has messages in each. Written through the
 * command bus, so the views are exactly what the commands produce.
 */
export async function loadDemoDataIfEmpty(database: Database, commandBus: CommandBus): Promise<boolean> {
  if ((await database.prisma.user.count()) > 0) return false;
  const ids: bigint[] = [];
  for (const [username, nickname] of USERS) {
    ids.push((await commandBus.execute(new RegisterUserCommand(username, nickname))).id);
  }
  const [alice, bob, carol, dave, erin] = ids;
  const channels = new Map<bigint, bigint>();
  for (const [from, to] of [[alice, bob], [carol, alice], [alice, dave], [bob, carol]]) {
    const request = await commandBus.execute(new SendFriendRequestCommand(from, to, 'Hi, it is me!'));
    const { channelId } = await commandBus.execute(new AcceptFriendRequestCommand(to, request.id));
    if (from === alice || to === alice) channels.set(from === alice ? to : from, channelId);
  }
  await commandBus.execute(new SendFriendRequestCommand(erin, alice, 'We met at the conference'));
  const { channelId: hike } = await commandBus.execute(new CreateGroupCommand(alice, 'Weekend hike', [bob, carol, dave]));
  const say = (from: bigint, channel: bigint, body: string) => commandBus.execute(new SendMessageCommand(from, channel, body));
  await say(bob, channels.get(bob)!, 'Are we still on for Saturday?');
  await say(alice, channels.get(bob)!, 'Yes! 8am at the trailhead.');
  await say(carol, channels.get(carol)!, 'Did you see the new release notes?');
  await say(dave, hike, 'I will bring the map and snacks 🥨');
  await say(alice, hike, 'Great, see you all there. Weather looks fine.');
  return true;
}
