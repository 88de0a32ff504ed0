import { describe, expect, it, vi } from 'vitest';
import { SwitchyardError } from '../../../shared/errors';
import { createHttpBridge, type ConnectionState } from './http-bridge';
import { SseReader } from './sse-reader';

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** A response whose body the test feeds chunk by chunk. */
function streamResponse() {
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (ctrl = c) });
  const enc = new TextEncoder();
  return {
    response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    push: (s: string) => ctrl.enqueue(enc.encode(s)),
    close: () => ctrl.close(),
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('SseReader', () => {
  it('parses frames split at arbitrary points, with CRLF and comments', () => {
    const r = new SseReader();
    expect(r.push('event: live:upd')).toEqual([]);
    expect(r.push('ate\r\ndata: {"a":1}\r\n\r\n: keepalive\n\nevent: x\ndata: 1\ndata: 2\n')).toEqual([
      { event: 'live:update', data: '{"a":1}' },
    ]);
    expect(r.push('\n')).toEqual([{ event: 'x', data: '1\n2' }]);
  });
});

describe('createHttpBridge', () => {
  it('posts JSON args with the bearer token and returns the result', async () => {
    const fetchFn = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => json({ ok: true, result: { id: 'x' } }));
    const api = createHttpBridge({ token: 'tok123', fetch: fetchFn as unknown as typeof fetch });
    await expect(api.invoke('providers:remove', { id: 'x' })).resolves.toEqual({ id: 'x' });
    const [url, init] = fetchFn.mock.calls[0];
    expect(url).toBe('/api/providers:remove');
    expect(init?.method).toBe('POST');
    expect((init?.headers as Record<string, string>).authorization).toBe('Bearer tok123');
    expect(init?.body).toBe('{"id":"x"}');
    await api.invoke('app:status');
    expect(fetchFn.mock.calls[1][1]?.body).toBe('null');
  });

  it('turns an error envelope into a SwitchyardError with message and hint', async () => {
    const fetchFn = async () =>
      json(
        {
          ok: false,
          error: {
            code: 'not_available',
            status: 501,
            errorClass: 'internal_error',
            message: 'Usage is not available in this build yet.',
            hint: 'Later.',
          },
        },
        501,
      );
    const api = createHttpBridge({ token: 't', fetch: fetchFn as unknown as typeof fetch });
    const err = await api.invoke('usage:query', { groupBy: 'day' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SwitchyardError);
    expect((err as SwitchyardError).code).toBe('not_available');
    expect((err as SwitchyardError).hint).toBe('Later.');
  });

  it('says the host is unreachable when fetch fails', async () => {
    const api = createHttpBridge({
      token: 't',
      fetch: (async () => Promise.reject(new TypeError('fetch failed'))) as unknown as typeof fetch,
    });
    await expect(api.invoke('app:status')).rejects.toThrow('not reachable');
  });

  it('dispatches SSE events to listeners and reconnects after the stream drops', async () => {
    const streams: Array<ReturnType<typeof streamResponse>> = [];
    const fetchFn = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
      expect(String(url)).toBe('/api/events');
      expect((init?.headers as Record<string, string>).authorization).toBe('Bearer t');
      const s = streamResponse();
      streams.push(s);
      return s.response;
    });
    const api = createHttpBridge({ token: 't', fetch: fetchFn as unknown as typeof fetch, minDelayMs: 5, maxDelayMs: 10 });
    const states: ConnectionState[] = [];
    const got: unknown[] = [];
    const offConn = api.onConnection!((s) => states.push(s));
    const off = api.on('live:removed', (p) => got.push(p));
    await tick();
    expect(fetchFn).toHaveBeenCalledTimes(1);
    streams[0].push('event: live:removed\ndata: {"exchangeId":"e1"}\n\nevent: live:rem');
    streams[0].push('oved\ndata: {"exchangeId":"e2"}\n\n');
    await vi.waitFor(() => expect(got).toEqual([{ exchangeId: 'e1' }, { exchangeId: 'e2' }]));
    expect(states).toEqual(['connecting', 'open']);

    streams[0].close();
    await vi.waitFor(() => expect(states).toContain('down'));
    await vi.waitFor(() => expect(fetchFn).toHaveBeenCalledTimes(2));
    await vi.waitFor(() => expect(states.at(-1)).toBe('open'));
    streams[1].push('event: live:removed\ndata: {"exchangeId":"e3"}\n\n');
    await vi.waitFor(() => expect(got).toHaveLength(3));
    off();
    offConn();
  });
});
