import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../../database/database.js';
import { PRIMARY_DATABASE } from '../../database/database.tokens.js';
import { MessageSent } from '../../events/index.js';
import type { ViewWrite } from '../view-shards.js';
import type { DeferredFanOut, FanOutWindows } from './deferred-fan-out.js';
import { catchUpMemberRows } from './member-rows-catch-up.js';

/**
 * From how many members a group's messages reach the members' conversation rows after the
 * sending transaction has committed, through the fan-out worker (deferred-fan-out.worker.ts),
 * rather than inside it. Inside it, a 500-member group's fan-out held the channel's row lock for
 * 110-340 ms (N = 100,000, docs/fan-out.md), so a busy group took a few sends a second and every
 * sender waited for the ones before; a 40-member fan-out costs a few milliseconds and stays in the
 * dual write, where the sender's next read sees it.
 */
export const DEFERRED_FAN_OUT_MIN_MEMBERS = 100;

export function fansOutAfterCommit(event: MessageSent): boolean {
  return event.memberIds.length >= DEFERRED_FAN_OUT_MIN_MEMBERS;
}

/**
 * Records, in the sending transaction, that the members' rows still have to show this message:
 * it commits (or not) with the message, so a crash between the commit and the fan-out loses
 * nothing. Sends never touch the rows the worker locks, so they do not wait for it.
 */
export async function deferMessageFanOut({ tx }: ViewWrite, event: MessageSent): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO deferred_message_fan_out (channel_id, message_id, created_at)
    VALUES (${event.channelId}, ${event.messageId}, ${event.occurredAt})`;
}

/**
 * Catches a channel's current members' rows up to its last message: every send committed
 * meanwhile at once (member-rows-catch-up.ts).
 */
@Injectable()
export class LargeGroupMessageFanOut implements DeferredFanOut {
  readonly name = 'group_message';
  readonly pendingKeys = 'SELECT DISTINCT channel_id AS key FROM deferred_message_fan_out';

  constructor(@Inject(PRIMARY_DATABASE) private readonly database: Database) {}

  keyOf(event: object): bigint | undefined {
    return event instanceof MessageSent && fansOutAfterCommit(event) ? event.channelId : undefined;
  }

  async catchUp(channelId: bigint, windows: FanOutWindows): Promise<bigint | undefined> {
    const prisma = this.database.prisma;
    const [covered] = await prisma.$queryRaw<{ up_to: bigint | null; since: bigint | null }[]>`
      SELECT max(message_id) AS up_to, min(created_at) AS since FROM deferred_message_fan_out WHERE channel_id = ${channelId}`;
    if (!covered?.up_to) return undefined;
    const members = await prisma.channelMember.findMany({ where: { channelId, leftAt: 0n }, select: { userId: true } });
    await windows(members.map((m) => m.userId), (at, owners) => catchUpMemberRows(at, channelId, owners));
    await prisma.$executeRaw`
      DELETE FROM deferred_message_fan_out WHERE channel_id = ${channelId} AND message_id <= ${covered.up_to}`;
    return covered.since ?? undefined;
  }
}
