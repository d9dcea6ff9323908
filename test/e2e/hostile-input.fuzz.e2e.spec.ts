import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { befriend, createGroup, registerUsers, sendMessage } from '../support/factories.js';
import { hostileRequest, type HostileRequest } from '../support/fuzz/hostile-requests.js';
import { judge } from '../support/fuzz/response-oracle.js';
import { recordFigures } from '../support/reliability-figures.js';
import { snapshotTables, type TableSnapshot } from '../support/table-snapshot.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { NO_DIFFERENCES, viewDifferences } from '../support/view-consistency.js';

/** `npm test` runs a few hundred cases; `npm run test:reliability` thousands (FUZZ_RUNS). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);

describe('a gateway in production mode, sent random and malformed requests', () => {
  let gateway: TestGateway;
  const tokens: Record<HostileRequest['viewer'], string | undefined> = { alice: '', bob: '', anonymous: undefined, forged: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.forged' };
  const figures = { cases: 0, http5xx: 0, leaks: 0, malformed: 0, unexplainedWrites: 0, mutationsThatRan: 0 };

  beforeAll(async () => {
    gateway = await startTestGateway({ config: { production: true, clientEdge: { maxBodyBytes: 16_384 } } });
    const [alice, bob, carol] = await registerUsers(gateway, 3);
    const chat = await befriend(gateway, alice, bob);
    await sendMessage(gateway, bob, chat, 'fuzz target');
    await createGroup(gateway, alice, [bob, carol], 'Fuzzed');
    tokens.alice = `Bearer ${await gateway.tokenFor(alice)}`;
    tokens.bob = `Bearer ${await gateway.tokenFor(bob)}`;
  });
  afterAll(async () => {
    recordFigures('fuzzing', { seed: SEED, ...figures });
    await gateway.close();
  });

  async function send(request: HostileRequest): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = {};
    if (request.contentType) headers['content-type'] = request.contentType;
    if (tokens[request.viewer]) headers.authorization = tokens[request.viewer]!;
    // Apollo's CSRF prevention lets a GET through only with a header a browser form cannot set.
    if (request.method === 'GET') headers['apollo-require-preflight'] = 'true';
    const url = request.method === 'GET' ? `${gateway.url}?${request.query}` : gateway.url;
    const response = await fetch(url, { method: request.method, headers, body: request.body });
    return { status: response.status, text: await response.text() };
  }

  it('answers every request with a well-formed GraphQL result or coded error, never a 5xx or a leak, and writes only when a mutation ran', async () => {
    let tables: TableSnapshot = await snapshotTables(gateway.database);
    await fc.assert(
      fc.asyncProperty(hostileRequest, async (request) => {
        figures.cases += 1;
        const { status, text } = await send(request);
        const verdict = judge(status, text, /mutation/.test(`${request.body}${request.query}`));
        if (status >= 500) figures.http5xx += 1;
        if (verdict.violations.some((violation) => violation.startsWith('leak'))) figures.leaks += 1;
        if (verdict.violations.length) figures.malformed += 1;
        expect(verdict.violations).toEqual([]);

        const after = await snapshotTables(gateway.database);
        if (verdict.mutationRan) figures.mutationsThatRan += 1;
        else if (JSON.stringify(after) !== JSON.stringify(tables)) figures.unexplainedWrites += 1;
        if (!verdict.mutationRan) expect(after).toEqual(tables);
        tables = after;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: false },
    );
    // The process is still up and still right: it answers, and its views match the write side.
    expect(await gateway.graphql('{ viewer { id } }', {}, undefined)).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(await viewDifferences(gateway.database)).toEqual(NO_DIFFERENCES);
  }, 600_000);
});
