/**
 * Runs the Electron main (src/main/electron/index.ts) against a stand-in for the `electron`
 * module, since the binary cannot run here. It proves the wiring, not Electron itself: boot
 * starts the real services and proxy, every contract channel answers with the envelope, events
 * reach the window, the window hides on close, navigation is locked down, the app:// protocol
 * serves the renderer with a CSP, and quitting closes the proxy.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../src/shared/ipc-contract';

type Handler = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const appEvents = new Map<string, Handler[]>();
  const ipc = new Map<string, Handler>();
  const windows: FakeWindow[] = [];
  const state = {
    protocolHandler: undefined as undefined | ((req: Request) => Promise<Response>),
    trayMenus: [] as unknown[],
    externals: [] as string[],
    errors: [] as string[],
    quitCalls: 0,
    exitCode: undefined as number | undefined,
    appPath: '',
  };
  class Emitter {
    listeners = new Map<string, Handler[]>();
    on(ev: string, fn: Handler) {
      this.listeners.set(ev, [...(this.listeners.get(ev) ?? []), fn]);
      return this;
    }
    once(ev: string, fn: Handler) {
      return this.on(ev, fn);
    }
    emit(ev: string, ...args: unknown[]) {
      for (const fn of this.listeners.get(ev) ?? []) fn(...args);
    }
  }
  class FakeWebContents extends Emitter {
    sent: Array<[string, unknown]> = [];
    openHandler?: Handler;
    send(ch: string, payload: unknown) {
      this.sent.push([ch, payload]);
    }
    isLoading() {
      return false;
    }
    isDestroyed() {
      return false;
    }
    executeJavaScript() {
      return Promise.resolve();
    }
    setWindowOpenHandler(fn: Handler) {
      this.openHandler = fn;
    }
  }
  class FakeWindow extends Emitter {
    webContents = new FakeWebContents();
    visible = false;
    url = '';
    constructor(public options: Record<string, unknown>) {
      super();
      windows.push(this);
      appEvents.get('web-contents-created')?.forEach((fn) => fn({}, this.webContents));
    }
    static getAllWindows() {
      return windows;
    }
    loadURL(url: string) {
      this.url = url;
      setTimeout(() => this.emit('ready-to-show'), 0);
      return Promise.resolve();
    }
    show() {
      this.visible = true;
    }
    hide() {
      this.visible = false;
    }
    focus() {}
    restore() {}
    isMinimized() {
      return false;
    }
    isVisible() {
      return this.visible;
    }
    isDestroyed() {
      return false;
    }
    close() {
      let prevented = false;
      this.emit('close', { preventDefault: () => (prevented = true) });
      return prevented;
    }
  }
  const app = {
    isPackaged: false,
    getAppPath: () => state.appPath,
    requestSingleInstanceLock: () => true,
    setAppUserModelId() {},
    on(ev: string, fn: Handler) {
      appEvents.set(ev, [...(appEvents.get(ev) ?? []), fn]);
    },
    whenReady: () => Promise.resolve(),
    quit() {
      state.quitCalls++;
      let prevented = false;
      appEvents.get('before-quit')?.forEach((fn) => fn({ preventDefault: () => (prevented = true) }));
      return prevented;
    },
    exit(code: number) {
      state.exitCode = code;
    },
  };
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: {
      handle: (ch: string, fn: Handler) => ipc.set(ch, fn),
      removeHandler: (ch: string) => ipc.delete(ch),
    },
    protocol: {
      registerSchemesAsPrivileged() {},
      handle: (_scheme: string, fn: (req: Request) => Promise<Response>) => (state.protocolHandler = fn),
    },
    net: {
      // Electron's net.fetch reads file:// URLs; Node's fetch cannot.
      fetch: async (url: string) => {
        const file = new URL(url);
        try {
          return new Response(fs.readFileSync(file), { status: 200, headers: { 'content-type': 'text/html' } });
        } catch {
          return new Response('missing', { status: 404 });
        }
      },
    },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived() {} },
        setPermissionRequestHandler() {},
        setPermissionCheckHandler() {},
      },
    },
    Tray: class {
      on() {}
      setContextMenu(menu: unknown) {
        state.trayMenus.push(menu);
      }
      setToolTip() {}
      setTitle() {}
      isDestroyed() {
        return false;
      }
      destroy() {}
    },
    Menu: { buildFromTemplate: (t: unknown) => t },
    nativeImage: { createFromPath: () => ({ setTemplateImage() {} }) },
    nativeTheme: { shouldUseDarkColors: false },
    shell: { openExternal: async (url: string) => void state.externals.push(url) },
    dialog: { showErrorBox: (title: string, body: string) => void state.errors.push(`${title}: ${body}`) },
    Notification: Object.assign(class {}, { isSupported: () => false }),
  };
  return { electron, state, ipc, windows, appEvents };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const root = path.resolve(__dirname, '../..');
let home: string;
const appSender = { senderFrame: { url: 'app://switchyard/index.html#/' } };

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'sy-shell-'));
  fs.writeFileSync(path.join(home, 'switchyard.yaml'), 'server:\n  port: 0\nproviders: []\n');
  vi.stubEnv('SWITCHYARD_HOME', home);
  vi.stubEnv('SWITCHYARD_E2E', '1');
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
  fake.state.appPath = root;
  await import('../../src/main/electron/index');
  await vi.waitFor(() => expect(fake.state.trayMenus.length).toBeGreaterThan(0), { timeout: 15_000 });
}, 30_000);

afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(home, { recursive: true, force: true });
});

const invoke = (ch: string, args?: unknown, sender: unknown = appSender) =>
  fake.ipc.get(ch)!(sender, args) as Promise<{ ok: boolean; result?: unknown; error?: { code: string } }>;

describe('Electron main (with a stand-in electron module)', () => {
  it('boots the real services: every contract channel is registered and answers with the envelope', async () => {
    expect(fake.state.errors).toEqual([]);
    expect([...fake.ipc.keys()].sort()).toEqual([...CHANNELS].sort());
    const status = await invoke('app:status');
    expect(status.ok).toBe(true);
    expect(status.result).toMatchObject({ host: 'electron', dataDir: home });
    const bad = await invoke('providers:remove', { id: 'ghost' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'provider_not_found' } });
  });

  it('refuses IPC from a page that is not the app', async () => {
    const r = await invoke('app:status', undefined, { senderFrame: { url: 'https://evil.example/' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden_origin' } });
  });

  it('opens one secure window on first run and hides it on close', async () => {
    expect(fake.windows).toHaveLength(1);
    const win = fake.windows[0]!;
    expect(win.url).toBe('app://switchyard/index.html');
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/out[\\/]preload[\\/]index\.cjs$/);
    await vi.waitFor(() => expect(win.isVisible()).toBe(true));
    expect(win.close()).toBe(true); // default prevented
    expect(win.isVisible()).toBe(false);
  });

  it('forwards service events to the window and rebuilds the tray on changes', async () => {
    const win = fake.windows[0]!;
    const menus = fake.state.trayMenus.length;
    await invoke('providers:upsert', { id: 'local', protocol: 'openai-chat', baseUrl: 'http://127.0.0.1:9/v1' });
    expect((await invoke('routing:switch', { client: 'codex', providerId: 'local' })).ok).toBe(true);
    await vi.waitFor(() => expect(win.webContents.sent.some(([ch]) => ch === 'config:changed')).toBe(true));
    await vi.waitFor(() => expect(fake.state.trayMenus.length).toBeGreaterThan(menus), { timeout: 3000 });
    const menu = fake.state.trayMenus.at(-1) as Array<{
      id?: string;
      submenu?: Array<{ id?: string; checked?: boolean; click?: () => void }>;
    }>;
    const codex = menu.find((i) => i.id === 'switch:codex')!;
    expect(codex.submenu!.find((i) => i.id === 'switch:codex:local')!.checked).toBe(true);
    // Clicking "Use model slots" in the tray switches back through the same handler.
    codex.submenu!.find((i) => i.id === 'switch:codex:slots')!.click!();
    await vi.waitFor(async () => expect((await invoke('slots:get')).result).toMatchObject({ active: { codex: null } }));
  });

  it('blocks navigation away and new windows; web links go to the system browser', () => {
    const wc = fake.windows[0]!.webContents;
    let prevented = false;
    wc.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://docs.example.com/x');
    expect(prevented).toBe(true);
    expect(fake.state.externals).toContain('https://docs.example.com/x');
    prevented = false;
    wc.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'app://switchyard/index.html#/live');
    expect(prevented).toBe(false);
    expect(wc.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(fake.state.externals).not.toContain('file:///etc/passwd');
  });

  it('serves the built renderer over app:// with a CSP header and nothing outside it', async () => {
    const handler = fake.state.protocolHandler!;
    const miss = await handler(new Request('app://switchyard/..%5C..%5Cpackage.json'));
    expect(miss.status).toBe(404);
    if (!fs.existsSync(path.join(root, 'out/renderer/index.html'))) return; // not built in this checkout
    const res = await handler(new Request('app://switchyard/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toContain('<div id="root">');
  });

  it('quitting closes the proxy before the app exits', async () => {
    const url = ((await invoke('app:status')).result as { proxyUrl: string }).proxyUrl;
    expect((await fetch(`${url}/healthz`)).ok).toBe(true);
    expect(fake.electron.app.quit()).toBe(true); // first quit is deferred until shutdown
    await vi.waitFor(() => expect(fake.state.quitCalls).toBe(2), { timeout: 10_000 });
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
