import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSession, sessionEnv } from '../../src/cli/commands/run';
import type { SessionTokenInfo } from '../../src/shared/domain';

let dir: string;
const logs: string[] = [];
const log = (l: string) => logs.push(l);
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'sy-run-'));
  logs.length = 0;
});

/** A child that writes its env and argv to a file, then exits with `code`. */
function envDumper(out: string, code = 0): string[] {
  return [
    'node',
    '-e',
    `require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({env: process.env, argv: process.argv})); process.exit(${code})`,
  ];
}

describe('sessionEnv', () => {
  it('injects Claude Code and Codex variables, drops a real ANTHROPIC_API_KEY, keeps the rest', () => {
    const info: SessionTokenInfo = { token: 'sy_sess_abc', sessionId: 'run-1', createdAt: 1 };
    const env = sessionEnv(
      { PATH: '/bin', ANTHROPIC_API_KEY: 'sk-ant-real', CODEX_HOME: '/c' },
      'http://127.0.0.1:5',
      info,
      'claude-sonnet-4-5-switchyard',
    );
    expect(env).toMatchObject({
      PATH: '/bin',
      CODEX_HOME: '/c',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:5',
      ANTHROPIC_AUTH_TOKEN: 'sy_sess_abc',
      ANTHROPIC_MODEL: 'claude-sonnet-4-5-switchyard',
      OPENAI_BASE_URL: 'http://127.0.0.1:5/v1',
      OPENAI_API_KEY: 'sy_sess_abc',
      SWITCHYARD_SESSION_ID: 'run-1',
      SWITCHYARD_SESSION_TOKEN: 'sy_sess_abc',
      ANTHROPIC_CUSTOM_HEADERS: 'x-switchyard-session-token: sy_sess_abc',
    });
    expect(env.ANTHROPIC_API_KEY).toBeUndefined();
  });
});

describe('switchyard run against a running server', () => {
  let server: http.Server;
  const calls: Array<{ url: string; auth?: string; body: unknown }> = [];
  const APP = 'sy_app_token_for_run_tests_0123456789';

  beforeEach(async () => {
    calls.length = 0;
    // Stands in for the host's HTTP bridge (POST /api/<channel>, app token, {ok,result} envelope).
    server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        if (req.url === '/healthz') return res.end(JSON.stringify({ ok: true }));
        calls.push({ url: req.url!, auth: req.headers.authorization, body: raw ? JSON.parse(raw) : undefined });
        if (req.headers.authorization !== `Bearer ${APP}`) {
          res.statusCode = 401;
          return res.end(
            JSON.stringify({
              ok: false,
              error: { code: 'auth_invalid_token', status: 401, errorClass: 'auth_error', message: 'Invalid app token.' },
            }),
          );
        }
        const input = raw ? (JSON.parse(raw) as Record<string, string>) : {};
        const result =
          req.url === '/api/tokens:register' ? { token: 'sy_sess_fromserver', sessionId: 'run-xyz', createdAt: 1, ...input } : null;
        res.end(JSON.stringify({ ok: true, result }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    await fsp.writeFile(path.join(dir, 'app-token'), `${APP}\n`, { mode: 0o600 });
    await fsp.writeFile(path.join(dir, 'switchyard.yaml'), `server:\n  port: ${(server.address() as AddressInfo).port}\n`);
  });
  afterEach(() => new Promise<void>((r) => server.close(() => r())));

  it('registers the token with task/label/provider, injects env (never argv) and relays the exit code', async () => {
    const out = path.join(dir, 'child.json');
    const code = await runSession(
      envDumper(out, 3),
      { dataDir: dir, task: 'fix-issue-42', label: 'sandbox-7', provider: 'deepseek' },
      {
        env: { ...process.env, ANTHROPIC_API_KEY: 'sk-ant-real' },
        log,
      },
    );
    expect(code).toBe(3);
    const port = (server.address() as AddressInfo).port;
    expect(calls[0]).toEqual({
      url: '/api/tokens:register',
      auth: `Bearer ${APP}`,
      body: { taskName: 'fix-issue-42', label: 'sandbox-7', providerId: 'deepseek' },
    });
    const child = JSON.parse(fs.readFileSync(out, 'utf8')) as { env: Record<string, string>; argv: string[] };
    expect(child.env.ANTHROPIC_BASE_URL).toBe(`http://127.0.0.1:${port}`);
    expect(child.env.ANTHROPIC_AUTH_TOKEN).toBe('sy_sess_fromserver');
    expect(child.env.OPENAI_BASE_URL).toBe(`http://127.0.0.1:${port}/v1`);
    expect(child.env.OPENAI_API_KEY).toBe('sy_sess_fromserver');
    expect(child.env.ANTHROPIC_API_KEY).toBeUndefined();
    expect(child.argv.join(' ')).not.toContain('sy_sess_fromserver');
    // The token is revoked once the task is over; the log says where the trajectory is.
    expect(calls.map((c) => c.url)).toContain('/api/tokens:revoke');
    expect(logs.join('\n')).toContain('switchyard sessions show run-xyz');
  });

  it('explains a data dir mismatch when the server rejects the app token', async () => {
    await fsp.writeFile(path.join(dir, 'app-token'), 'sy_some_other_token_aaaaaaaaaaaa\n');
    await expect(runSession(['node', '-e', ''], { dataDir: dir }, { log })).rejects.toThrow(/rejected the app token/);
  });

  it('forwards signals to the child', async () => {
    const out = path.join(dir, 'sig.txt');
    const script = `process.on('SIGUSR2', () => { require('fs').writeFileSync(${JSON.stringify(out)}, 'got'); process.exit(7); }); require('fs').writeFileSync(${JSON.stringify(out + '.ready')}, ''); setInterval(() => {}, 1000);`;
    const running = runSession(['node', '-e', script], { dataDir: dir }, { log, signals: ['SIGUSR2'] });
    for (let i = 0; i < 200 && !fs.existsSync(`${out}.ready`); i++) await new Promise((r) => setTimeout(r, 25));
    process.emit('SIGUSR2', 'SIGUSR2');
    expect(await running).toBe(7);
    expect(fs.readFileSync(out, 'utf8')).toBe('got');
  });

  it('relays death by signal as 128+n and a missing command as 127', async () => {
    expect(await runSession(['node', '-e', "process.kill(process.pid, 'SIGKILL')"], { dataDir: dir }, { log })).toBe(137);
    expect(await runSession(['definitely-not-a-command-xyz'], { dataDir: dir }, { log })).toBe(127);
  });
});

describe('switchyard run with no server running', () => {
  it('starts a headless host in-process whose proxy accepts the session token', async () => {
    const out = path.join(dir, 'models.json');
    const script = `
      const h = { authorization: 'Bearer ' + process.env.ANTHROPIC_AUTH_TOKEN };
      Promise.all([
        fetch(process.env.ANTHROPIC_BASE_URL + '/v1/models', { headers: h }).then((r) => r.status),
        fetch(process.env.ANTHROPIC_BASE_URL + '/v1/models', { headers: { authorization: 'Bearer nope' } }).then((r) => r.status),
      ]).then(([ok, bad]) => require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ ok, bad, url: process.env.ANTHROPIC_BASE_URL })));`;
    // Port 0 in the options: nothing can answer there, so run starts its own host on a free port.
    const code = await runSession(['node', '-e', script], { dataDir: dir, port: 0, task: 'in-process' }, { log });
    expect(code).toBe(0);
    const result = JSON.parse(fs.readFileSync(out, 'utf8')) as { ok: number; bad: number; url: string };
    expect(result.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(result.ok).toBe(200);
    expect(result.bad).toBe(401);
    expect(logs.join('\n')).toMatch(/started one in-process/);
  });
});
