import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrajectoryStore } from '../../src/main/services/store';
import { REDACTED } from '../../src/main/services/store/redact';
import { claudeCodeSession, emitExchange, makeStore, routing, tmpDir } from './helpers';

let store: TrajectoryStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const req = (text: string, model = 'claude-sonnet-4-5'): string => JSON.stringify({ model, messages: [{ role: 'user', content: text }] });
const res = (text: string): string =>
  JSON.stringify({
    id: 'msg',
    type: 'message',
    role: 'assistant',
    model: 'x',
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    usage: { input_tokens: 1, output_tokens: 1 },
  });

describe('redaction', () => {
  it('never stores secrets: headers dropped, keys redacted in bodies, URLs, errors, transcripts and the mirror', async () => {
    const dir = tmpDir();
    const mirror = path.join(dir, 'mirror');
    const key = 'prov-key-0123456789abcdef';
    const appToken = 'app-token-zyxwvutsrq';
    store = makeStore(dir, { secretList: [key, appToken, 'short'], recording: { trajectoryDir: mirror } });
    const body = JSON.stringify({
      model: 'm',
      messages: [
        { role: 'user', content: `my key is ${key} and sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAA and Bearer abcdefghijkl12345 ok short` },
      ],
    });
    const id = emitExchange(store, {
      body,
      headers: {
        authorization: `Bearer ${appToken}`,
        'x-api-key': key,
        cookie: 'a=b',
        'anthropic-version': '2023-06-01',
        'x-note': `token ${appToken}`,
      },
      url: `https://api.example.com/v1/messages?key=${key}&beta=true`,
      chunks: [`data: {"text":"echo ${key}"}\n\n`],
      errorMessage: `upstream said: invalid key ${key}`,
      status: 401,
      session: { claudeCodeSessionId: 'sec' },
    });
    await store.flush();
    const ex = store.getExchange(id);
    const all = JSON.stringify(ex);
    expect(all).not.toContain(key);
    expect(all).not.toContain(appToken);
    expect(all).not.toContain('sk-ant-api03-AAAA');
    expect(all).not.toContain('abcdefghijkl12345');
    expect(ex.bodies.clientRequest).toContain(REDACTED);
    expect(ex.bodies.clientRequest).toContain('short'); // short strings are not treated as secrets
    expect(ex.errorMessage).toBe(`upstream said: invalid key ${REDACTED}`);
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(path.join(dir, 'trajectories.db'), { readonly: true });
    const row = raw.prepare('SELECT request_headers, upstream_url FROM exchanges WHERE id = ?').get(id) as {
      request_headers: string;
      upstream_url: string;
    };
    raw.close();
    const headers = JSON.parse(row.request_headers) as Record<string, string>;
    expect(Object.keys(headers).sort()).toEqual(['anthropic-version', 'x-note']);
    expect(headers['x-note']).toBe(`token ${REDACTED}`);
    expect(row.upstream_url).toBe(`https://api.example.com/v1/messages?key=${REDACTED}&beta=true`);
    // the database file itself holds no secret (pieces are compressed, so check decoded data above
    // and the uncompressed parts here)
    const file = fs.readFileSync(path.join(dir, 'trajectories.db')).toString('latin1');
    expect(file).not.toContain(key);
    const mirrored = fs
      .readdirSync(path.join(mirror, 'sec', 'query'))
      .map((f) => fs.readFileSync(path.join(mirror, 'sec', 'query', f), 'utf8'));
    const answers = fs
      .readdirSync(path.join(mirror, 'sec', 'answer'))
      .map((f) => fs.readFileSync(path.join(mirror, 'sec', 'answer', f), 'utf8'));
    expect(mirrored.join('') + answers.join('')).not.toContain(key);
    expect(store.search(key)).toEqual([]);
    expect(store.search('REDACTED').length).toBeGreaterThan(0);
  });
});

describe('search, lists and usage', () => {
  it('finds words from prompts and answers with FTS5, and filters sessions by text', async () => {
    store = makeStore(tmpDir());
    emitExchange(store, {
      body: req('How do pelicans fly over the estuary?'),
      responseBody: res('Pelicans soar using thermals.'),
      session: { claudeCodeSessionId: 'birds' },
    });
    emitExchange(store, {
      body: req('Refactor the tokenizer'),
      responseBody: res('Done: tokenizer split in two.'),
      session: { claudeCodeSessionId: 'code' },
    });
    await store.flush();
    const hits = store.search('estuary');
    expect(hits).toHaveLength(1);
    expect(hits[0].sessionId).toBe('birds');
    expect(hits[0].snippet).toContain('[estuary]');
    expect(store.search('thermals')[0].sessionId).toBe('birds');
    expect(store.search('tokenizer').map((h) => h.sessionId)).toEqual(['code']);
    expect(store.search('"; DROP TABLE sessions; --')).toEqual([]);
    expect(store.listSessions({ text: 'pelicans' }).sessions.map((s) => s.id)).toEqual(['birds']);
    expect(store.listSessions({}).total).toBe(2);
  });

  it('indexes each message once per session, not once per turn', async () => {
    store = makeStore(tmpDir());
    const turns = claudeCodeSession(6);
    for (const t of turns) emitExchange(store, { body: t.body, chunks: t.chunks, session: { claudeCodeSessionId: 'grow' } });
    await store.flush();
    // The first prompt's words appear in exactly one indexed exchange.
    expect(store.search('Please refactor parser module')).toHaveLength(1);
  });

  it('filters sessions by client, provider, model and date range', async () => {
    store = makeStore(tmpDir());
    const t0 = Date.UTC(2026, 0, 1);
    emitExchange(store, { body: req('a'), at: t0, session: { claudeCodeSessionId: 's1' } });
    emitExchange(store, {
      body: req('b'),
      at: t0 + 86_400_000,
      client: 'codex',
      session: { codexSessionId: 's2' },
      routing: routing({ providerId: 'deepseek', upstreamModel: 'deepseek-chat', passthrough: false, upstreamProtocol: 'openai-chat' }),
    });
    await store.flush();
    expect(store.listSessions({ client: 'codex' }).sessions.map((s) => s.id)).toEqual(['s2']);
    expect(store.listSessions({ providerId: 'anthropic' }).sessions.map((s) => s.id)).toEqual(['s1']);
    expect(store.listSessions({ model: 'deepseek-chat' }).sessions.map((s) => s.id)).toEqual(['s2']);
    expect(store.listSessions({ since: t0 + 3_600_000 }).sessions.map((s) => s.id)).toEqual(['s2']);
    expect(store.listSessions({ until: t0 + 3_600_000 }).sessions.map((s) => s.id)).toEqual(['s1']);
    expect(store.listSessions({ limit: 1 }).sessions.map((s) => s.id)).toEqual(['s2']);
    expect(store.listSessions({ limit: 1, offset: 1 }).sessions.map((s) => s.id)).toEqual(['s1']);
  });

  it('aggregates usage per provider, model, client and day with percentiles and stream stats', async () => {
    store = makeStore(tmpDir());
    const t0 = new Date(2026, 0, 1, 12).getTime();
    const chunks = ['data: {"a":1}\n\n', 'data: {"b":2}\n\n'];
    for (let i = 0; i < 10; i++) emitExchange(store, { body: req(`q${i}`), at: t0 + i, chunks, session: { claudeCodeSessionId: 'u' } });
    emitExchange(store, {
      body: req('err'),
      at: t0 + 86_400_000,
      status: 529,
      client: 'codex',
      routing: routing({ providerId: 'glm', upstreamModel: 'glm-4.6' }),
    });
    await store.flush();
    const byProvider = store.usage({ groupBy: 'provider' });
    expect(byProvider.map((r) => r.key)).toEqual(['anthropic', 'glm']);
    const a = byProvider[0];
    expect(a.requests).toBe(10);
    expect(a.errors).toBe(0);
    expect(a.inputTokens).toBe(1000);
    expect(a.outputTokens).toBe(420);
    expect(a.cacheReadTokens).toBe(10_000);
    expect(a.p50LatencyMs).toBe(200);
    expect(a.p95TtfbMs).toBe(50);
    expect(a.streamEvents).toBe(20);
    expect(a.streamBytes).toBe(10 * chunks.join('').length);
    expect(a.costUsd).toBeCloseTo(10 * ((100 * 3 + 42 * 15 + 1000 * 0.3 + 10 * 3.75) / 1e6), 9);
    expect(byProvider[1].errors).toBe(1);
    expect(byProvider[1].costUsd).toBe(0); // no known price for glm-4.6
    expect(store.usage({ groupBy: 'model' }).map((r) => r.key)).toEqual(['claude-sonnet-4-5', 'glm-4.6']);
    expect(store.usage({ groupBy: 'client' }).map((r) => [r.key, r.requests])).toEqual([
      ['claude-code', 10],
      ['codex', 1],
    ]);
    expect(store.usage({ groupBy: 'day' }).map((r) => [r.key, r.requests])).toEqual([
      ['2026-01-01', 10],
      ['2026-01-02', 1],
    ]);
    expect(store.usage({ groupBy: 'provider', since: t0 + 3_600_000 }).map((r) => r.key)).toEqual(['glm']);
  });

  it('uses the configured price table before the built-in one', async () => {
    store = makeStore(tmpDir(), {
      config: () => ({ recording: { enabled: true, trajectoryDir: null }, prices: { 'glm/glm-4.6': { input: 1, output: 2 } } }),
    });
    const id = emitExchange(store, { body: req('x'), routing: routing({ providerId: 'glm', upstreamModel: 'glm-4.6' }) });
    await store.flush();
    // 100 in + 42 out + 1000 cache read (default 10 % of input) + 10 cache write (default 125 %)
    expect(store.getExchange(id).costUsd).toBeCloseTo((100 * 1 + 42 * 2 + 1000 * 0.1 + 10 * 1.25) / 1e6, 12);
  });
});
