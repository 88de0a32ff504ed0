/**
 * The tray icon and its menu. The menu is built as plain data by services/tray (tested under
 * Node) and rebuilt, debounced, whenever config, provider state or counters change.
 */
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { IpcHandlers } from '../../shared/ipc-contract';
import type { ServiceContext } from '../services/context';
import { buildTrayMenu, trayTooltip, type TrayAction, type TrayMenuItem } from '../services/tray/tray-menu';
import { trayModelFromContext } from '../services/tray/tray-model';
import { resourcePath } from './app-paths';

export interface TrayDeps {
  ctx: ServiceContext;
  handlers: IpcHandlers;
  showWindow(page?: string): void;
  quit(): void;
  onError(message: string): void;
}

const REBUILD_DEBOUNCE_MS = 300;
// "Requests today" and the day boundary change without an event: refresh now and then.
const REFRESH_EVERY_MS = 15_000;

function trayIcon(): NativeImage {
  if (process.platform === 'darwin') {
    // Black + alpha template image: macOS tints it for light/dark menu bars (@2x picked up).
    const img = nativeImage.createFromPath(resourcePath('trayTemplate.png'));
    img.setTemplateImage(true);
    return img;
  }
  if (process.platform === 'win32') return nativeImage.createFromPath(resourcePath('tray.ico'));
  return nativeImage.createFromPath(resourcePath('tray.png'));
}

export class TrayController {
  private tray: Tray | null = null;
  private timer: NodeJS.Timeout | undefined;
  private interval: NodeJS.Timeout | undefined;
  private unsubscribe: Array<() => void> = [];
  private lastTemplate: TrayMenuItem[] = [];

  constructor(private readonly deps: TrayDeps) {}

  start(): void {
    this.tray = new Tray(trayIcon());
    // Windows / most Linux panels: a click opens the window; the menu is on right click.
    this.tray.on('click', () => this.deps.showWindow());
    const { ctx } = this.deps;
    this.unsubscribe.push(
      ctx.events.onAny((name) => {
        if (name === 'status:changed' || name === 'config:changed' || name === 'providers:health') this.scheduleRebuild();
      }),
      ctx.config.onChange(() => this.scheduleRebuild()),
      ctx.runtime.onChange(() => this.scheduleRebuild()),
    );
    this.interval = setInterval(() => this.rebuild(), REFRESH_EVERY_MS);
    this.interval.unref();
    this.rebuild();
  }

  /** The last menu as data (for e2e inspection and debugging). */
  template(): TrayMenuItem[] {
    return this.lastTemplate;
  }

  destroy(): void {
    clearTimeout(this.timer);
    clearInterval(this.interval);
    for (const off of this.unsubscribe.splice(0)) off();
    this.tray?.destroy();
    this.tray = null;
  }

  scheduleRebuild(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.rebuild(), REBUILD_DEBOUNCE_MS);
  }

  private rebuild(): void {
    if (!this.tray || this.tray.isDestroyed()) return;
    const model = trayModelFromContext(this.deps.ctx);
    this.lastTemplate = buildTrayMenu(model);
    this.tray.setContextMenu(Menu.buildFromTemplate(this.lastTemplate.map((i) => this.toElectron(i))));
    this.tray.setToolTip(trayTooltip(model));
    if (process.platform === 'darwin') this.tray.setTitle(model.status.inFlight > 0 ? String(model.status.inFlight) : '');
  }

  private toElectron(item: TrayMenuItem): MenuItemConstructorOptions {
    const out: MenuItemConstructorOptions = {};
    if (item.id) out.id = item.id;
    if (item.label !== undefined) out.label = item.label;
    if (item.type) out.type = item.type;
    if (item.enabled !== undefined) out.enabled = item.enabled;
    if (item.checked !== undefined) out.checked = item.checked;
    if (item.toolTip) out.toolTip = item.toolTip;
    if (item.submenu) out.submenu = item.submenu.map((i) => this.toElectron(i));
    const action = item.action;
    if (action) out.click = () => void this.run(action);
    return out;
  }

  private async run(action: TrayAction): Promise<void> {
    const { handlers } = this.deps;
    try {
      switch (action.type) {
        case 'switch':
          await handlers['routing:switch']({ client: action.client, providerId: action.providerId });
          break;
        case 'setRecordingPaused':
          await handlers['settings:update']({ recording: { paused: action.paused } });
          break;
        case 'configure':
          this.deps.showWindow(`clients/${action.client}`);
          break;
        case 'open':
          this.deps.showWindow(action.page);
          break;
        case 'quit':
          this.deps.quit();
          return;
      }
    } catch (e) {
      const err = e as { message?: string; hint?: string };
      this.deps.onError(`${err.message ?? String(e)}${err.hint ? `\n${err.hint}` : ''}`);
    }
    // Radio items flip locally on click: rebuild so the menu shows what really happened.
    this.rebuild();
  }
}
