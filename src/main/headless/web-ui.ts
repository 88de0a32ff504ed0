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
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
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

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export async function registerWebUi(app: FastifyInstance, opts: { uiDir?: string; appToken: string }): Promise<void> {
  const uiDir = opts.uiDir ?? defaultUiDir();
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

  if (hasUi) {
    await app.register(fastifyStatic, {
      root: uiDir,
      serve: true,
      index: false,
      // A wildcard route, not one route per file: no directory glob at start-up.
      wildcard: true,
      // index.html is served below with the token injected, never as a static file.
      allowedPath: (pathName) => pathName !== '/index.html',
    });
  }

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
