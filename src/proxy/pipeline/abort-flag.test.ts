import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortFlag } from './abort-flag';

// The contract the proxy relies on: undici takes the flag as a request's signal.
describe('AbortFlag as an undici signal', () => {
  let server: http.Server;
  let pool: Pool;
  const closed: boolean[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      // Answers the head, then never ends the body.
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: ping\n\n');
      req.on('close', () => closed.push(true));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await pool.destroy();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('aborts a request in flight, and the server sees the connection go', async () => {
    const flag = new AbortFlag();
    const res = await pool.request({ method: 'GET', path: '/', signal: flag });
    const reading = res.body.text();
    flag.abort();
    await expect(reading).rejects.toThrow(/abort/i);
    await expect.poll(() => closed.length).toBeGreaterThan(0);
    expect(flag.aborted).toBe(true);
  });

  it('refuses to start a request when already aborted, and tells listeners once', async () => {
    const flag = new AbortFlag();
    let heard = 0;
    flag.on('abort', () => heard++);
    flag.abort();
    flag.abort();
    expect(heard).toBe(1);
    await expect(pool.request({ method: 'GET', path: '/', signal: flag })).rejects.toThrow(/abort/i);
  });
});
