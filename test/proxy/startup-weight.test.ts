import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildProxy } from '../../src/proxy/build-proxy';
import { createProxyRuntime } from '../../src/proxy/runtime';
import { Pool } from '../../src/proxy/upstream/undici-pool';
import { configYaml, resolve } from './harness';

const root = path.resolve(__dirname, '../..');
const url = (file: string): string => pathToFileURL(path.join(root, file)).href;

describe('start-up weight', () => {
  it("builds the proxy with undici's Pool but not undici's index (fetch, WebSocket, cookies…), and fastify without ajv", () => {
    const script = `
      import { createRequire } from 'node:module';
      const { buildProxy } = await import(${JSON.stringify(url('src/proxy/build-proxy.ts'))});
      const { createProxyRuntime } = await import(${JSON.stringify(url('src/proxy/runtime.ts'))});
      const { configYaml, resolve } = await import(${JSON.stringify(url('test/proxy/harness.ts'))});
      const cfg = resolve(configYaml('http://127.0.0.1:9'));
      const app = buildProxy({ current: () => cfg }, { runtime: createProxyRuntime(), appToken: 't' });
      await app.ready();
      const loaded = Object.keys(createRequire(import.meta.url).cache).map((k) => k.split(/[\\\\/]/).join('/'));
      console.log(JSON.stringify({
        pool: loaded.some((k) => k.endsWith('undici/lib/dispatcher/pool.js')),
        index: loaded.some((k) => k.endsWith('node_modules/undici/index.js')),
        ajv: loaded.some((k) => k.includes('node_modules/ajv/')),
      }));
      await app.close();`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ pool: true, index: false, ajv: false });
  });

  it('refuses a route with a fastify schema at registration, saying why', async () => {
    const cfg = resolve(configYaml('http://127.0.0.1:9'));
    const app = buildProxy({ current: () => cfg }, { runtime: createProxyRuntime(), appToken: 't' });
    app.post('/with-schema', { schema: { body: { type: 'object' } } }, async () => 'never');
    await expect(app.ready()).rejects.toThrow(/POST \/with-schema: fastify schemas are not compiled/);
  });

  it('gives the proxy a Pool with the request API of a full undici Pool', async () => {
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => res.writeHead(201, { 'content-type': 'text/plain' }).end(`${req.method} ${req.url} ${body}`));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 2 });
    try {
      const res = await pool.request({ method: 'POST', path: '/x?y=1', body: 'hello' });
      expect(res.statusCode).toBe(201);
      expect(await res.body.text()).toBe('POST /x?y=1 hello');
    } finally {
      await pool.close();
      server.close();
    }
  });
});
