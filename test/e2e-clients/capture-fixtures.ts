/**
 * Records what the real clients send, straight to the scripted upstream (no proxy), and saves
 * trimmed examples under test/e2e-clients/captures/ for the proxy and codec work:
 *   npx tsx test/e2e-clients/capture-fixtures.ts
 * Long texts are cut (their length kept), tokens replaced, ids left as the clients made them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { skipReason } from './clients';
import { createHarness } from './harness';
import type { RecordedRequest } from './scripted-upstream';
import { markerToolPlan, writeMarker } from './scenario';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'captures');
const CLIENT_TOKEN = 'client-token-for-capture';

function trim(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > 300 ? `${value.slice(0, 240)}… [${value.length} chars]` : value;
  if (Array.isArray(value)) return value.map((v) => trim(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // Tool schemas are large and not what the captures are for: keep their top level.
      if ((k === 'input_schema' || k === 'parameters') && depth > 1) out[k] = { '…': `schema with keys ${Object.keys(v ?? {}).join(',')}` };
      else out[k] = trim(v, depth + 1);
    }
    return out;
  }
  return value;
}

function redact(headers: RecordedRequest['headers']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (k === 'authorization') out[k] = 'Bearer <client token>';
    else if (k === 'x-api-key') out[k] = '<client key>';
    else out[k] = v;
  }
  return out;
}

function save(name: string, reqs: RecordedRequest[]): void {
  mkdirSync(OUT, { recursive: true });
  const rows = reqs.map((r) => ({ method: r.method, url: r.url, bodyBytes: r.rawLength, headers: redact(r.headers), body: trim(r.body) }));
  writeFileSync(path.join(OUT, `${name}.json`), JSON.stringify(rows, null, 2) + '\n');
  process.stdout.write(`captured ${reqs.length} request(s) → captures/${name}.json\n`);
}

async function main(): Promise<void> {
  const h = createHarness();
  try {
    if (!skipReason('claude')) {
      const { home, work } = h.home();
      const marker = writeMarker(work);
      const up = await h.upstream({ toolPlan: markerToolPlan(marker) });
      const r = await h.claude(['-p', 'Read marker.txt and tell me what it says', '--output-format', 'json'], {
        env: h.claudeEnv(home, up.url, CLIENT_TOKEN),
        cwd: work,
      });
      if (r.code !== 0) throw new Error(`claude failed: ${r.stderr}`);
      save('claude-code-tool-turn', up.requests);
    }
    if (!skipReason('codex')) {
      const { home, work } = h.home();
      const marker = writeMarker(work);
      const up = await h.upstream({ toolPlan: markerToolPlan(marker) });
      h.writeCodexConfig(home, up.url);
      const r = await h.codex(['exec', '--skip-git-repo-check', 'Run the echo'], { env: h.codexEnv(home, CLIENT_TOKEN), cwd: work });
      if (r.code !== 0) throw new Error(`codex failed: ${r.stderr}`);
      save('codex-tool-turn', up.requests);
    }
  } finally {
    await h.cleanup();
  }
}

await main();
