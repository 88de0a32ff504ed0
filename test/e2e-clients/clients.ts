/**
 * Where the real Claude Code and Codex CLIs live for the end-to-end tests. They are installed
 * on demand by `node scripts/ensure-clients.mjs` into the git-ignored .cache/clients/ (pinned
 * versions below must match that script). Both are native executables: no Node is needed to
 * run them, so Node 20 here is fine even though claude-code's engines field asks for >= 22.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLAUDE_CODE_VERSION = '2.1.330';
export const CODEX_VERSION = '0.169.0';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLIENTS_DIR = path.join(REPO_ROOT, '.cache', 'clients');
const NM = path.join(CLIENTS_DIR, 'node_modules');

const plat = `${process.platform}-${process.arch}`;
const CODEX_TRIPLES: Record<string, string> = {
  'linux-x64': 'x86_64-unknown-linux-musl',
  'linux-arm64': 'aarch64-unknown-linux-musl',
  'darwin-x64': 'x86_64-apple-darwin',
  'darwin-arm64': 'aarch64-apple-darwin',
};

/** The claude executable: the platform package's binary (present even without postinstall). */
export function claudePath(): string {
  const native = [`claude-code-${plat}`, `claude-code-${plat}-musl`]
    .map((p) => path.join(NM, '@anthropic-ai', p, 'claude'))
    .find((f) => existsSync(f));
  return native ?? path.join(NM, '@anthropic-ai', 'claude-code', 'bin', 'claude.exe');
}

/** The codex executable: the Rust binary inside the platform package (skips the JS launcher). */
export function codexPath(): string {
  const triple = CODEX_TRIPLES[plat] ?? 'unsupported';
  return path.join(NM, '@openai', `codex-${plat}`, 'vendor', triple, 'bin', 'codex');
}

/** The Node binary for anything the tests spawn with Node (the switchyard CLI). */
export function nodePath(): string {
  return process.execPath;
}

function installedVersion(pkg: string): string | null {
  try {
    return (JSON.parse(readFileSync(path.join(NM, pkg, 'package.json'), 'utf8')) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

const cache = new Map<string, string | null>();

function probe(kind: 'claude' | 'codex'): string | null {
  const pkg = kind === 'claude' ? '@anthropic-ai/claude-code' : '@openai/codex';
  const want = kind === 'claude' ? CLAUDE_CODE_VERSION : CODEX_VERSION;
  const have = installedVersion(pkg);
  const fix = 'run `node scripts/ensure-clients.mjs` (needs the npm registry)';
  if (have === null) return `${pkg} is not installed in .cache/clients — ${fix}`;
  if (have !== want) return `${pkg} ${have} is installed but the tests pin ${want} — ${fix}`;
  const exe = kind === 'claude' ? claudePath() : codexPath();
  if (!existsSync(exe)) return `${pkg}: native binary missing at ${exe} — ${fix}`;
  const r = spawnSync(exe, ['--version'], { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH, HOME: CLIENTS_DIR } });
  if (r.error) return `${exe} --version failed: ${r.error.message}`;
  if (r.status !== 0 || !r.stdout.includes(want)) return `${exe} --version → ${r.status}: ${(r.stdout + r.stderr).trim().slice(0, 200)}`;
  return null;
}

/** Why the tests for this client cannot run here, or null when they can. Cached per process. */
export function skipReason(kind: 'claude' | 'codex'): string | null {
  if (!cache.has(kind)) {
    const reason = probe(kind);
    cache.set(kind, reason);
    // Loud on purpose: a silently skipped e2e suite looks like a passing one.
    if (reason) process.stderr.write(`\n[e2e-clients] SKIPPING ${kind} tests: ${reason}\n\n`);
  }
  return cache.get(kind) ?? null;
}
