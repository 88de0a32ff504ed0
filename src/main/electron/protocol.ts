/**
 * Serves the built renderer from app://switchyard/ instead of file://, so the window has a
 * real origin, every response carries the CSP header, and nothing outside out/renderer can be
 * read. In dev (electron-vite sets ELECTRON_RENDERER_URL) the CSP is added to the dev server's
 * responses instead.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol, session } from 'electron';
import { APP_SCHEME, appUrlToRelativePath, contentSecurityPolicy } from './policy';

/** Must run before app "ready". */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  const root = path.resolve(rendererDir);
  const csp = contentSecurityPolicy();
  protocol.handle(APP_SCHEME, async (request) => {
    const rel = appUrlToRelativePath(request.url);
    const file = rel === null ? null : path.resolve(root, rel);
    if (file === null || !file.startsWith(root + path.sep)) return new Response('Not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', csp);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}

/** Dev server responses get the (dev) CSP as a header. */
export function applyDevCsp(devServerUrl: string): void {
  const csp = contentSecurityPolicy({ devServerUrl });
  const origin = new URL(devServerUrl).origin;
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    if (!details.url.startsWith(origin)) return callback({});
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}

/** The renderer needs no camera, notifications, geolocation…: deny every permission request. */
export function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'clipboard-sanitized-write'));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => permission === 'clipboard-sanitized-write');
}
