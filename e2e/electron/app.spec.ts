/**
 * The desktop shell: window, preload bridge, security defaults, hide-to-tray and the tray
 * menu. Needs the Electron binary and a build (npm run build); where the binary is missing
 * (its download is blocked on machines that only reach the npm registry) every spec skips
 * and says why.
 */
/// <reference lib="dom" />
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import type { SwitchyardApi } from '../../src/shared/ipc-contract';

// The preload's bridge as the page sees it (tsconfig.node has no renderer globals).
type WithApi = { api: SwitchyardApi };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function electronBinary(): { path?: string; reason?: string } {
  const require = createRequire(path.join(root, 'package.json'));
  try {
    // In Node, require('electron') returns the binary's path (and throws when the download failed).
    const p = require('electron') as unknown;
    if (typeof p === 'string' && fs.existsSync(p)) return { path: p };
    return { reason: `the electron package is installed but its binary is missing (${String(p)})` };
  } catch (e) {
    return { reason: `Electron is not installed (its binary download is blocked here): ${(e as Error).message.split('\n')[0]}` };
  }
}

const binary = electronBinary();
test.skip(!binary.path, `Electron specs skipped: ${binary.reason}`);

interface E2EHooks {
  trayTemplate(): Array<{ id?: string; label?: string; checked?: boolean; submenu?: Array<{ id?: string; checked?: boolean }> }>;
  proxyUrl(): string | undefined;
}

let app: ElectronApplication;
let page: Page;
let home: string;

test.beforeEach(async () => {
  expect(fs.existsSync(path.join(root, 'out/main/index.js')), 'run `npm run build` before the electron specs').toBe(true);
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'sy-electron-'));
  // Port 0: never collide with a Switchyard already running on 18080.
  fs.writeFileSync(path.join(home, 'switchyard.yaml'), 'server:\n  port: 0\nproviders: []\n');
  app = await electron.launch({
    executablePath: binary.path,
    args: [root, '--no-sandbox'],
    env: { ...process.env, SWITCHYARD_HOME: home, SWITCHYARD_E2E: '1', ELECTRON_RENDERER_URL: '' },
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

// Playwright requires the fixtures argument to be an object pattern, even when unused.
// eslint-disable-next-line no-empty-pattern
test.afterEach(async ({}, testInfo) => {
  if (page && !page.isClosed()) await page.screenshot({ path: testInfo.outputPath('window.png') }).catch(() => undefined);
  await app?.close().catch(() => undefined);
  fs.rmSync(home, { recursive: true, force: true });
});

const hooks = <T>(fn: (h: E2EHooks) => T): Promise<T> =>
  app.evaluate((_electron, body) => {
    const h = (globalThis as unknown as { __switchyardE2E: E2EHooks }).__switchyardE2E;
    return (new Function('h', `return (${body})(h)`) as (h: E2EHooks) => T)(h);
  }, fn.toString());

test('the window loads the app from app:// with the typed bridge and no Node', async () => {
  expect(page.url()).toMatch(/^app:\/\/switchyard\//);
  await expect(page).toHaveTitle(/Switchyard/);
  const status = await page.evaluate(() => (window as unknown as WithApi).api.invoke('app:status'));
  expect(status.host).toBe('electron');
  expect(status.proxyPort).toBeGreaterThan(0);
  const globals = await page.evaluate(() => ({
    require: typeof (globalThis as Record<string, unknown>).require,
    process: typeof (globalThis as Record<string, unknown>).process,
    ipc: typeof ((window as unknown as WithApi).api as unknown as Record<string, unknown>).ipcRenderer,
  }));
  expect(globals).toEqual({ require: 'undefined', process: 'undefined', ipc: 'undefined' });
  const err = await page.evaluate(() =>
    (window as unknown as WithApi).api.invoke('providers:remove', { id: 'nope' }).catch((e: unknown) => e),
  );
  expect(err).toMatchObject({ code: 'provider_not_found' });
});

test('secure defaults: no Node in the page, CSP header, no new windows, no navigation away', async () => {
  expect(await page.evaluate(() => typeof (globalThis as Record<string, unknown>).require)).toBe('undefined');
  const csp = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
  expect(csp).toContain("default-src 'self'");
  expect(await page.evaluate(() => window.open('about:blank') === null)).toBe(true);
  const before = page.url();
  await page.evaluate(() => {
    window.location.href = 'file:///etc/hostname';
  });
  await page.waitForTimeout(300);
  expect(page.url()).toBe(before);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
});

test('closing the window keeps the app and the proxy running in the tray', async () => {
  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
  await expect.poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isVisible())).toBe(false);
  const url = await hooks((h) => h.proxyUrl());
  const res = await fetch(`${url}/healthz`);
  expect(res.ok).toBe(true);
});

test('the tray menu shows status and follows the provider switch', async () => {
  const labels = (await hooks((h) => h.trayTemplate())).map((i) => i.label);
  expect(labels.some((l) => /^Proxy on 127\.0\.0\.1:\d+$/.test(l ?? ''))).toBe(true);
  expect(labels).toEqual(expect.arrayContaining(['Configure Claude Code…', 'Configure Codex…', 'Open Switchyard', 'Quit Switchyard']));

  await page.evaluate(async () => {
    await (window as unknown as WithApi).api.invoke('providers:upsert', {
      id: 'local',
      protocol: 'openai-chat',
      baseUrl: 'http://127.0.0.1:9/v1',
    });
    await (window as unknown as WithApi).api.invoke('routing:switch', { client: 'claude-code', providerId: 'local' });
  });
  await expect
    .poll(async () => {
      const items = await hooks((h) => h.trayTemplate());
      return items.find((i) => i.id === 'switch:claude-code')?.submenu?.find((s) => s.id === 'switch:claude-code:local')?.checked;
    })
    .toBe(true);
});
