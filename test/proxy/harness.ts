/**
 * Test harness: a mock upstream, a resolved config pointing at it, and a listening proxy.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { parseConfigText, resolveConfig } from '../../src/main/services/config/load';
import type { ResolvedConfig } from '../../src/shared/config-schema';
import type { ExchangeEvent, RecordingSink } from '../../src/shared/recording';
import { buildProxy } from '../../src/proxy/build-proxy';
import { createProxyRuntime } from '../../src/proxy/runtime';
import type { ProxyDeps, ProxyRuntime } from '../../src/proxy/types';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream/index';

export const APP_TOKEN = 'sy-app-token-1234567890';
export const LANE_KEY = 'sk-ant-lane-key-abcdef';
export const OPENAI_KEY = 'sk-openai-lane-key-xyz';

export interface Harness {
  mock: MockUpstream;
  app: FastifyInstance;
  url: string;
  runtime: ProxyRuntime;
  events: ExchangeEvent[];
  source: { current(): ResolvedConfig; set(yaml: string): void };
  close(): Promise<void>;
}

export function configYaml(mockUrl: string, extra = ''): string {
  return `
server:
  tokens: [extra-token-1]
providers:
  - id: anthropic
    protocol: anthropic
    baseUrl: ${mockUrl}
    apiKey: ${LANE_KEY}
    headers: { x-lane-a: only-anthropic }
  - id: backup
    protocol: anthropic
    baseUrl: ${mockUrl}/backup
    apiKey: backup-lane-key-999
  - id: oai
    protocol: openai-chat
    baseUrl: ${mockUrl}/v1
    apiKey: ${OPENAI_KEY}
    headers: { x-lane-o: only-openai }
    models: [gpt-mock-1, gpt-mock-2]
  - id: resp
    protocol: openai-responses
    baseUrl: ${mockUrl}/v1
    apiKey: ${OPENAI_KEY}
routes:
  - { name: claude-sonnet-4-5, provider: anthropic }
  - { name: renamed, provider: anthropic, model: upstream-name }
  - { name: with-fallback, provider: anthropic, model: primary-model, fallback: [backup/backup-model] }
  - { name: gpt-5-codex, provider: resp }
  - { name: chat-model, provider: oai, model: chat-upstream }
slots:
  claude-code: { opus: anthropic/claude-opus-4-1, sonnet: anthropic/sonnet-upstream, haiku: anthropic/haiku-upstream }
  codex: { default: resp/gpt-5 }
${extra}`;
}

export function resolve(yaml: string, version = 1): ResolvedConfig {
  return resolveConfig(parseConfigText(yaml).config, {}, version).resolved;
}

export async function startHarness(
  opts: { yaml?: (mockUrl: string) => string; deps?: Partial<ProxyDeps>; sink?: RecordingSink | null } = {},
): Promise<Harness> {
  const mock = await startMockUpstream();
  let version = 1;
  let cfg = resolve((opts.yaml ?? configYaml)(mock.url), version);
  const source = {
    current: () => cfg,
    set(yaml: string) {
      version += 1;
      cfg = resolve(yaml, version);
    },
  };
  const events: ExchangeEvent[] = [];
  const runtime = createProxyRuntime({ circuit: { failureThreshold: 3, cooldownMs: 60_000 } });
  const sink: RecordingSink | undefined = opts.sink === null ? undefined : (opts.sink ?? { emit: (e) => events.push(e) });
  const app = buildProxy(source, {
    runtime,
    appToken: APP_TOKEN,
    sink,
    retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2000 },
    ...opts.deps,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    mock,
    app,
    url,
    runtime,
    events,
    source,
    async close() {
      await app.close();
      await mock.close();
    },
  };
}

export const auth = { authorization: `Bearer ${APP_TOKEN}`, 'content-type': 'application/json' };
export const anthropicHeaders = { ...auth, 'anthropic-version': '2023-06-01', 'anthropic-beta': 'beta-a,beta-b' };

export function messagesBody(model: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], ...extra };
}

/** POST JSON and read the whole answer. */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = anthropicHeaders,
): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

export function sseEvents(text: string): Array<{ event?: string; data: string }> {
  return text
    .split(/\n\n/)
    .filter((b) => b.trim())
    .map((block) => {
      const ev: { event?: string; data: string } = { data: '' };
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) ev.event = line.slice(7);
        else if (line.startsWith('data: ')) ev.data += line.slice(6);
      }
      return ev;
    });
}

export async function waitFor(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('waitFor timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
