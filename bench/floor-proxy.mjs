/**
 * The benchmark's reference arms: about the least a Node proxy can do. A `node:http` server
 * forwards each POST to the upstream with an undici Pool (same pool settings as Switchyard's
 * lanes) and relays the answer chunk by chunk. No auth, routing, conversion or recording. It
 * runs as its own process, like the mock and Switchyard, so "floor − direct" shows what the
 * bare extra hop costs on this machine.
 *
 * Two modes:
 * - `parse` (default): reads the whole body and parses it once (JSON.parse), as any proxy that
 *   routes on the body's content must, then sends it.
 * - `pipe`: streams the body upstream as it arrives, never parsed or buffered: the least any
 *   Node hop can cost, the floor under every passthrough number.
 *
 * Usage: node bench/floor-proxy.mjs <upstream origin> [parse|pipe] → prints `FLOOR http://127.0.0.1:PORT`.
 * Any POST path is forwarded as is (/v1/messages, /v1/chat/completions).
 */
import http from 'node:http';
import { Pool } from 'undici';

const upstream = process.argv[2];
const mode = process.argv[3] ?? 'parse';
if (!upstream || (mode !== 'parse' && mode !== 'pipe')) throw new Error('usage: node bench/floor-proxy.mjs <upstream origin> [parse|pipe]');
const pool = new Pool(upstream, { connections: 256, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000 });
const FORWARDED = ['content-type', 'authorization', 'x-api-key', 'anthropic-version', 'anthropic-beta'];

async function relay(req, res, body) {
  const headers = {};
  for (const name of FORWARDED) {
    const v = req.headers[name];
    if (typeof v === 'string') headers[name] = v;
  }
  if (body) JSON.parse(body.toString('utf8'));
  else if (req.headers['content-length']) headers['content-length'] = req.headers['content-length'];
  const up = await pool.request({ method: 'POST', path: req.url ?? '/', headers, body: body ?? req });
  res.writeHead(up.statusCode, { 'content-type': String(up.headers['content-type'] ?? 'application/json') });
  for await (const chunk of up.body) res.write(chunk);
  res.end();
}

const fail = (res) => (e) => {
  if (res.headersSent) res.destroy();
  else res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(e) }));
};

const server = http.createServer((req, res) => {
  if (mode === 'pipe') {
    relay(req, res, undefined).catch(fail(res));
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    relay(req, res, Buffer.concat(chunks)).catch(fail(res));
  });
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`FLOOR http://127.0.0.1:${server.address().port}\n`));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => void pool.close().then(() => process.exit(0)));
});
