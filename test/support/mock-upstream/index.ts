/**
 * Mock LLM upstream for tests, the benchmark and real-client (Claude Code / Codex) e2e runs.
 *
 * One node:http server speaking three protocols (paths matched by suffix, so any base URL
 * prefix works: point an Anthropic lane at `url`, OpenAI lanes at `url + '/v1'`):
 *   POST …/v1/messages                 Anthropic Messages (stream and JSON)
 *   POST …/v1/messages/count_tokens    Anthropic token count ({input_tokens}; ~chars/4)
 *   POST …/chat/completions            OpenAI Chat (stream_options.include_usage honoured)
 *   POST …/responses                   OpenAI Responses (Codex event order)
 *   GET  …/models                      a small model list
 *
 * Default behaviour ("tools" scenario): a request with tool definitions gets ONE tool call on
 * the first turn (a harmless tool when present: Glob/LS/Read/shell…, args filled from the
 * schema's required fields) and a text answer once a tool result is present, so real clients
 * complete a tool loop. Without tools: "Hello from the Switchyard mock upstream."
 *
 * Scenario per request — comma-separated tokens from `mock.enqueue(spec)` (consumed in
 * order), the `x-mock-scenario` header, or a model named `mock-…` (`mock-error-529`,
 * `mock-drop`, `mock-first-byte-500`):
 *   text | echo | reply:<text> | size:<chars> | tool[:<name>] | deltas:<n>
 *   error:<status> [message:<text>] [retry-after:<s>]   protocol-shaped error body
 *   delay:<ms>        wait before the response head
 *   first-byte:<ms>   head at once, then wait before the first body byte (alias slow)
 *   gap:<ms>          pause between stream events
 *   drop[-after]:<n>  destroy the socket after n stream events (mid-stream drop)
 *   truncate:<n>      end the stream cleanly after n events, without the protocol's end
 *   stream-error:<n>  after n events write the protocol's in-band error event and end
 *   hang              never answer
 * Every request is recorded (method, path, headers, raw and parsed body, and whether the
 * caller went away before the answer finished) in `mock.requests`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseScenario, scenarioFromModel, type Scenario } from './scenario';
import { estimateTokens, planReply } from './replies';
import * as P from './protocols';

export { parseScenario, scenarioFromModel } from './scenario';

export interface MockRequest {
  method: string;
  path: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  body: Record<string, unknown> | undefined;
  protocol?: P.MockProtocol | 'count_tokens';
  scenario: string;
  at: number;
  /** True when the caller closed the connection before the answer was fully written. */
  aborted: boolean;
  /** True once the answer was fully written. */
  finished: boolean;
  /** The response body bytes written so far (for byte-identity checks). */
  sent: string;
  status?: number;
}

export interface MockUpstream {
  /** http://127.0.0.1:PORT (no trailing slash, no /v1). */
  readonly url: string;
  readonly port: number;
  readonly requests: MockRequest[];
  start(opts?: { port?: number; host?: string }): Promise<MockUpstream>;
  close(): Promise<void>;
  /** Queue scenarios consumed by the next requests, in order (before header/model). */
  enqueue(...specs: string[]): void;
  reset(): void;
  /** Resolves when at least n requests were received (or rejects after timeoutMs). */
  waitForRequests(n: number, timeoutMs?: number): Promise<MockRequest[]>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function protocolOf(method: string, path: string): MockRequest['protocol'] | 'models' | undefined {
  if (method === 'GET' && path.endsWith('/models')) return 'models';
  if (method !== 'POST') return undefined;
  if (path.endsWith('/messages/count_tokens')) return 'count_tokens';
  if (path.endsWith('/messages') || path.endsWith('/message')) return 'anthropic';
  if (path.endsWith('/chat/completions')) return 'openai-chat';
  if (path.endsWith('/responses')) return 'openai-responses';
  return undefined;
}

function errorBody(protocol: P.MockProtocol, status: number, message: string): Record<string, unknown> {
  return protocol === 'anthropic' ? P.anthropicError(status, message) : P.openaiError(status, message);
}

function streamError(protocol: P.MockProtocol, message: string): string {
  if (protocol === 'anthropic') return P.anthropicStreamError(message);
  if (protocol === 'openai-chat') return P.chatStreamError(message);
  return P.responsesStreamError(message);
}

export function createMockUpstream(): MockUpstream {
  const requests: MockRequest[] = [];
  const queue: string[] = [];
  const waiters: Array<() => void> = [];
  let port = 0;
  let server: http.Server | undefined;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, rec: MockRequest): Promise<void> {
    const kind = protocolOf(rec.method, rec.path);
    if (kind === 'models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'mock-model', object: 'model', created: 0, owned_by: 'mock' }] }));
      return;
    }
    if (!kind) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `mock: no route ${rec.method} ${rec.path}` } }));
      return;
    }
    rec.protocol = kind;
    const sc: Scenario = parseScenario(rec.scenario);
    if (sc.hang) return; // never answer; the caller's timeout or abort ends it
    if (sc.delayMs > 0) await sleep(sc.delayMs);
    if (res.destroyed) return;
    const protocol: P.MockProtocol = kind === 'count_tokens' ? 'anthropic' : kind;
    const common: Record<string, string> = { 'request-id': `req_mock_${requests.length}`, 'x-request-id': `req_mock_${requests.length}` };
    if (protocol === 'anthropic') {
      common['anthropic-ratelimit-requests-remaining'] = '99';
      common['anthropic-ratelimit-tokens-remaining'] = '99999';
    }
    if (sc.errorStatus !== undefined) {
      const headers: Record<string, string> = { ...common, 'content-type': 'application/json' };
      if (sc.retryAfter !== undefined) headers['retry-after'] = sc.retryAfter;
      if (sc.errorStatus === 529 || sc.errorStatus >= 500) headers['x-should-retry'] = 'true';
      res.writeHead(sc.errorStatus, headers);
      res.end(JSON.stringify(errorBody(protocol, sc.errorStatus, sc.errorMessage ?? `mock error ${sc.errorStatus}`)));
      return;
    }
    const body = rec.body ?? {};
    const model = typeof body.model === 'string' ? body.model : 'mock-model';
    if (kind === 'count_tokens') {
      res.writeHead(200, { ...common, 'content-type': 'application/json' });
      res.end(JSON.stringify({ input_tokens: estimateTokens(rec.rawBody.length) }));
      return;
    }
    const plan = planReply(P.factsOf(protocol, body, rec.rawBody.length), sc);
    const stream = body.stream === true;
    if (!stream) {
      const json =
        protocol === 'anthropic'
          ? P.anthropicJson(plan, model)
          : protocol === 'openai-chat'
            ? P.chatJson(plan, model)
            : P.responsesJson(plan, model);
      const text = JSON.stringify(json);
      res.writeHead(200, { ...common, 'content-type': 'application/json' });
      if (sc.firstByteMs > 0) {
        res.flushHeaders();
        await sleep(sc.firstByteMs);
      }
      if (sc.dropAfter !== undefined) {
        res.write(text.slice(0, Math.floor(text.length / 2)));
        res.destroy();
        return;
      }
      res.end(text);
      return;
    }
    const streamOpts = (body.stream_options ?? {}) as Record<string, unknown>;
    const events =
      protocol === 'anthropic'
        ? P.anthropicStream(plan, model, sc.deltas)
        : protocol === 'openai-chat'
          ? P.chatStream(plan, model, sc.deltas, streamOpts.include_usage === true)
          : P.responsesStream(plan, model, sc.deltas);
    res.writeHead(200, {
      ...common,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.flushHeaders();
    if (sc.firstByteMs > 0) await sleep(sc.firstByteMs);
    for (let i = 0; i < events.length; i++) {
      if (res.destroyed) return;
      if (sc.dropAfter !== undefined && i >= sc.dropAfter) {
        // let the written events reach the wire first: a drop after delivered data
        await sleep(30);
        res.destroy();
        return;
      }
      if (sc.truncateAfter !== undefined && i >= sc.truncateAfter) break;
      if (sc.streamErrorAfter !== undefined && i >= sc.streamErrorAfter) {
        res.write(streamError(protocol, sc.errorMessage ?? 'mock in-stream error'));
        break;
      }
      if (i > 0 && sc.gapMs > 0) await sleep(sc.gapMs);
      res.write(events[i]);
    }
    res.end();
  }

  const api: MockUpstream = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    requests,
    async start(opts = {}) {
      server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const rawBody = Buffer.concat(chunks).toString('utf8');
          let body: Record<string, unknown> | undefined;
          try {
            body = rawBody ? (JSON.parse(rawBody) as Record<string, unknown>) : undefined;
          } catch {
            body = undefined;
          }
          const url = req.url ?? '/';
          const path = url.split('?')[0]!;
          const header = req.headers['x-mock-scenario'];
          const scenario = queue.shift() ?? (typeof header === 'string' ? header : undefined) ?? scenarioFromModel(body?.model) ?? '';
          const rec: MockRequest = {
            method: req.method ?? 'GET',
            path,
            url,
            headers: req.headers,
            rawBody,
            body,
            scenario,
            at: Date.now(),
            aborted: false,
            finished: false,
            sent: '',
          };
          const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
          const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
          res.write = ((chunk: unknown, ...rest: unknown[]) => {
            if (typeof chunk === 'string') rec.sent += chunk;
            return write(chunk, ...rest);
          }) as typeof res.write;
          res.end = ((...args: unknown[]) => {
            if (typeof args[0] === 'string') rec.sent += args[0];
            rec.status = res.statusCode;
            return end(...args);
          }) as typeof res.end;
          requests.push(rec);
          for (const w of waiters.splice(0)) w();
          res.on('finish', () => (rec.finished = true));
          res.on('close', () => {
            if (!rec.finished) rec.aborted = true;
          });
          handle(req, res, rec).catch((e: unknown) => {
            // Like a real API: a body it cannot make sense of gets a 400 in its protocol.
            if (res.headersSent) return res.destroy();
            const kind = protocolOf(rec.method, rec.path);
            const protocol: P.MockProtocol =
              kind === 'anthropic' || kind === 'openai-chat' || kind === 'openai-responses' ? kind : 'anthropic';
            res.writeHead(400, { 'content-type': 'application/json' });
            res.end(JSON.stringify(errorBody(protocol, 400, `mock: invalid request (${(e as Error).message})`)));
          });
        });
      });
      server.keepAliveTimeout = 30_000;
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
      });
      port = (server.address() as AddressInfo).port;
      return api;
    },
    async close() {
      if (!server) return;
      const s = server;
      server = undefined;
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    },
    enqueue(...specs) {
      queue.push(...specs);
    },
    reset() {
      requests.length = 0;
      queue.length = 0;
    },
    async waitForRequests(n, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < n) {
        if (Date.now() > deadline) throw new Error(`mock upstream: expected ${n} requests, got ${requests.length}`);
        await Promise.race([new Promise<void>((r) => waiters.push(r)), sleep(50)]);
      }
      return requests;
    },
  };
  return api;
}

/** Create and start a mock upstream (port 0 = any free port). */
export async function startMockUpstream(opts: { port?: number; host?: string } = {}): Promise<MockUpstream> {
  return createMockUpstream().start(opts);
}
