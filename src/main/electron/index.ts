/**
 * Electron main: one instance, the same services and proxy as the headless host (startApp),
 * the typed IPC contract, a tray, and a window that hides to the tray on close.
 */
import { app, dialog, Notification } from 'electron';
import { startApp, type RunningApp } from '../headless/app';
import { toSwitchyardError } from '../../shared/errors';
import { appRoot, nativeBindingPath, preloadPath, rendererDir, resourcePath } from './app-paths';
import { forwardEvents, registerIpc } from './ipc';
import { APP_ORIGIN } from './policy';
import { applyDevCsp, denyPermissions, registerAppScheme, serveRenderer } from './protocol';
import { TrayController } from './tray';
import { environmentWithLoginShell } from './shell-env';
import { hardenWebContents, MainWindow } from './window';

// electron-vite sets this in dev only; an empty value means "not set".
const devServerUrl = (!app.isPackaged && process.env.ELECTRON_RENDERER_URL) || undefined;
const appOrigins = [APP_ORIGIN, ...(devServerUrl ? [new URL(devServerUrl).origin] : [])];
const startHidden = process.argv.includes('--hidden') || process.env.SWITCHYARD_START_HIDDEN === '1';

let running: RunningApp | null = null;
let tray: TrayController | null = null;
let mainWindow: MainWindow | null = null;
let shutdownDone = false;

function notify(title: string, body: string): void {
  if (Notification.isSupported()) new Notification({ title, body }).show();
  else dialog.showErrorBox(title, body);
}

async function boot(): Promise<void> {
  denyPermissions();
  if (devServerUrl) applyDevCsp(devServerUrl);
  else serveRenderer(rendererDir());

  try {
    // Launched from a terminal (dev) the environment is already complete.
    const env = app.isPackaged ? await environmentWithLoginShell() : process.env;
    running = await startApp({ host: 'electron', nativeBinding: nativeBindingPath(), uiDir: rendererDir(), env });
  } catch (e) {
    const err = toSwitchyardError(e);
    dialog.showErrorBox('Switchyard could not start', `${err.message}${err.hint ? `\n\n${err.hint}` : ''}`);
    shutdownDone = true;
    app.exit(1);
    return;
  }
  registerIpc(running.handlers, appOrigins);
  forwardEvents(running.ctx.events);

  const icon = process.platform === 'win32' ? resourcePath('icon.ico') : resourcePath('icon.png');
  const window = new MainWindow({
    startUrl: devServerUrl ?? `${APP_ORIGIN}/index.html`,
    appOrigins,
    preload: preloadPath(),
    icon: process.platform === 'darwin' ? undefined : icon,
  });
  mainWindow = window;
  tray = new TrayController({
    ctx: running.ctx,
    handlers: running.handlers,
    showWindow: (page) => window.show(page),
    quit: () => app.quit(),
    onError: (message) => notify('Switchyard', message),
  });
  tray.start();

  if (process.env.SWITCHYARD_E2E === '1') {
    // Read-only hooks for the Playwright electron specs (the tray cannot be clicked there).
    (globalThis as Record<string, unknown>).__switchyardE2E = {
      trayTemplate: () => tray?.template() ?? [],
      proxyUrl: () => running?.url,
      appRoot: appRoot(),
    };
  }

  // First run (no provider yet) always shows the window so onboarding can start.
  const firstRun = running.ctx.config.rawConfig().providers.length === 0;
  if (!startHidden || firstRun) window.show();
}

async function shutdown(): Promise<void> {
  tray?.destroy();
  tray = null;
  mainWindow?.allowClose();
  const r = running;
  running = null;
  await r?.close();
}

if (!app.requestSingleInstanceLock()) {
  // Another Switchyard owns the port and the tray: it shows its window (second-instance).
  app.quit();
} else {
  registerAppScheme();
  hardenWebContents(appOrigins);
  if (process.platform === 'win32') app.setAppUserModelId('dev.switchyard.app');

  app.on('second-instance', () => mainWindow?.show());
  app.on('activate', () => mainWindow?.show());
  // The tray keeps the app alive with no window open.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', (event) => {
    mainWindow?.allowClose();
    if (shutdownDone) return;
    event.preventDefault();
    void shutdown()
      .catch((e: unknown) => process.stderr.write(`Switchyard: shutdown error: ${toSwitchyardError(e).message}\n`))
      .finally(() => {
        shutdownDone = true;
        app.quit();
      });
  });

  app
    .whenReady()
    .then(boot)
    .catch((e: unknown) => {
      dialog.showErrorBox('Switchyard could not start', toSwitchyardError(e).message);
      shutdownDone = true;
      app.exit(1);
    });
}
