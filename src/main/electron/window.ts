/**
 * The one app window. Closing it hides it (the app lives on in the tray); it is created with
 * Electron's secure defaults and may only show the app's own pages.
 */
import { app, BrowserWindow, nativeTheme, shell, type WebContents } from 'electron';
import { isAllowedNavigation, isSafeExternalUrl } from './policy';

export interface WindowOptions {
  /** The renderer's start URL (app://switchyard/index.html or the dev server). */
  startUrl: string;
  /** Origins the window may navigate within. */
  appOrigins: string[];
  preload: string;
  icon?: string;
}

/** Lock down every webContents the app ever creates (windows, devtools excepted). */
export function hardenWebContents(appOrigins: readonly string[]): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    const guard = (event: { preventDefault(): void }, url: string): void => {
      if (isAllowedNavigation(url, appOrigins)) return;
      event.preventDefault();
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
    };
    contents.on('will-navigate', guard);
    contents.on('will-redirect', guard);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // New windows never open inside the app; web links go to the system browser.
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

export class MainWindow {
  private win: BrowserWindow | null = null;
  private quitting = false;
  private pendingPage: string | undefined;

  constructor(private readonly opts: WindowOptions) {}

  /** After this, closing the window really closes it (app quit in progress). */
  allowClose(): void {
    this.quitting = true;
  }

  get window(): BrowserWindow | null {
    return this.win && !this.win.isDestroyed() ? this.win : null;
  }

  /** Show (creating if needed) and optionally switch to a page such as "clients/claude-code". */
  show(page?: string): void {
    const win = this.window ?? this.create();
    if (page !== undefined) this.goTo(win, page);
    if (win.isMinimized()) win.restore();
    if (!win.isVisible() && !win.webContents.isLoading()) win.show();
    win.focus();
  }

  private goTo(win: BrowserWindow, page: string): void {
    if (win.webContents.isLoading()) {
      this.pendingPage = page;
      return;
    }
    // A same-document hash change: the renderer's router reacts, no reload.
    void win.webContents.executeJavaScript(`window.location.hash = ${JSON.stringify(`#/${page}`)}`, false).catch(() => undefined);
  }

  private create(): BrowserWindow {
    const win = new BrowserWindow({
      width: 1200,
      height: 800,
      minWidth: 880,
      minHeight: 560,
      show: false,
      title: 'Switchyard',
      icon: this.opts.icon,
      autoHideMenuBar: true,
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#16181d' : '#ffffff',
      webPreferences: {
        preload: this.opts.preload,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
      },
    });
    this.win = win;
    win.once('ready-to-show', () => {
      win.show();
      if (this.pendingPage !== undefined) {
        const page = this.pendingPage;
        this.pendingPage = undefined;
        this.goTo(win, page);
      }
    });
    win.on('close', (event) => {
      if (this.quitting) return;
      // Keep running in the tray; the proxy keeps serving.
      event.preventDefault();
      win.hide();
    });
    win.on('closed', () => {
      if (this.win === win) this.win = null;
    });
    void win.loadURL(this.opts.startUrl);
    return win;
  }
}
