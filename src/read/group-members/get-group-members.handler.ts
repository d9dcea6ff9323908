import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Database } from '../../database/database.js';
import { Prisma } from '../../database/generated/prisma/client.js';
import { PRIMARY_DATABASE } from '../../database/database.tokens.js';
import { validPageSize } from '../page.js';
import { GetGroupMembersQuery } from './get-group-members.query.js';

@QueryHandler(GetGroupMembersQuery)
export class GetGroupMembersHandler implements IQueryHandler<GetGroupMembersQuery> {
  constructor(@Inject(PRIMARY_DATABASE) private readonly database: Database) {}

  /** One statement for all channels: a LATERAL top-N per channel, in joining order. */
  async execute({ channelIds, first }: GetGroupMembersQuery): Promise<bigint[][]> {
    const limit = validPageSize(first);
    const rows = await this.database.read<{ channel_id: bigint; user_id: bigint }>(Prisma.sql`
      SELECT m.channel_id, m.user_id
      FROM unnest(${[...channelIds]}::bigint[]) AS c(id)
      CROSS JOIN LATERAL (
        SELECT channel_id, user_id, joined_at FROM channel_member
        WHERE channel_id = c.id AND left_at = 0
        ORDER BY joined_at, user_id LIMIT ${limit}
      ) AS m
      ORDER BY m.channel_id, m.joined_at, m.user_id`);
    const byChannel = new Map<bigint, bigint[]>();
    for (const row of rows) byChannel.set(row.channel_id, [...(byChannel.get(row.channel_id) ?? []), row.user_id]);
    return channelIds.map((id) => byChannel.get(id) ?? []);
  }
}
