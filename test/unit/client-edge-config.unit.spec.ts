import { describe, expect, it } from '@jest/globals';
import { ConfigurationError, readGatewayConfig } from '../../src/config/gateway-config.js';

const server = { DATABASE_URL: 'postgresql://db/hermet', JWT_SECRET: 'secret' };

describe('the hardened mode is the default', () => {
  it('a server without NODE_ENV runs hardened: no Playground, no introspection', () => {
    const config = readGatewayConfig(server);
    expect(config.production).toBe(true);
    expect(config.clientEdge).toMatchObject({ playground: false, introspection: false });
  });

  it('any NODE_ENV but development is hardened too', () => {
    expect(readGatewayConfig({ ...server, NODE_ENV: 'staging' }).production).toBe(true);
    expect(readGatewayConfig({ ...server, NODE_ENV: 'test' }).production).toBe(true);
  });

  it('development is asked for: NODE_ENV=development, or the embedded database (npm start)', () => {
    expect(readGatewayConfig({ ...server, NODE_ENV: 'development' }).clientEdge).toMatchObject({ playground: true, introspection: true });
    expect(readGatewayConfig({}).production).toBe(false);
    expect(readGatewayConfig({ NODE_ENV: 'production', JWT_SECRET: 'secret' }).production).toBe(true);
  });

  it('production may enable the Playground explicitly, which brings introspection for its docs', () => {
    const config = readGatewayConfig({ ...server, NODE_ENV: 'production', PLAYGROUND: 'true' });
    expect(config.clientEdge).toMatchObject({ playground: true, introspection: true });
  });

  it('reads persisted-query mode, Redis, CORS and limits from the environment', () => {
    const config = readGatewayConfig({
      ...server,
      PERSISTED_QUERIES: 'safelist',
      REDIS_URL: 'redis://127.0.0.1:6379',
      CORS_ORIGINS: 'https://web.example, https://qa.example',
      MAX_BODY_BYTES: '2048',
      MAX_BATCH_OPERATIONS: '3',
      MUTATIONS_PER_MINUTE: '30',
    });
    expect(config.clientEdge).toMatchObject({
      persistedQueries: 'safelist',
      redisUrl: 'redis://127.0.0.1:6379',
      corsOrigins: ['https://web.example', 'https://qa.example'],
      maxBodyBytes: 2048,
      maxBatchOperations: 3,
      mutationsPerMinute: 30,
    });
  });

  it('refuses to start on a value it does not understand', () => {
    expect(() => readGatewayConfig({ ...server, PERSISTED_QUERIES: 'sometimes' })).toThrow(ConfigurationError);
    expect(() => readGatewayConfig({ ...server, PLAYGROUND: 'yes' })).toThrow(ConfigurationError);
    expect(() => readGatewayConfig({ ...server, MAX_BODY_BYTES: '-1' })).toThrow(ConfigurationError);
    expect(() => readGatewayConfig({ ...server, DATABASE_IDLE_TIMEOUT_MS: 'soon' })).toThrow(ConfigurationError);
  });

  it('keeps idle database connections ten minutes unless told otherwise', () => {
    expect(readGatewayConfig(server).databaseIdleTimeoutMs).toBe(600_000);
    expect(readGatewayConfig({ ...server, DATABASE_IDLE_TIMEOUT_MS: '30000' }).databaseIdleTimeoutMs).toBe(30_000);
  });
});
