import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '../../database/database.js';
import { PRIMARY_DATABASE } from '../../database/database.tokens.js';
import type { UserProfile } from './user-profile.js';

/** Profiles are keyed by user id, not owned by a viewer: they live beside the write side. */
@Injectable()
export class UserProfileRepository {
  constructor(@Inject(PRIMARY_DATABASE) private readonly database: Database) {}

  /** One statement for any number of ids; the answer is in the order of `ids`. */
  async byIds(ids: readonly bigint[]): Promise<Array<UserProfile | null>> {
    const rows = await this.database.prisma.user.findMany({
      where: { id: { in: [...new Set(ids)] } },
      select: { id: true, username: true, nickname: true, avatarUrl: true },
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }
}
