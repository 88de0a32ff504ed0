/**
 * Secrets never land anywhere: the provider keys (distinctive strings, passed to the host
 * through ENV:) and the app token must be absent from everything a client receives —
 * including upstream errors that echo the key back —, from the database file bytes (and
 * every compressed body inside it), the trajectory mirror, the host's log lines, the
 * session exports in every format and the admin API's answers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Protocol } from '../../src/shared/ir';
import type { ExportFormat, SessionSummary } from '../../src/shared/domain';
import { LOG_FLUSH_MS } from '../../src/main/headless/sinks';
import { startTestHost, type TestHost } from '../resilience/host-support';
import { ANT_KEY, CONVERSION_MODEL, OAI_KEY, PASSTHROUGH_MODEL, PROTOCOLS, bodyFor, headersFor, send } from '../resilience/support';

interface Seen {
  what: string;
  status: number;
  headers: string;
  text: string;
}

let host: TestHost;
let secrets: string[];
const normal: Seen[] = [];
const echoed: Seen[] = [];
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sy-export-'));

function leaksIn(text: string): string[] {
  return secrets.filter((s) => text.includes(s));
}

function leakReport(items: Seen[]): string[] {
  const out: string[] = [];
  for (const s of items) {
    const found = leaksIn(s.text + s.headers);
    if (found.length) out.push(`${s.what} (HTTP ${s.status}): ${found.length} secret(s) in ${JSON.stringify(s.text.slice(0, 160))}`);
  }
  return out;
}

async function call(into: Seen[], what: string, protocol: Protocol, body: unknown): Promise<void> {
  const res = await send(host.url, protocol, body, headersFor(protocol, host.token));
  const headers: string[] = [];
  res.headers.forEach((v, k) => headers.push(`${k}: ${v}`));
  into.push({ what, status: res.status, headers: headers.join('\n'), text: res.text });
}

beforeAll(async () => {
  host = await startTestHost({ extraYaml: (dir) => `recording:\n  trajectoryDir: ${path.join(dir, 'mirror')}\n` });
  secrets = [ANT_KEY, OAI_KEY, host.token];
  const keyText = `invalid x-api-key ${ANT_KEY} / bearer ${OAI_KEY}`;
  for (const protocol of PROTOCOLS) {
    for (const [kind, model] of [
      ['passthrough', PASSTHROUGH_MODEL[protocol]],
      ['conversion', CONVERSION_MODEL[protocol]],
    ] as const) {
      const tag = `${protocol} ${kind}`;
      // ordinary traffic, streamed and not
      await call(normal, `${tag} stream`, protocol, bodyFor(protocol, model, 'ordinary question', true));
      await call(normal, `${tag} json`, protocol, bodyFor(protocol, model, 'ordinary question'));
      // proxy-made errors: unknown model, broken JSON
      await call(normal, `${tag} unknown model`, protocol, bodyFor(protocol, 'no-such-model'));
      await call(normal, `${tag} bad json`, protocol, '{"model": ');
      // upstream errors that echo the lane key back (some providers quote the key they got)
      host.mock.enqueue(`error:401,message:${keyText}`);
      await call(echoed, `${tag} upstream 401 echoing the key`, protocol, bodyFor(protocol, model));
      const overloaded = `error:529,retry-after:0,message:overloaded for ${keyText}`;
      host.mock.enqueue(overloaded, overloaded, overloaded);
      await call(echoed, `${tag} upstream 529 echoing the key`, protocol, bodyFor(protocol, model, 'x', true));
      host.mock.enqueue(`stream-error:2,message:${keyText}`);
      await call(echoed, `${tag} in-stream error echoing the key`, protocol, bodyFor(protocol, model, 'x', true));
    }
  }
  await host.app.ctx.store!.flush();
}, 60_000);

afterAll(async () => {
  await host?.close();
  fs.rmSync(outDir, { recursive: true, force: true });
});

describe('what clients receive', () => {
  it('ordinary answers and the proxy’s own errors carry no secret', () => {
    expect(normal.length).toBe(24);
    expect(leakReport(normal)).toEqual([]);
  });

  it('upstream errors that echo the lane key are scrubbed before they reach the client', () => {
    expect(echoed.length).toBe(18);
    // the echo really happened upstream: every mock answer carried the key
    expect(host.mock.requests.filter((r) => r.sent.includes(ANT_KEY)).length).toBeGreaterThanOrEqual(18);
    expect(leakReport(echoed)).toEqual([]);
  });
});

describe('what Switchyard keeps', () => {
  it('the database files hold no secret, raw or inside any compressed value', () => {
    const files = fs.readdirSync(host.dataDir).filter((f) => f.startsWith('trajectories.db'));
    expect(files).toContain('trajectories.db');
    for (const f of files) {
      const bytes = fs.readFileSync(path.join(host.dataDir, f));
      for (const s of secrets) expect(bytes.includes(s), `${s.slice(0, 10)}… in ${f}`).toBe(false);
    }
    const db = new Database(path.join(host.dataDir, 'trajectories.db'), { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
      let values = 0;
      const found: string[] = [];
      for (const { name } of tables) {
        for (const row of db.prepare(`SELECT * FROM "${name}"`).raw().iterate() as Iterable<unknown[]>) {
          for (const v of row) {
            values++;
            for (const text of decodings(v)) for (const s of leaksIn(text)) found.push(`${name}: ${s.slice(0, 10)}…`);
          }
        }
      }
      expect(values).toBeGreaterThan(100);
      expect(found).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('the trajectory mirror files hold no secret', () => {
    const files = walk(path.join(host.dataDir, 'mirror'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(leaksIn(fs.readFileSync(f, 'utf8')), f).toEqual([]);
  });

  it('the host’s log lines hold no secret', async () => {
    await new Promise((r) => setTimeout(r, LOG_FLUSH_MS * 2)); // the last batch of lines
    const lines = host.logs.flatMap((l) => l.split('\n'));
    expect(lines.length).toBeGreaterThan(20); // one line per exchange at least
    expect(lines.filter((l) => leaksIn(l).length > 0)).toEqual([]);
  });

  it('session exports in every format hold no secret', async () => {
    const list = await host.api('sessions:list', {});
    const sessions = list.body.result.sessions as SessionSummary[];
    expect(sessions.length).toBeGreaterThan(0);
    for (const s of sessions) {
      for (const format of ['jsonl', 'html'] as ExportFormat[]) {
        const res = await host.api('sessions:export', { id: s.id, format });
        expect(res.status).toBe(200);
        expect(res.body.result.content.length).toBeGreaterThan(0);
        expect(leaksIn(res.body.result.content), `${format} export of ${s.id}`).toEqual([]);
      }
      const files = await host.api('sessions:export', { id: s.id, format: 'files', outDir });
      expect(files.status).toBe(200);
    }
    const written = walk(outDir);
    expect(written.length).toBeGreaterThan(0);
    for (const f of written) expect(leaksIn(fs.readFileSync(f, 'utf8')), f).toEqual([]);
  });

  it('the admin API answers (status, providers, sessions, search) hold no secret', async () => {
    const answers = [
      await host.api('app:status'),
      await host.api('providers:list'),
      await host.api('providers:health'),
      await host.api('sessions:list', {}),
      await host.api('sessions:search', { text: 'x-api-key' }),
      await host.api('sessions:search', { text: ANT_KEY }),
    ];
    for (const a of answers) expect(a.status).toBe(200);
    const sessions = answers[3]!.body.result.sessions as SessionSummary[];
    for (const s of sessions) answers.push(await host.api('sessions:get', { id: s.id }));
    const secretsOnly = [ANT_KEY, OAI_KEY]; // the app token is the caller's own credential here
    for (const a of answers) expect(secretsOnly.filter((s) => JSON.stringify(a.body).includes(s))).toEqual([]);
  });
});

/** A DB value as text, plus its decompressions when it is a compressed blob. */
function decodings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (!Buffer.isBuffer(v)) return [];
  const out = [v.toString('latin1')];
  for (const fn of [zlib.inflateRawSync, zlib.inflateSync, zlib.gunzipSync, zlib.brotliDecompressSync]) {
    try {
      out.push((fn as (b: Buffer) => Buffer)(v).toString('utf8'));
    } catch {
      // not this codec
    }
  }
  return out;
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}
