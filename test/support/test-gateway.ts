import type { INestApplication } from '@nestjs/common';
import { readClientEdgeConfig, type ClientEdgeConfig } from '../../src/config/client-edge-config.js';
import type { GatewayConfig } from '../../src/config/gateway-config.js';
import { DEFAULT_DATABASE_IDLE_TIMEOUT_MS } from '../../src/config/database-settings.js';
import { readLiveConfig } from '../../src/live/live-config.js';
import type { Database } from '../../src/database/database.js';
import { createGatewayApp } from '../../src/gateway-app.js';
import { ViewerTokens } from '../../src/identity/viewer-tokens.js';
import { openShardMap } from '../../src/sharding/open-shard-map.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface GraphQLResponse<T = any> {
  data?: T;
  extensions?: Record<string, unknown>;
  errors?: Array<{ message: string; extensions?: { code?: string; reason?: string }; path?: unknown[] }>;
}

/** The real gateway on a random loopback port, over its own fresh database. */
export interface TestGateway {
  readonly url: string;
  readonly app: INestApplication;
  readonly database: Database;
  readonly testDatabase: TestDatabase;
  tokenFor(userId: string | bigint): Promise<string>;
  /** POSTs a GraphQL request as a client would; `as` is the viewer's user id (omit: no token). */
  graphql<T = any>(query: string, variables?: Record<string, unknown>, as?: string | bigint): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export const TEST_JWT_SECRET = 'test-secret-for-hermet-gateway-tests';

/** Config overrides of a test; `clientEdge` is merged into the defaults of the chosen mode. */
export type TestConfigOverrides = Partial<Omit<GatewayConfig, 'clientEdge'>> & { clientEdge?: Partial<ClientEdgeConfig> };

export function testConfig(overrides: TestConfigOverrides = {}): GatewayConfig {
  const production = overrides.production ?? false;
  // Suites build their worlds with many quick mutations from one address; the rate-limit
  // spec asks for its own small limit.
  const clientEdge = { ...readClientEdgeConfig({}, production), mutationsPerMinute: 1_000_000, ...overrides.clientEdge };
  return {
    port: 0,
    production: false,
    databaseUrl: undefined,
    dataDir: '',
    jwtSecret: TEST_JWT_SECRET,
    databasePoolSize: 10,
    databaseIdleTimeoutMs: DEFAULT_DATABASE_IDLE_TIMEOUT_MS,
    databaseConnectTimeoutMs: 5_000,
    transactionTimeoutMs: 20_000,
    loadDemoData: false,
    // Quiet unless a failing test needs to be read: TEST_LOG_LEVEL=info npm test -- …
    logLevel: (process.env.TEST_LOG_LEVEL as GatewayConfig['logLevel'] | undefined) ?? 'silent',
    requestLogLevel: 'debug',
    slowRequestMs: 1_000,
    joinBaseline: false,
    live: readLiveConfig({}),
    shardMapFile: undefined,
    projectionWaitMs: 2_000,
    ...overrides,
    clientEdge,
  };
}

export async function startTestGateway(
  options: {
    config?: TestConfigOverrides;
    onQuery?: (sql: string) => void;
    /** Another instance over the same database (as a fleet shares one); its owner drops it. */
    sharing?: TestGateway;
  } = {},
): Promise<TestGateway> {
  const requested = testConfig(options.config);
  const testDatabase = options.sharing?.testDatabase ?? (await createTestDatabase({ ...requested, onQuery: options.onQuery }));
  const config = { ...requested, databaseUrl: testDatabase.url, dataDir: testDatabase.dataDir };
  const shards = await openShardMap(config.shardMapFile, config, testDatabase.database);
  const app = await createGatewayApp(config, testDatabase.database, shards);
  await app.listen(0, '127.0.0.1');
  const url = `${await app.getUrl()}/graphql`.replace('[::1]', '127.0.0.1');
  const tokens = app.get(ViewerTokens);
  const tokenFor = (userId: string | bigint) => tokens.issue(BigInt(userId));
  return {
    url,
    app,
    database: testDatabase.database,
    testDatabase,
    tokenFor,
    async graphql(query, variables, as) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (as !== undefined) headers.authorization = `Bearer ${await tokenFor(as)}`;
      const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      return (await response.json()) as GraphQLResponse;
    },
    async close() {
      await app.close();
      await shards.close();
      if (!options.sharing) await testDatabase.drop();
    },
  };
}
