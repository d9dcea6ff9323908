import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { projectPath } from '../../src/config/project-paths.js';
import { launchChromium } from '../support/chromium.js';
import { befriend, registerUsers, sendMessage } from '../support/factories.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const SCREENSHOT = projectPath('artifacts', 'playground-conversations.png');

describe('the Playground in a real browser (QA)', () => {
  let gateway: TestGateway;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let token: string;
  const offOrigin: string[] = [];

  beforeAll(async () => {
    gateway = await startTestGateway();
    const [alice, bob] = await registerUsers(gateway, 2);
    await sendMessage(gateway, bob, await befriend(gateway, alice, bob), 'Seen in the Playground');
    token = await gateway.tokenFor(alice);
    browser = await launchChromium();
    page = await browser.context.newPage();
    const origin = new URL(gateway.url).origin;
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) offOrigin.push(url);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await gateway.close();
  });

  it('loads every asset from the gateway itself, shows docs from introspection, runs `conversations` with the Authorization header QA sets, and shows the result', async () => {
    await page.goto(gateway.url);
    const queryEditor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await queryEditor.waitFor({ timeout: 30_000 });
    // The kept operations are preloaded.
    await expect(page.locator('.graphiql-query-editor').innerText()).resolves.toMatch(/query\s+Conversations/); // Monaco renders spaces as U+00A0

    await page.getByRole('button', { name: /headers/i }).first().click();
    const headersEditor = page.locator('.graphiql-editor-tool .monaco-editor').last();
    await headersEditor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${token}` }));

    await page.locator('.graphiql-execute-button').click();
    const choice = page.getByRole('menuitem', { name: 'Conversations' });
    if (await choice.isVisible().catch(() => false)) await choice.click();

    const response = page.locator('.graphiql-response');
    await expect(response.getByText('Seen in the Playground').first().waitFor({ timeout: 20_000 })).resolves.toBeUndefined();

    await page.getByRole('button', { name: /documentation/i }).first().click();
    await expect(page.locator('.graphiql-doc-explorer').getByText('Query').first().waitFor({ timeout: 10_000 })).resolves.toBeUndefined();

    await mkdir(projectPath('artifacts'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(offOrigin).toEqual([]);
  });
});
