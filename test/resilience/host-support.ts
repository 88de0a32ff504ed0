/**
 * The real host (services + store + proxy + /api bridge) on a temp data dir, with a config
 * whose lanes point at an in-process mock upstream, provider keys passed through ENV:, and
 * every logger line captured (so tests can search them for secrets).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type RunningApp } from '../../src/main/headless/app';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream/index';
import { ANT_KEY, OAI_KEY, type Loose } from './support';

export interface TestHost {
  app: RunningApp;
  mock: MockUpstream;
  url: string;
  port: number;
  dataDir: string;
  token: string;
  logs: string[];
  api(channel: string, args?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Loose }>;
  close(): Promise<void>;
}

export function hostYaml(mockUrl: string, extra = ''): string {
  return `
server:
  port: 0
  tokens: [${CLIENT_ONLY_TOKEN}]
providers:
  - { id: anthropic, protocol: anthropic, baseUrl: "${mockUrl}", apiKey: ENV:SY_TEST_ANT_KEY }
  - { id: oai, protocol: openai-chat, baseUrl: "${mockUrl}/v1", apiKey: ENV:SY_TEST_OAI_KEY }
  - { id: resp, protocol: openai-responses, baseUrl: "${mockUrl}/v1", apiKey: ENV:SY_TEST_OAI_KEY }
routes:
  - { name: claude-sonnet-4-5, provider: anthropic }
  - { name: chat-model, provider: oai, model: chat-upstream }
  - { name: gpt-5-codex, provider: resp }
  - { name: claude-via-chat, provider: oai, model: chat-upstream }
  - { name: chat-via-anthropic, provider: anthropic, model: claude-upstream }
  - { name: codex-via-anthropic, provider: anthropic, model: claude-upstream }
slots:
  claude-code: { sonnet: anthropic/claude-sonnet-4-5 }
  codex: { default: resp/gpt-5-codex }
${extra}`;
}

/** A proxy client token from config server.tokens: good for /v1/*, never for /api/*. */
export const CLIENT_ONLY_TOKEN = 'sy-client-only-token-3b8f1d';

export async function startTestHost(
  opts: {
    dataDir?: string;
    prepare?: (dataDir: string) => void;
    extraYaml?: (dataDir: string) => string;
    env?: Record<string, string>;
  } = {},
): Promise<TestHost> {
  const mock = await startMockUpstream();
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sy-host-fault-'));
  fs.writeFileSync(path.join(dataDir, 'switchyard.yaml'), hostYaml(mock.url, opts.extraYaml?.(dataDir)));
  opts.prepare?.(dataDir);
  const logs: string[] = [];
  const app = await startApp({
    host: 'headless',
    dataDir,
    port: 0,
    env: { SY_TEST_ANT_KEY: ANT_KEY, SY_TEST_OAI_KEY: OAI_KEY, ...opts.env },
    logger: {
      info: (m) => logs.push(`info: ${m}`),
      warn: (m) => logs.push(`warn: ${m}`),
      error: (m) => logs.push(`error: ${m}`),
    },
  });
  const token = app.ctx.appToken;
  return {
    app,
    mock,
    url: app.url,
    port: app.port,
    dataDir,
    token,
    logs,
    async api(channel, args = null, headers = {}) {
      const res = await fetch(`${app.url}/api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
        body: JSON.stringify(args),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // keep the text
      }
      return { status: res.status, body };
    },
    async close() {
      app.fastify.server.closeAllConnections();
      await app.close();
      await mock.close();
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
