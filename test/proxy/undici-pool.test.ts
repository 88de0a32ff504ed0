import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Pool } from '../../src/proxy/upstream/undici-pool';

const root = path.resolve(__dirname, '../..');

describe('undici-pool', () => {
  it("loads undici's Pool for the proxy without undici's index (fetch, WebSocket, cookies…)", () => {
    const proxy = pathToFileURL(path.join(root, 'src/proxy/index.ts')).href;
    const script = `
      import { createRequire } from 'node:module';
      await import(${JSON.stringify(proxy)});
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({
        pool: loaded.some((k) => /undici[\\\\/]lib[\\\\/]dispatcher[\\\\/]pool\\.js$/.test(k)),
        index: loaded.some((k) => /undici[\\\\/]index\\.js$/.test(k)),
      }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ pool: true, index: false });
  });

  it('has the request API of a full undici Pool', async () => {
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
