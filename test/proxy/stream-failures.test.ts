import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anthropicHeaders, auth, configYaml, messagesBody, post, sseEvents, startHarness, waitFor, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ deps: { timeouts: { firstByteMs: 400, idleMs: 400 }, pingIntervalMs: 60 } });
});
afterAll(async () => h.close());
beforeEach(() => h.mock.reset());

const lastEnd = () => {
  const e = h.events.filter((x) => x.type === 'end').pop();
  if (e?.type !== 'end') throw new Error('no end event');
  return e;
};

describe('failures after the first byte', () => {
  it('turns a mid-stream upstream drop into an Anthropic error event', async () => {
    h.mock.enqueue('drop:4');
    const res = await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-5', { stream: true }));
    expect(res.status).toBe(200);
    const events = sseEvents(res.text);
    expect(events[0]!.event).toBe('message_start');
    expect(events.at(-1)!.event).toBe('error');
    expect(JSON.parse(events.at(-1)!.data)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    await waitFor(() => h.events.some((e) => e.type === 'end'));
    expect(lastEnd()).toMatchObject({ partial: true, errorClass: 'upstream_error' });
  });

  it('never truncates silently: a stream that ends without message_stop gets an error event', async () => {
    h.mock.enqueue('truncate:5');
    const res = await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-5', { stream: true }));
    const events = sseEvents(res.text);
    expect(events.some((e) => e.event === 'message_stop')).toBe(false);
    expect(events.at(-1)!.event).toBe('error');
    expect(lastEnd().partial).toBe(true);
  });

  it('ends a Responses stream with response.failed for Codex', async () => {
    h.mock.enqueue('drop:4');
    const res = await post(`${h.url}/v1/responses`, { model: 'gpt-5-codex', input: 'hi', stream: true }, auth);
    const events = sseEvents(res.text);
    const last = events.at(-1)!;
    expect(last.event).toBe('response.failed');
    const data = JSON.parse(last.data);
    expect(data.response.status).toBe('failed');
    expect(data.response.error.code).toBeTruthy();
    expect(data.sequence_number).toBe(4);
  });

  it('turns an idle upstream (gap over idleMs) into a timeout error event', async () => {
    // undici checks body timeouts on a ~0.5 s tick, so a 400 ms idleMs fires 0.4–1 s into a
    // silence: the gap must outlast that (700 ms passed or not depending on the tick's phase).
    h.mock.enqueue('gap:1500,deltas:2');
    const res = await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-5', { stream: true }));
    const events = sseEvents(res.text);
    expect(events.at(-1)!.event).toBe('error');
    await waitFor(() => h.events.some((e) => e.type === 'end'));
    expect(lastEnd().errorClass).toBe('timeout');
  });

  it('sends ping events during upstream silences on Anthropic streams', async () => {
    h.mock.enqueue('gap:250,deltas:2');
    const res = await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-5', { stream: true }));
    const events = sseEvents(res.text);
    const pings = events.filter((e) => e.event === 'ping').length;
    // the mock itself sends exactly one ping
    expect(pings).toBeGreaterThan(1);
    expect(events.at(-1)!.event).toBe('message_stop');
    expect(events.findIndex((e) => e.event === 'ping')).toBeGreaterThan(0);
  });
});

describe('timeouts before the first byte', () => {
  it('answers 504 timeout_error when the upstream sends no head within firstByteMs', async () => {
    h.mock.enqueue('hang', 'hang');
    const res = await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-5'));
    expect(res.status).toBe(504);
    expect(JSON.parse(res.text).error.type).toBe('timeout_error');
    expect(h.mock.requests).toHaveLength(2); // retried once, then gave up
    expect(lastEnd().errorClass).toBe('timeout');
  });
});

describe('client abort and cancel', () => {
  it('aborts the upstream request as soon as the client disconnects', async () => {
    h.mock.enqueue('gap:200,deltas:10');
    const controller = new AbortController();
    const res = await fetch(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: anthropicHeaders,
      body: JSON.stringify(messagesBody('claude-sonnet-4-5', { stream: true })),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await waitFor(() => h.mock.requests[0]!.aborted, 1500);
    expect(h.mock.requests[0]!.finished).toBe(false);
    await waitFor(() => h.events.some((e) => e.type === 'end'));
    expect(lastEnd()).toMatchObject({ errorClass: 'client_abort', status: 499 });
    expect(h.runtime.stats().inFlight).toBe(0);
  });

  it('aborts the upstream when the client leaves before the first byte', async () => {
    h.mock.enqueue('delay:300');
    const controller = new AbortController();
    const p = fetch(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: anthropicHeaders,
      body: JSON.stringify(messagesBody('claude-sonnet-4-5')),
      signal: controller.signal,
    }).catch(() => undefined);
    await h.mock.waitForRequests(1);
    controller.abort();
    await p;
    await waitFor(() => h.mock.requests[0]!.aborted, 1500);
    expect(h.mock.requests).toHaveLength(1);
  });

  it('runtime.cancel(exchangeId) aborts upstream and closes the stream with an error event', async () => {
    h.mock.enqueue('gap:150,deltas:10');
    const res = await fetch(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: anthropicHeaders,
      body: JSON.stringify(messagesBody('claude-sonnet-4-5', { stream: true })),
    });
    const id = res.headers.get('x-switchyard-exchange-id')!;
    expect(h.runtime.stats().inFlight).toBe(1);
    const reader = res.body!.getReader();
    await reader.read();
    expect(h.runtime.cancel(id)).toBe(true);
    let text = '';
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      text += new TextDecoder().decode(r.value);
    }
    const events = sseEvents(text);
    expect(events.at(-1)!.event).toBe('error');
    expect(events.at(-1)!.data).toContain('Cancelled');
    await waitFor(() => h.mock.requests[0]!.aborted, 1500);
    expect(h.runtime.cancel(id)).toBe(false);
  });
});

describe('shutdown', () => {
  it('close() lets a stream run for the grace period, then ends it with an error event', async () => {
    const h2 = await startHarness({ deps: { shutdownGraceMs: 500 } });
    h2.mock.enqueue('gap:100,deltas:20');
    const res = await fetch(`${h2.url}/v1/messages`, {
      method: 'POST',
      headers: anthropicHeaders,
      body: JSON.stringify(messagesBody('claude-sonnet-4-5', { stream: true })),
    });
    const reader = res.body!.getReader();
    await reader.read();
    const closing = h2.app.close();
    let text = '';
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      text += new TextDecoder().decode(r.value);
    }
    await closing;
    await h2.mock.close();
    const events = sseEvents(text);
    expect(events.some((e) => e.event === 'content_block_delta')).toBe(true);
    expect(events.at(-1)!.event).toBe('error');
    expect(events.at(-1)!.data).toContain('shutting down');
  });
});

describe('per-provider timeouts', () => {
  it('applies a provider totalMs from the config: the stream is closed with a timeout error event', async () => {
    const h2 = await startHarness({
      yaml: (u) => configYaml(u).replace('apiKey: backup-lane-key-999', 'apiKey: backup-lane-key-999\n    timeouts: { totalMs: 300 }'),
    });
    try {
      h2.mock.enqueue('gap:150,deltas:6');
      const res = await post(`${h2.url}/v1/messages`, messagesBody('backup/some-model', { stream: true }));
      const events = sseEvents(res.text);
      expect(events.at(-1)!.event).toBe('error');
      expect(JSON.parse(events.at(-1)!.data).error.type).toBe('timeout_error');
      await waitFor(() => h2.events.some((e) => e.type === 'end'));
      const end = h2.events.find((e) => e.type === 'end');
      expect(end?.type === 'end' && end.errorClass).toBe('timeout');
      await waitFor(() => h2.mock.requests[0]!.aborted, 1500);
    } finally {
      await h2.close();
    }
  });
});
