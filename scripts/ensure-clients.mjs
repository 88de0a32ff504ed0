#!/usr/bin/env node
// Installs the real Claude Code and Codex CLIs into the git-ignored .cache/clients/ for the
// end-to-end tests (test/e2e-clients). They are not project dependencies (~370 MB and ~400 MB
// of native binaries), so they are fetched on demand, pinned, and skipped when present.
//
// Both ship native per-platform binaries through optionalDependencies, so neither needs a
// particular Node version at run time (claude-code's engines field says >=22, but its
// `claude` is a standalone executable that runs fine next to Node 20).
//
// Usage: node scripts/ensure-clients.mjs [--force] [--quiet]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLIENT_VERSIONS = {
  '@anthropic-ai/claude-code': '2.1.330',
  '@openai/codex': '0.169.0',
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLIENTS_DIR = path.join(root, '.cache', 'clients');
const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');
const log = (msg) => {
  if (!quiet) process.stdout.write(`ensure-clients: ${msg}\n`);
};

function platformKey() {
  if (process.platform !== 'linux' && process.platform !== 'darwin' && process.platform !== 'win32') return null;
  return `${process.platform}-${process.arch}`;
}

function installedVersion(pkg) {
  const file = path.join(CLIENTS_DIR, 'node_modules', pkg, 'package.json');
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')).version ?? null;
  } catch {
    return null;
  }
}

/** The executables the tests run; each must exist and answer --version. */
function executables() {
  const nm = path.join(CLIENTS_DIR, 'node_modules');
  const plat = platformKey();
  const codexTriple = {
    'linux-x64': 'x86_64-unknown-linux-musl',
    'linux-arm64': 'aarch64-unknown-linux-musl',
    'darwin-x64': 'x86_64-apple-darwin',
    'darwin-arm64': 'aarch64-apple-darwin',
  }[plat ?? ''];
  // Prefer the platform package's binary: it is there even when install scripts were
  // disabled and bin/claude.exe is still the postinstall placeholder.
  const claudeNative = [`claude-code-${plat}`, `claude-code-${plat}-musl`]
    .map((p) => path.join(nm, '@anthropic-ai', p, process.platform === 'win32' ? 'claude.exe' : 'claude'))
    .find((f) => existsSync(f));
  return {
    claude: claudeNative ?? path.join(nm, '@anthropic-ai', 'claude-code', 'bin', 'claude.exe'),
    codex: codexTriple ? path.join(nm, '@openai', `codex-${plat}`, 'vendor', codexTriple, 'bin', 'codex') : null,
  };
}

function probe(file, expectVersion) {
  if (!file || !existsSync(file)) return `missing ${file ?? '(no binary for this platform)'}`;
  const r = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, HOME: CLIENTS_DIR } });
  if (r.error) return `${file} --version failed: ${r.error.message}`;
  if (r.status !== 0) return `${file} --version exited ${r.status}: ${(r.stderr || r.stdout).trim().slice(0, 300)}`;
  if (!r.stdout.includes(expectVersion)) return `${file} --version printed "${r.stdout.trim()}", expected ${expectVersion}`;
  return null;
}

function check() {
  const problems = [];
  for (const [pkg, version] of Object.entries(CLIENT_VERSIONS)) {
    const have = installedVersion(pkg);
    if (have !== version) problems.push(`${pkg}: have ${have ?? 'none'}, want ${version}`);
  }
  if (problems.length) return problems;
  const exe = executables();
  const a = probe(exe.claude, CLIENT_VERSIONS['@anthropic-ai/claude-code']);
  const b = probe(exe.codex, CLIENT_VERSIONS['@openai/codex']);
  return [a, b].filter(Boolean);
}

function install() {
  mkdirSync(CLIENTS_DIR, { recursive: true });
  // A package.json of its own keeps npm from walking up into the project's.
  const pj = path.join(CLIENTS_DIR, 'package.json');
  if (!existsSync(pj)) writeFileSync(pj, JSON.stringify({ name: 'switchyard-e2e-clients', private: true }, null, 2) + '\n');
  const specs = Object.entries(CLIENT_VERSIONS).map(([p, v]) => `${p}@${v}`);
  log(`installing ${specs.join(' ')} into ${path.relative(root, CLIENTS_DIR)} (several hundred MB, once)…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // --include=optional: the native binaries live in optional per-platform packages.
  // Install scripts must run: claude-code's postinstall links its platform binary into bin/.
  const r = spawnSync(
    npm,
    ['install', '--prefix', CLIENTS_DIR, '--no-save', '--no-audit', '--no-fund', '--include=optional', '--loglevel=error', ...specs],
    { stdio: quiet ? 'pipe' : 'inherit', encoding: 'utf8', env: { ...process.env, npm_config_ignore_scripts: 'false' } },
  );
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : `npm exited ${r.status}${r.stderr ? `: ${r.stderr.trim().slice(-500)}` : ''}`;
    throw new Error(`npm install failed (${why}). The e2e client tests need the npm registry; they will skip with this reason.`);
  }
}

function main() {
  if (!platformKey()) {
    process.stderr.write(`ensure-clients: unsupported platform ${process.platform}-${process.arch}\n`);
    process.exit(1);
  }
  let problems = args.has('--force') ? ['forced'] : check();
  if (problems.length === 0) {
    log(`claude-code ${CLIENT_VERSIONS['@anthropic-ai/claude-code']} and codex ${CLIENT_VERSIONS['@openai/codex']} already present`);
    return;
  }
  log(problems.join('; '));
  try {
    install();
  } catch (e) {
    process.stderr.write(`ensure-clients: ${e.message}\n`);
    process.exit(1);
  }
  problems = check();
  if (problems.length) {
    process.stderr.write(`ensure-clients: installed, but the clients do not run:\n  ${problems.join('\n  ')}\n`);
    process.exit(1);
  }
  log('ready');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
