import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readLiveConfig } from '../../src/live/live-config.js';
import { NatsServerProcess, freePort } from '../support/nats-server-process.js';
import { describeWithServices } from '../support/real-services.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/** GET /health/<which>: its status and body. */
async function health(gateway: TestGateway, which: 'live' | 'ready') {
  const response = await fetch(gateway.url.replace(/\/graphql$/, `/health/${which}`));
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Asks readiness until it answers `status` (a reconnecting client needs a moment; no time target). */
async function readyOnceItIs(gateway: TestGateway, status: number) {
  for (;;) {
    const answer = await health(gateway, 'ready');
    if (answer.status === status) return answer;
    await sleep(100);
  }
}

// It starts and stops its own nats-server (NATS_SERVER_BIN), as the outbox relay's suite does.
describeWithServices(['TEST_NATS_URL'], 'an operator’s readiness probe watches the broker of live updates', () => {
  let storeDir: string;
  let nats: NatsServerProcess;
  let gateway: TestGateway;

  beforeAll(async () => {
    storeDir = await mkdtemp(join(tmpdir(), 'hermet-nats-'));
    nats = new NatsServerProcess(await freePort(), storeDir);
    await nats.start();
    gateway = await startTestGateway({ config: { live: { ...readLiveConfig({}), natsUrl: nats.url } } });
  });
  afterAll(async () => {
    await gateway?.close();
    await nats?.stop();
    await rm(storeDir, { recursive: true, force: true });
  });

  it('names the broker among the ready checks while NATS answers', async () => {
    const ready = await health(gateway, 'ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({ 'database:primary': { status: 'up' }, 'broker:nats': { status: 'up' } });
  });

  it('is not ready while NATS is away (the process stays live), and ready again once it is back', async () => {
    await nats.stop();
    const away = await readyOnceItIs(gateway, 503);
    expect(away.body.error).toMatchObject({ 'broker:nats': { status: 'down' } });
    expect(away.body.info).toMatchObject({ 'database:primary': { status: 'up' } });
    expect((await health(gateway, 'live')).status).toBe(200);

    await nats.start();
    const back = await readyOnceItIs(gateway, 200);
    expect(back.body.info).toMatchObject({ 'broker:nats': { status: 'up' } });
  });
});

describe('a gateway without a broker', () => {
  it('checks only its databases', async () => {
    const gateway = await startTestGateway();
    try {
      const ready = await health(gateway, 'ready');
      expect(ready.status).toBe(200);
      expect(Object.keys(ready.body.info)).toEqual(['database:primary']);
    } finally {
      await gateway.close();
    }
  });
});
