/**
 * Window security policy as plain functions (no Electron import, so it is unit tested under
 * Node): the CSP, which URLs the window may navigate to, and which links may open in the
 * system browser.
 */

/** The origin the renderer is served from in a packaged / built app (see protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'switchyard';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Content-Security-Policy for the window. The renderer talks to main only over IPC, so no
 * network origin is allowed; the dev server (Vite HMR) needs inline scripts and a websocket.
 */
export function contentSecurityPolicy(opts: { devServerUrl?: string } = {}): string {
  const dev = opts.devServerUrl ? new URL(opts.devServerUrl) : undefined;
  const devWs = dev ? `ws://${dev.host}` : '';
  const directives: Record<string, string> = {
    'default-src': "'self'",
    'script-src': dev ? "'self' 'unsafe-inline'" : "'self'",
    'style-src': "'self' 'unsafe-inline'",
    'img-src': "'self' data: blob:",
    'font-src': "'self' data:",
    'connect-src': dev ? `'self' ${devWs}` : "'self'",
    'object-src': "'none'",
    'base-uri': "'none'",
    'form-action': "'none'",
    'frame-src': "'none'",
    'frame-ancestors': "'none'",
    'worker-src': "'self' blob:",
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');
}

function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    // Non-special schemes (app://) report origin "null": build it from protocol + host.
    return u.origin !== 'null' ? u.origin : `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

/** In-app navigation stays on the app's own origin (hash routes never leave the page). */
export function isAllowedNavigation(url: string, appOrigins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && appOrigins.includes(origin);
}

/** Only web links and mail go to the system browser; never file:, javascript:, custom schemes. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' || u.protocol === 'mailto:';
  } catch {
    return false;
  }
}

/** The path under the renderer dir an app:// request maps to, or null when it escapes it. */
export function appUrlToRelativePath(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let p: string;
  try {
    p = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  if (parts.some((s) => s === '..' || s.includes('\\') || s.includes('\0'))) return null;
  return parts.length === 0 ? 'index.html' : parts.join('/');
}
