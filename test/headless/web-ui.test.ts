import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebUi } from '../../src/main/headless/web-ui';

let dir: string;
let uiDir: string;
let app: FastifyInstance;
const TOKEN = 'sy_app_test_token_0123456789';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sy-webui-'));
  uiDir = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(uiDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><html><head></head><body>shell</body></html>');
  fs.writeFileSync(path.join(uiDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(uiDir, 'assets', 'index-abc123.js'), 'console.log("ui");');
  fs.writeFileSync(path.join(uiDir, 'assets', 'index-abc123.css'), 'body{}');
  fs.writeFileSync(path.join(uiDir, '.env'), 'SECRET=1');
  fs.writeFileSync(path.join(dir, 'outside.txt'), 'OUTSIDE-CONTENT');
  app = Fastify();
  await registerWebUi(app, { uiDir, appToken: TOKEN });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers: { host: '127.0.0.1:18080', ...headers } });

describe('web UI static files', () => {
  it('serves hashed assets with their type and a long cache lifetime', async () => {
    const js = await get('/assets/index-abc123.js');
    expect(js.statusCode).toBe(200);
    expect(js.body).toBe('console.log("ui");');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    expect(Number(js.headers['content-length'])).toBe(js.body.length);
    const css = await get('/assets/index-abc123.css?v=1');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('serves other files without the immutable lifetime, and HEAD without a body', async () => {
    const svg = await get('/favicon.svg');
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.headers['cache-control']).toBe('public, max-age=0');
    const head = await app.inject({ method: 'HEAD', url: '/favicon.svg', headers: { host: '127.0.0.1' } });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
  });

  it('answers a matching If-None-Match with 304', async () => {
    const first = await get('/assets/index-abc123.js');
    const again = await get('/assets/index-abc123.js', { 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('never serves dotfiles, paths outside the UI folder, or the raw index.html', async () => {
    for (const url of ['/.env', '/assets/../.env', '/%2e%2e/outside.txt', '/..%2foutside.txt', '/assets/%2e%2e/%2e%2e/outside.txt']) {
      // Either a 404 or, for extension-less paths, the app shell: never the file.
      const res = await get(url);
      expect(res.body, url).not.toContain('SECRET');
      expect(res.body, url).not.toContain('OUTSIDE-CONTENT');
      if (res.statusCode !== 404) expect(res.body, url).toContain('switchyard-token');
    }
    for (const url of ['/index.html', '//index.html', '/assets/../index.html']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
    }
  });

  it('falls back to the app shell with the token for client-side routes, 404 for missing files', async () => {
    const route = await get('/sessions/abc');
    expect(route.statusCode).toBe(200);
    expect(route.body).toContain(`<meta name="switchyard-token" content="${TOKEN}">`);
    const missing = await get('/assets/missing-000.js');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
