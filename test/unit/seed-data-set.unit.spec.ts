import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { buildSocialGraph } from '../../src/ops/seed/social-graph.js';
import { writeSideTables } from '../../src/ops/seed/write-side-rows.js';

/** A digest of every row the seed COPYs into each table (the read side is computed from these by SQL). */
function copiedRows(users: number, seed: number): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const table of writeSideTables(buildSocialGraph(users, seed), seed)) {
    const hash = createHash('sha256');
    for (const line of table.rows()) hash.update(line);
    digests[table.table] = hash.digest('hex');
  }
  return digests;
}

describe('the seeded data set', () => {
  it('is the same, row for row, for the same seed', () => {
    expect(copiedRows(500, 7)).toEqual(copiedRows(500, 7));
  });

  it('differs for another seed', () => {
    const [a, b] = [copiedRows(500, 7), copiedRows(500, 8)];
    for (const table of ['channel_member', 'friendship', 'message']) expect(a[table]).not.toEqual(b[table]);
  });

  it('is skewed: hubs with thousands of contacts, most users with tens', () => {
    const graph = buildSocialGraph(20_000, 42);
    const contacts = new Map<number, number>();
    for (let i = 0; i < graph.pairLow.length; i++) {
      for (const user of [graph.pairLow[i], graph.pairHigh[i]]) contacts.set(user, (contacts.get(user) ?? 0) + 1);
    }
    const counts = [...contacts.values()].sort((x, y) => x - y);
    const mean = counts.reduce((sum, n) => sum + n, 0) / 20_000;
    expect(Math.max(...graph.hubs.map((hub) => contacts.get(hub) ?? 0))).toBeGreaterThanOrEqual(5_000);
    expect(counts[Math.floor(counts.length / 2)]).toBeLessThan(120);
    expect(mean).toBeGreaterThan(70);
    expect(mean).toBeLessThan(130);
  });

  it('has a user with 5,000+ conversations and a few more with 2,000+ (the badge totals of issue 6)', () => {
    const graph = buildSocialGraph(20_000, 42);
    const visible = new Map<number, number>();
    const count = (user: number) => visible.set(user, (visible.get(user) ?? 0) + 1);
    // A direct chat nobody wrote in is hidden; a group is always in its members' lists.
    for (let c = 0; c < graph.pairLow.length; c++) {
      if (graph.channelMessageCount[c] > 0) [graph.pairLow[c], graph.pairHigh[c]].forEach(count);
    }
    graph.groupMembers.forEach(count);
    const ranked = [...visible.entries()].sort((a, b) => b[1] - a[1]);
    expect(ranked[0][0]).toBe(graph.busiest);
    expect(ranked[0][1]).toBeGreaterThanOrEqual(5_000);
    expect(ranked[1][1]).toBeGreaterThanOrEqual(2_000);
    expect(ranked[100][1]).toBeLessThan(500);
  });
});
