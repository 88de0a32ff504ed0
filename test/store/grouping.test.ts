import { afterEach, describe, expect, it } from 'vitest';
import type { TrajectoryStore } from '../../src/main/services/store';
import { sessionFromUserId } from '../../src/main/services/store/session-key';
import { claudeCodeSession, emitExchange, makeStore, tmpDir } from './helpers';

let store: TrajectoryStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const body = (text: string): string => JSON.stringify({ model: 'm', messages: [{ role: 'user', content: text }] });

describe('session grouping', () => {
  it('reads the session part of metadata.user_id (JSON and legacy forms)', () => {
    expect(sessionFromUserId(JSON.stringify({ device_id: 'abc', account_uuid: '', session_id: 'a1b2' }))).toBe('a1b2');
    expect(sessionFromUserId('user_0123abcd_account__session_5b1e6a1c-2f0e-4d7a-9c55-8e7b8a0e1f01')).toBe(
      '5b1e6a1c-2f0e-4d7a-9c55-8e7b8a0e1f01',
    );
    expect(sessionFromUserId('just-a-user')).toBeUndefined();
    expect(sessionFromUserId(undefined)).toBeUndefined();
  });

  it('groups by Claude Code header, Codex headers, session token and user_id, in that order', async () => {
    store = makeStore(tmpDir());
    const a = emitExchange(store, {
      body: body('one'),
      session: { claudeCodeSessionId: 'cc-1', codexSessionId: 'cx-9', metadataUserId: JSON.stringify({ session_id: 'u-1' }) },
    });
    const b = emitExchange(store, { body: body('two'), session: { metadataUserId: JSON.stringify({ session_id: 'cc-1' }) } });
    const c = emitExchange(store, { body: body('three'), client: 'codex', session: { codexSessionId: 'thread-7' } });
    const d = emitExchange(store, { body: body('four'), session: { tokenSessionId: 'run-abc', taskName: 'fix-bug', label: 'ci' } });
    const e = emitExchange(store, {
      body: body('five'),
      session: { metadataUserId: 'user_x_account__session_5b1e6a1c-2f0e-4d7a-9c55-8e7b8a0e1f01' },
    });
    await store.flush();
    expect(store.getExchange(a).sessionId).toBe('cc-1');
    expect(store.getExchange(b).sessionId).toBe('cc-1');
    expect(store.getExchange(c).sessionId).toBe('thread-7');
    expect(store.getExchange(d).sessionId).toBe('run-abc');
    expect(store.getExchange(e).sessionId).toBe('5b1e6a1c-2f0e-4d7a-9c55-8e7b8a0e1f01');
    const run = store.getSession('run-abc');
    expect(run.taskName).toBe('fix-bug');
    expect(run.label).toBe('ci');
    expect(store.getSession('thread-7').client).toBe('codex');
    expect(store.getSession('cc-1').exchanges.map((x) => x.seq)).toEqual([1, 2]);
  });

  it('falls back to client + a 30-minute window', async () => {
    store = makeStore(tmpDir());
    const t0 = Date.UTC(2026, 0, 1, 10, 0, 0);
    const a = emitExchange(store, { body: body('a'), at: t0 });
    const b = emitExchange(store, { body: body('b'), at: t0 + 29 * 60_000 });
    const c = emitExchange(store, { body: body('c'), at: t0 + 29 * 60_000 + 31 * 60_000 });
    const d = emitExchange(store, { body: body('d'), at: t0 + 29 * 60_000, client: 'codex' });
    await store.flush();
    const s = [a, b, c, d].map((id) => store!.getExchange(id).sessionId);
    expect(s[0]).toBe(s[1]);
    expect(s[2]).not.toBe(s[1]);
    expect(s[3]).not.toBe(s[1]);
    expect(store.getSession(s[3]).client).toBe('codex');
    // Deleting the current window session: the next exchange opens a new one, not the deleted id.
    await store.deleteSession(s[2]!);
    const e = emitExchange(store, { body: body('e'), at: t0 + 61 * 60_000 });
    await store.flush();
    const se = store.getExchange(e).sessionId;
    expect(se).not.toBe(s[2]);
    expect(store.getSession(se).exchanges.map((x) => x.id)).toEqual([e]);
  });

  it('keeps joining the window session across batches and a reopened store', async () => {
    const dir = tmpDir();
    store = makeStore(dir);
    const t0 = Date.UTC(2026, 0, 1, 10, 0, 0);
    const a = emitExchange(store, { body: body('a'), at: t0 });
    await store.flush();
    const b = emitExchange(store, { body: body('b'), at: t0 + 20 * 60_000 });
    await store.close();
    store = makeStore(dir);
    // 40 minutes after the first exchange but 20 after the last one: still the same session.
    const c = emitExchange(store, { body: body('c'), at: t0 + 40 * 60_000 });
    await store.flush();
    const ids = [a, b, c].map((id) => store!.getExchange(id).sessionId);
    expect(new Set(ids).size).toBe(1);
    expect(store.getSession(ids[0]!).exchanges).toHaveLength(3);
  });

  it('keeps title, activity, providers, models and totals on the session row', async () => {
    store = makeStore(tmpDir());
    const turns = claudeCodeSession(2);
    const t0 = Date.UTC(2026, 0, 1, 10, 0, 0);
    emitExchange(store, { body: turns[0].body, chunks: turns[0].chunks, at: t0, session: { claudeCodeSessionId: 's' } });
    emitExchange(store, {
      body: turns[1].body,
      chunks: turns[1].chunks,
      at: t0 + 5000,
      session: { claudeCodeSessionId: 's' },
      routing: {
        rule: 'slot:sonnet',
        reason: 'r',
        requestedModel: 'claude-sonnet-4-5',
        providerId: 'deepseek',
        upstreamModel: 'deepseek-chat',
        upstreamProtocol: 'openai-chat',
        passthrough: false,
        fallbacks: [],
      },
      status: 500,
    });
    await store.flush();
    const s = store.getSession('s');
    expect(s.title.startsWith('Please refactor the parser module')).toBe(true);
    expect(s.firstAt).toBe(t0);
    expect(s.lastAt).toBe(t0 + 5200);
    expect(s.providers).toEqual(['anthropic', 'deepseek']);
    expect(s.models).toEqual(['claude-sonnet-4-5', 'deepseek-chat']);
    expect(s.totals.requests).toBe(2);
    expect(s.totals.errors).toBe(1);
    expect(s.totals.inputTokens).toBe(200);
    expect(s.totals.cacheReadTokens).toBe(2000);
    // claude-sonnet-4-5 has a built-in price; deepseek-chat too.
    expect(s.totals.costUsd).toBeGreaterThan(0);
    expect(s.exchangeCount).toBe(2);
  });
});
