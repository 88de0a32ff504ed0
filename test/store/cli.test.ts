import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/index';
import type { TrajectoryStore } from '../../src/main/services/store';
import { anthropicSSE, emitExchange, makeStore, tmpDir } from './helpers';

let store: TrajectoryStore | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await store?.close();
  store = undefined;
});

async function run(args: string[]): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  });
  const program = buildProgram();
  program.exitOverride();
  await program.parseAsync(['node', 'switchyard', ...args]);
  vi.restoreAllMocks();
  return out;
}

async function seeded(): Promise<string> {
  const dir = tmpDir();
  // The server keeps its store open: the CLI reads beside it (WAL).
  store = makeStore(dir);
  const body = (t: string): string =>
    JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: t }], stream: true });
  emitExchange(store, {
    body: body('Explain the walrus operator'),
    chunks: anthropicSSE('It assigns inside expressions.'),
    session: { claudeCodeSessionId: 'cli-1' },
  });
  emitExchange(store, {
    body: body('Write a haiku about ferries'),
    chunks: anthropicSSE('Slow hull, grey water'),
    client: 'codex',
    session: { codexSessionId: 'cli-2' },
  });
  await store.flush();
  return dir;
}

describe('switchyard sessions / usage CLI', () => {
  it('lists sessions as a table and as JSON, with client and search filters', async () => {
    const dir = await seeded();
    const table = await run(['sessions', 'list', '--data-dir', dir]);
    expect(table).toMatch(/^ID\s+CLIENT/);
    expect(table).toContain('cli-1');
    expect(table).toContain('Explain the walrus operator');
    const json = JSON.parse(await run(['sessions', 'list', '--json', '--data-dir', dir]));
    expect(json.total).toBe(2);
    expect(
      JSON.parse(await run(['sessions', 'list', '--json', '--client', 'codex', '--data-dir', dir])).sessions.map(
        (s: { id: string }) => s.id,
      ),
    ).toEqual(['cli-2']);
    expect(
      JSON.parse(await run(['sessions', 'list', '--json', '--search', 'walrus', '--data-dir', dir])).sessions.map(
        (s: { id: string }) => s.id,
      ),
    ).toEqual(['cli-1']);
    expect(JSON.parse(await run(['sessions', 'list', '--json', '--limit', '1', '--data-dir', dir])).sessions).toHaveLength(1);
  });

  it('shows a session and exports it', async () => {
    const dir = await seeded();
    const shown = await run(['sessions', 'show', 'cli-1', '--data-dir', dir]);
    expect(shown).toContain('Explain the walrus operator');
    expect(shown).toContain('anthropic/claude-sonnet-4-5');
    const detail = JSON.parse(await run(['sessions', 'show', 'cli-1', '--json', '--data-dir', dir]));
    expect(detail.conversation.at(-1).content[0].text).toBe('It assigns inside expressions.');
    const out = path.join(dir, 'exports');
    await run(['sessions', 'export', 'cli-1', '--format', 'html', '--out', out, '--data-dir', dir]);
    expect(fs.readFileSync(path.join(out, 'cli-1.html'), 'utf8')).toContain('It assigns inside expressions.');
    await run(['sessions', 'export', 'cli-1', '--format', 'jsonl', '--out', out, '--data-dir', dir]);
    expect(fs.readFileSync(path.join(out, 'cli-1.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    await run(['sessions', 'export', 'cli-1', '--format', 'files', '--out', out, '--data-dir', dir]);
    expect(fs.readdirSync(path.join(out, 'cli-1', 'query'))).toHaveLength(1);
  });

  it('prints usage per lane with stream metrics', async () => {
    const dir = await seeded();
    const rows = JSON.parse(await run(['usage', '--json', '--by', 'client', '--data-dir', dir]));
    expect(rows.map((r: { key: string }) => r.key)).toEqual(['claude-code', 'codex']);
    expect(rows[0].streamEvents).toBeGreaterThan(0);
    const table = await run(['usage', '--since', '7d', '--data-dir', dir]);
    expect(table).toMatch(/^PROVIDER\s+REQS/);
    expect(table).toContain('anthropic');
  });

  it('says so when nothing was recorded in the data dir', async () => {
    const dir = tmpDir();
    expect(await run(['sessions', 'list', '--data-dir', dir])).toBe('No sessions recorded yet.\n');
    expect(JSON.parse(await run(['sessions', 'list', '--json', '--data-dir', dir]))).toEqual({ sessions: [], total: 0 });
    expect(JSON.parse(await run(['usage', '--json', '--data-dir', dir]))).toEqual([]);
    await expect(run(['sessions', 'show', 'nope', '--data-dir', dir])).rejects.toThrow(/No trajectory database/);
  });
});
