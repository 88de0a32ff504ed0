/**
 * Serves the built renderer (out/renderer) as the web UI of the headless host.
 *
 * The page needs the app token to call /api. It is injected into index.html as a meta tag:
 * only loopback Hosts get the page (DNS rebinding is refused), and another site cannot read
 * a cross-origin response, so the token reaches only the UI itself and local processes
 * (which can read <data-dir>/app-token anyway).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLoopbackHost } from '../../proxy/guards';

/** The package root: the nearest folder above this file with Switchyard's package.json. */
export function findPackageRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'switchyard') return dir;
      } catch {
        // keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export function defaultUiDir(): string {
  return path.join(findPackageRoot(), 'out', 'renderer');
}

const MISSING_UI = `<!doctype html><meta charset="utf-8"><title>Switchyard</title>
<body style="font:16px system-ui;margin:3rem;max-width:40rem">
<h1>Switchyard is running</h1>
<p>The proxy is serving, but the web UI has not been built in this checkout.</p>
<p>Run <code>npm run build</code>, then reload this page.</p></body>`;

/** Content types of what the renderer build emits (anything else is served as bytes). */
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

function notFound(reply: FastifyReply): FastifyReply {
  reply.callNotFound();
  return reply;
}

/**
 * One file of the built renderer, or the not-found handler (which falls back to the app shell
 * for client-side routes). Replaces @fastify/static: the UI is a handful of hashed files, and
 * the plugin with its dependencies (glob, send, mime and more) cost ~2 MB of RSS in every headless
 * process. Never serves index.html (that goes through sendIndex with the token), dotfiles, or
 * anything outside uiDir.
 */
async function sendUiFile(uiDir: string, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const url = req.raw.url ?? '/';
  const q = url.indexOf('?');
  let rel: string;
  try {
    rel = decodeURIComponent(q === -1 ? url : url.slice(0, q));
  } catch {
    return notFound(reply);
  }
  const segments = rel.split(/[\\/]/).filter(Boolean);
  if (rel.includes('\0') || segments.length === 0 || segments.some((s) => s.startsWith('.'))) return notFound(reply);
  if (segments.length === 1 && segments[0] === 'index.html') return notFound(reply);
  const file = path.join(uiDir, ...segments);
  if (!file.startsWith(uiDir + path.sep)) return notFound(reply);
  let stat: fs.Stats;
  try {
    stat = await fsp.stat(file);
  } catch {
    return notFound(reply);
  }
  if (!stat.isFile()) return notFound(reply);
  const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  reply
    .header('content-type', TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream')
    .header('etag', etag)
    .header('last-modified', stat.mtime.toUTCString())
    // Vite puts a content hash in every name under assets/; the rest may change with a rebuild.
    .header('cache-control', segments[0] === 'assets' ? 'public, max-age=31536000, immutable' : 'public, max-age=0');
  if (req.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.header('content-length', stat.size).send(fs.createReadStream(file));
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export async function registerWebUi(app: FastifyInstance, opts: { uiDir?: string; appToken: string }): Promise<void> {
  const uiDir = path.resolve(opts.uiDir ?? defaultUiDir());
  const indexPath = path.join(uiDir, 'index.html');
  const hasUi = fs.existsSync(indexPath);
  let indexHtml: string | undefined;

  const sendIndex = async (host: string | undefined) => {
    if (!isLoopbackHost(host ?? '')) return { status: 403, body: 'Forbidden: Host header is not a loopback name.', type: 'text/plain' };
    if (!hasUi) return { status: 200, body: MISSING_UI, type: 'text/html; charset=utf-8' };
    indexHtml ??= await fsp.readFile(indexPath, 'utf8');
    const meta = `<meta name="switchyard-token" content="${escapeAttr(opts.appToken)}">`;
    const body = indexHtml.includes('</head>') ? indexHtml.replace('</head>', `${meta}</head>`) : meta + indexHtml;
    return { status: 200, body, type: 'text/html; charset=utf-8' };
  };

  if (hasUi) app.get('/*', (req, reply) => sendUiFile(uiDir, req, reply));

  app.get('/', async (req, reply) => {
    const r = await sendIndex(req.headers.host);
    return reply.code(r.status).header('content-type', r.type).header('cache-control', 'no-store').send(r.body);
  });

  // Client-side routes (e.g. /sessions/abc) fall back to the app shell; API and proxy paths 404 as usual.
  app.setNotFoundHandler(async (req, reply) => {
    const url = req.url.split('?')[0] ?? '';
    if (req.method === 'GET' && !url.startsWith('/api/') && !url.startsWith('/v1/') && !path.extname(url)) {
      const r = await sendIndex(req.headers.host);
      return reply.code(r.status).header('content-type', r.type).header('cache-control', 'no-store').send(r.body);
    }
    return reply.code(404).send({
      ok: false,
      error: { code: 'not_found', status: 404, errorClass: 'not_found', message: `No route for ${req.method} ${url}` },
    });
  });
}
