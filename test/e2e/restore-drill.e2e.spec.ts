import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projectPath } from '../../src/config/project-paths.js';
import { openDatabase } from '../../src/database/database.js';
import { befriend, createGroup, registerUsers, sendMessage } from '../support/factories.js';
import { onRealPostgres } from '../support/test-database.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const run = promisify(execFile);

(onRealPostgres ? describe : describe.skip)('the restore drill (ops/restore-drill.sh, see ops/BACKUP.md)', () => {
  const outDir = projectPath('.test-build', `drill-${process.pid}`);
  let gateway: TestGateway;

  beforeAll(async () => {
    await run('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: projectPath() });
    gateway = await startTestGateway();
    const users = await registerUsers(gateway, 6);
    const chat = await befriend(gateway, users[0], users[1]);
    const group = await createGroup(gateway, users[0], users.slice(1), 'Backed up');
    await sendMessage(gateway, users[1], chat, 'keep me');
    await sendMessage(gateway, users[2], group, 'and me');
    await gateway.app.close();
  }, 120_000);
  afterAll(async () => {
    await gateway.testDatabase.drop();
    await rm(outDir, { recursive: true, force: true });
  });

  it('dumps, drops and restores the database, which then checks 100 % consistent', async () => {
    const { stdout } = await run('bash', [projectPath('ops', 'restore-drill.sh'), gateway.testDatabase.url!], {
      env: { ...process.env, NODE_OPTIONS: '', HERMET_CLI: `node ${join(outDir, 'src/cli/hermet.js')}` },
    });
    expect(stdout).toMatch(/drill: row counts match/);
    expect(stdout).toMatch(/rows consistent: \d+ \(100\.000 %\)/);
    expect(stdout).toMatch(/drill: PASS/);

    const restored = await openDatabase({ ...gateway.testDatabase, databaseUrl: gateway.testDatabase.url, dataDir: '', databasePoolSize: 1, databaseConnectTimeoutMs: 5_000, transactionTimeoutMs: 10_000 });
    expect(await restored.prisma.message.count()).toBe(2);
    await restored.close();
  });
});
