import { expect } from '@jest/globals';
import { operation } from './operations.js';
import type { GraphQLResponse, TestGateway } from './test-gateway.js';

/** The conversation fields a syncing client caches (the ConversationChanges operation's). */
export const CONVERSATION_FIELDS = `
  id kind title avatarUrl isPinned isMuted isHidden closedAt unreadCount
  lastMessage { id preview sentAt sender { id nickname } }
  version`;

export interface ConversationChange {
  version: string;
  inList: boolean;
  conversation: { id: string; version: string } & Record<string, unknown>;
}

/**
 * What a client keeps of its conversation list between syncs, and how it applies a change: a
 * change newer than the cached row replaces it (or, as a tombstone, removes it); an older one is
 * ignored, so live updates and a feed catch-up may overlap.
 */
export class ConversationCache {
  private readonly rows = new Map<string, ConversationChange>();
  highWaterMark = '0';

  apply(change: ConversationChange): void {
    const cached = this.rows.get(change.conversation.id);
    if (cached && BigInt(cached.version) >= BigInt(change.version)) return;
    this.rows.set(change.conversation.id, change);
  }

  /** The listed conversations, by id. */
  list(): Array<Record<string, unknown>> {
    return [...this.rows.values()]
      .filter((row) => row.inList)
      .map((row) => row.conversation)
      .sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
  }

  /** Reads the viewer's change feed from the high-water mark to its end. */
  async sync(gateway: TestGateway, viewer: string, first = 100): Promise<void> {
    let hasMore = true;
    while (hasMore) {
      const response = await gateway.graphql(operation('ConversationChanges'), { sinceVersion: this.highWaterMark, first }, viewer);
      expect(response.errors).toBeUndefined();
      const feed = response.data.conversationChanges;
      expect(feed.fullResyncRequired).toBe(false);
      for (const change of feed.changes) this.apply(change);
      this.highWaterMark = feed.highWaterMark;
      hasMore = feed.hasMore;
    }
  }
}

/** Every conversation a fresh `conversations` query lists, by id. */
export async function freshConversationList(gateway: TestGateway, viewer: string): Promise<Array<Record<string, unknown>>> {
  const rows: Array<Record<string, unknown> & { id: string }> = [];
  let after: string | null = null;
  do {
    const response: GraphQLResponse = await gateway.graphql(
      `query ($after: String) { conversations(first: 100, after: $after) {
         edges { node { ${CONVERSATION_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
      { after },
      viewer,
    );
    expect(response.errors).toBeUndefined();
    const page: { edges: Array<{ node: Record<string, unknown> & { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } =
      response.data.conversations;
    rows.push(...page.edges.map((edge) => edge.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return rows.sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
}
