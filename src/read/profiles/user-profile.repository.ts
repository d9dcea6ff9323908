import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../../database/database.js';
import { PRIMARY_DATABASE } from '../../database/database.tokens.js';
import { Prisma } from '../../database/generated/prisma/client.js';
import type { UserProfile } from './user-profile.js';

/** Profiles are keyed by user id, not owned by a viewer: they live beside the write side. */
@Injectable()
export class UserProfileRepository {
  constructor(@Inject(PRIMARY_DATABASE) private readonly database: Database) {}

  /** One statement for any number of ids; the answer is in the order of `ids`. */
  async byIds(ids: readonly bigint[]): Promise<Array<UserProfile | null>> {
    const rows = await this.database.read<UserProfile>(Prisma.sql`
      SELECT id, username, nickname, avatar_url AS "avatarUrl" FROM "user" WHERE id = ANY(${[...new Set(ids)]}::bigint[])`);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }
}
