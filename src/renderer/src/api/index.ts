import { createHttpBridge, type RendererApi } from './http-bridge';

export type { RendererApi, ConnectionState } from './http-bridge';

/** The Electron preload's `window.api` when present, else the headless host's HTTP bridge. */
export function pickApi(win: Window = window): RendererApi {
  if (win.api) return win.api;
  const token = win.document.querySelector<HTMLMetaElement>('meta[name="switchyard-token"]')?.content ?? '';
  return createHttpBridge({ token });
}
