import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless, type HeadlessHost } from '../../src/main/headless/host';
import type { AppStatus } from '../../src/shared/domain';

let dataDir: string;
let host: HeadlessHost;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sy-host-'));
  host = await startHeadless({ dataDir, port: 0, quiet: true });
});

afterAll(async () => {
  await host?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function api(channel: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${host.url}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.ctx.appToken}`, ...headers },
    body: JSON.stringify(body),
  });
}

describe('first run', () => {
  it('creates the data dir, a commented default config and a 0600 app token', () => {
    const cfg = fs.readFileSync(path.join(dataDir, 'switchyard.yaml'), 'utf8');
    expect(cfg).toMatch(/^# Switchyard config/m);
    expect(cfg).toMatch(/ENV:ANTHROPIC_API_KEY/);
    const tokenFile = path.join(dataDir, 'app-token');
    expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(tokenFile, 'utf8').trim()).toBe(host.ctx.appToken);
  });

  it('keeps the same token across restarts', async () => {
    const again = await startHeadless({ dataDir, port: 0, quiet: true });
    try {
      expect(again.ctx.appToken).toBe(host.ctx.appToken);
    } finally {
      await again.close();
    }
  });
});

describe('HTTP bridge for the IPC contract', () => {
  it('answers app:status with the running host facts', async () => {
    const res = await api('app:status', null);
    expect(res.status).toBe(200);
    const env = (await res.json()) as { ok: true; result: AppStatus };
    expect(env.ok).toBe(true);
    expect(env.result.host).toBe('headless');
    expect(env.result.proxyPort).toBe(host.port);
    expect(env.result.proxyUrl).toBe(host.url);
    expect(env.result.dataDir).toBe(dataDir);
    expect(env.result.configPath).toBe(path.join(dataDir, 'switchyard.yaml'));
    expect(env.result.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('refuses calls without the app token', async () => {
    const res = await fetch(`${host.url}/api/app:status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'null',
    });
    expect(res.status).toBe(401);
    const env = (await res.json()) as { ok: false; error: { code: string; hint?: string } };
    expect(env.ok).toBe(false);
    expect(env.error.code).toBe('auth_missing_token');
    expect(env.error.hint).toMatch(/app-token/);
  });

  it('refuses a wrong token, a foreign origin and a non-loopback Host', async () => {
    expect((await api('app:status', null, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await api('app:status', null, { origin: 'https://evil.example' })).status).toBe(403);
    // fetch cannot forge Host; use the fastify instance directly.
    const res = await host.app.fastify.inject({
      method: 'POST',
      url: '/api/app:status',
      headers: { host: 'rebind.evil.example:18080', authorization: `Bearer ${host.ctx.appToken}`, 'content-type': 'application/json' },
      payload: 'null',
    });
    expect(res.statusCode).toBe(403);
  });

  it('accepts the UI’s own origin', async () => {
    const res = await api('app:status', null, { origin: host.url });
    expect(res.status).toBe(200);
  });

  it('names unknown channels', async () => {
    const res = await api('nope:nothing', null);
    expect(res.status).toBe(404);
    const env = (await res.json()) as { error: { message: string } };
    expect(env.error.message).toContain('nope:nothing');
  });

  it('streams contract events over SSE', async () => {
    const ac = new AbortController();
    const res = await fetch(`${host.url}/api/events`, { headers: { authorization: `Bearer ${host.ctx.appToken}` }, signal: ac.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    await reader.read(); // ": connected"
    host.ctx.events.emit('sessions:changed', { sessionId: 's-1' });
    let text = '';
    while (!text.includes('\n\n') || !text.includes('sessions:changed')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    ac.abort();
    expect(text).toContain('event: sessions:changed');
    expect(text).toContain('"sessionId":"s-1"');
  });
});

describe('web UI and health', () => {
  it('serves /healthz', async () => {
    const res = await fetch(`${host.url}/healthz`);
    expect(res.status).toBe(200);
  });

  it('serves the UI shell with the token injected for loopback hosts only', async () => {
    const res = await fetch(`${host.url}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    if (fs.existsSync(path.join(process.cwd(), 'out', 'renderer', 'index.html'))) {
      expect(html).toContain(`<meta name="switchyard-token" content="${host.ctx.appToken}">`);
    } else {
      expect(html).toContain('npm run build');
    }
    const rebind = await host.app.fastify.inject({ method: 'GET', url: '/', headers: { host: 'evil.example' } });
    expect(rebind.statusCode).toBe(403);
    expect(rebind.body).not.toContain(host.ctx.appToken);
  });
});

describe('port in use', () => {
  it('fails with a clear error naming the port', async () => {
    await expect(startHeadless({ dataDir, port: host.port, quiet: true })).rejects.toMatchObject({
      code: 'port_in_use',
      message: expect.stringContaining(String(host.port)),
    });
  });
});

describe('shutdown', () => {
  it('ends open event streams at once instead of waiting for them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sy-host-close-'));
    const h = await startHeadless({ dataDir: dir, port: 0, quiet: true });
    const res = await fetch(`${h.url}/api/events`, { headers: { authorization: `Bearer ${h.ctx.appToken}` } });
    const reader = res.body!.getReader();
    await reader.read();
    const t0 = Date.now();
    await h.close();
    // The stream ends rather than hanging until a grace period runs out.
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
    expect(Date.now() - t0).toBeLessThan(3000);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
