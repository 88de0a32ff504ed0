/**
 * The HTML export as a person sees it: opened from disk in Chromium (no network), the
 * conversation is visible, thinking is collapsed until clicked, and nothing is fetched.
 * Screenshots land in test-results/ for a look.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, chromiumLaunchOptions } from '../../e2e/fixtures/chromium';
import { anthropicSSE, emitExchange, makeStore, tmpDir } from './helpers';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe.skipIf(!fs.existsSync(CHROMIUM_PATH))('HTML export in Chromium', () => {
  it('shows the conversation, collapsed thinking, tool calls, and makes no requests', async () => {
    const dir = tmpDir();
    const store = makeStore(dir);
    const body = JSON.stringify({
      model: 'claude-sonnet-4-5',
      system: 'You are Claude Code.',
      stream: true,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Why does <Token> fail to compile in src/parser.ts?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Read the file before answering.', signature: 's' },
            { type: 'tool_use', id: 't1', name: 'Read', input: { file_path: '/repo/src/parser.ts' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'export type Token = { kind: "ident" };' }] },
      ],
    });
    emitExchange(store, {
      body,
      chunks: anthropicSSE('Annotate the array: const out: Token[] = [].'),
      session: { claudeCodeSessionId: 'browser' },
    });
    await store.flush();
    const { path: file } = await store.exportSession('browser', 'html', dir);
    await store.close();

    const browser = await chromium.launch(chromiumLaunchOptions);
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
      const requests: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
      });
      await page.goto(`file://${file}`);
      await expect(page.title()).resolves.toContain('Why does <Token> fail to compile');
      const main = page.locator('main');
      await expect(main.innerText()).resolves.toContain('Why does <Token> fail to compile in src/parser.ts?');
      await expect(main.innerText()).resolves.toContain('Annotate the array: const out: Token[] = [].');
      await expect(page.locator('.tool code').first().innerText()).resolves.toBe('Read');
      const thinking = page.locator('details.thinking').first();
      await expect(thinking.locator('.text').isVisible()).resolves.toBe(false);
      await thinking.locator('summary').click();
      await expect(thinking.locator('.text').isVisible()).resolves.toBe(true);
      await expect(page.locator('img.img').count()).resolves.toBe(1);
      expect(requests).toEqual([]);
      fs.mkdirSync('test-results', { recursive: true });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.screenshot({ path: path.join('test-results', `session-export-${scheme}.png`), fullPage: true });
      }
      // dark mode really changes the page
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(bg).not.toBe('rgb(251, 250, 248)');
    } finally {
      await browser.close();
    }
  }, 60_000);
});
