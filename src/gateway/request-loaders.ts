import type { QueryBus } from '@nestjs/cqrs';
import DataLoader from 'dataloader';
import { GetGroupMembersQuery } from '../read/group-members/get-group-members.query.js';
import { GetUserProfilesQuery } from '../read/profiles/get-user-profiles.query.js';
import type { UserProfile } from '../read/profiles/user-profile.js';

/**
 * The DataLoaders of one request: every per-item lookup a list resolves goes through these, so a
 * page costs a constant number of statements. Made fresh per request, never shared.
 */
export interface RequestLoaders {
  readonly profile: DataLoader<bigint, UserProfile | null>;
  /** Keyed by (page size, channel id): the first N current members of a group. */
  readonly groupMembers: DataLoader<string, bigint[]>;
}

export function createRequestLoaders(queryBus: QueryBus): RequestLoaders {
  return {
    profile: new DataLoader((ids) => queryBus.execute(new GetUserProfilesQuery(ids))),
    groupMembers: new DataLoader(async (keys) => {
      const parsed = keys.map((key) => key.split(':').map(BigInt) as [bigint, bigint]);
      const sizes = new Set(parsed.map(([first]) => first));
      const answers = new Map<string, bigint[]>();
      // Normally one page size per request, hence one statement.
      for (const size of sizes) {
        const channelIds = parsed.filter(([first]) => first === size).map(([, channel]) => channel);
        const members = await queryBus.execute(new GetGroupMembersQuery(channelIds, Number(size)));
        channelIds.forEach((channel, i) => answers.set(`${size}:${channel}`, members[i]));
      }
      return keys.map((key) => answers.get(key)!);
    }),
  };
}

export function groupMembersKey(first: number, channelId: bigint): string {
  return `${first}:${channelId}`;
}
