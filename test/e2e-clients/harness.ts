/**
 * Harness for running the real Claude Code and Codex CLIs against Switchyard and a scripted
 * upstream: a temp HOME per test (never the real one), a temp data dir with a switchyard.yaml
 * whose lanes point at the mock, a scrubbed environment (no network-bound settings, telemetry
 * and auto-update off), captured output, and cleanup that kills every child by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringify as toYaml } from 'yaml';
import type { HeadlessHost } from '../../src/main/headless/host';
import { claudePath, codexPath, nodePath, REPO_ROOT } from './clients';
import { startScriptedUpstream, type ScriptedUpstream, type ScriptedUpstreamOptions, type WireProtocol } from './scripted-upstream';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface LaneKeys {
  anthropic: string;
  'openai-chat': string;
  'openai-responses': string;
}

/** Fake lane keys: what the mock must receive instead of the client's token. */
export const LANE_KEYS: LaneKeys = {
  anthropic: 'sk-test-lane-key-anthropic-0001',
  'openai-chat': 'sk-test-lane-key-chat-0002',
  'openai-responses': 'sk-test-lane-key-responses-0003',
};

export const LANE_IDS: Record<WireProtocol, string> = {
  anthropic: 'mock-anthropic',
  'openai-chat': 'mock-chat',
  'openai-responses': 'mock-responses',
};

/** The model name Codex is configured with; a route maps it to the lane under test. */
export const CODEX_MODEL = 'e2e-codex-model';
export const UPSTREAM_MODEL = 'mock-upstream-model';

/** Settings that keep Claude Code from phoning home, updating itself or asking questions. */
const CLAUDE_QUIET_ENV = {
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  DISABLE_AUTOUPDATER: '1',
  DISABLE_TELEMETRY: '1',
  DISABLE_ERROR_REPORTING: '1',
  DISABLE_BUG_COMMAND: '1',
  CLAUDE_CODE_DISABLE_FEEDBACK_SURVEY: '1',
  CLAUDE_CODE_DISABLE_TERMINAL_TITLE: '1',
};

/** Codex has no telemetry env switches; config.toml turns off analytics and update checks. */
const CODEX_QUIET_TOML = ['check_for_update_on_startup = false', '[analytics]', 'enabled = false', '[feedback]', 'enabled = false'];

export function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface SwitchyardOptions {
  upstream: ScriptedUpstream;
  /** The lane the clients' slots/routes point at. */
  lane: WireProtocol;
  /** Fixed port (integration tests write it into client configs); default: any free port. */
  port?: number;
}

export interface Harness {
  /** A fresh temp HOME with a work dir (cwd for the clients). */
  home(): { home: string; work: string };
  upstream(opts?: ScriptedUpstreamOptions): Promise<ScriptedUpstream>;
  switchyard(opts: SwitchyardOptions): Promise<{ host: HeadlessHost; dataDir: string; configPath: string }>;
  /** Base environment: PATH, HOME and locale only — never the developer's credentials. */
  baseEnv(home: string, extra?: Record<string, string>): Record<string, string>;
  claudeEnv(home: string, baseUrl: string, token: string): Record<string, string>;
  writeCodexConfig(home: string, baseUrl: string, opts?: { model?: string; envKey?: string }): string;
  codexEnv(home: string, token: string): Record<string, string>;
  run(cmd: string, args: string[], opts: { env: Record<string, string>; cwd: string; timeoutMs: number }): Promise<RunResult>;
  claude(args: string[], opts: { env: Record<string, string>; cwd: string; timeoutMs?: number }): Promise<RunResult>;
  codex(args: string[], opts: { env: Record<string, string>; cwd: string; timeoutMs?: number }): Promise<RunResult>;
  /** The switchyard CLI from source (tsx), as a child process. */
  switchyardCli(args: string[], opts: { env: Record<string, string>; cwd: string; timeoutMs?: number }): Promise<RunResult>;
  /** `switchyard serve` as a child process (the public command), once it printed its ready line. */
  serveProcess(opts: { upstream: ScriptedUpstream; lane: WireProtocol }): Promise<ServeProcess>;
  cleanup(): Promise<void>;
}

export interface ServeProcess {
  url: string;
  dataDir: string;
  /** The app token the server created in its data dir. */
  token: string;
  /** SIGTERM (graceful shutdown), resolved with the server's exit and output. */
  stop(): Promise<RunResult>;
}

export function switchyardConfig(upstreamUrl: string, lane: WireProtocol, port = 0): Record<string, unknown> {
  const providers = [
    { id: LANE_IDS.anthropic, protocol: 'anthropic', baseUrl: upstreamUrl, apiKey: LANE_KEYS.anthropic },
    { id: LANE_IDS['openai-chat'], protocol: 'openai-chat', baseUrl: `${upstreamUrl}/v1`, apiKey: LANE_KEYS['openai-chat'] },
    { id: LANE_IDS['openai-responses'], protocol: 'openai-responses', baseUrl: `${upstreamUrl}/v1`, apiKey: LANE_KEYS['openai-responses'] },
  ];
  const target = `${LANE_IDS[lane]}/${UPSTREAM_MODEL}`;
  return {
    server: { port, host: '127.0.0.1' },
    providers,
    routes: [{ name: CODEX_MODEL, provider: LANE_IDS[lane], model: UPSTREAM_MODEL }],
    slots: {
      'claude-code': { opus: target, sonnet: target, haiku: target, subagent: target, default: target },
      codex: { default: target },
    },
    recording: { enabled: true, trajectoryDir: null },
  };
}

export function createHarness(): Harness {
  const dirs: string[] = [];
  const children = new Set<ChildProcess>();
  const closers: Array<() => Promise<void>> = [];

  // Temp dirs live outside the repo (a client that finds a git repo around its cwd reports
  // and snapshots it). Each HOME gets its own TMPDIR: Codex refuses to create its helper
  // binaries when CODEX_HOME is under the process's temp dir, and warns on every run.
  const mkTemp = (prefix: string) => {
    const d = mkdtempSync(path.join(os.tmpdir(), `switchyard-e2e-${prefix}`));
    dirs.push(d);
    return d;
  };

  const baseEnv = (home: string, extra: Record<string, string> = {}): Record<string, string> => ({
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    USER: 'e2e',
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    NO_COLOR: '1',
    TMPDIR: path.join(home, '.tmp'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    ...extra,
  });

  const run: Harness['run'] = (cmd, args, opts) =>
    new Promise((resolve, reject) => {
      // detached: own process group, so a timeout kills the client and whatever it spawned.
      const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      children.add(child);
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const timer = setTimeout(() => {
        timedOut = true;
        killTree(child);
      }, opts.timeoutMs);
      child.on('error', (e) => {
        clearTimeout(timer);
        children.delete(child);
        reject(e);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        children.delete(child);
        resolve({ code, signal, stdout, stderr, timedOut });
      });
    });

  const harness: Harness = {
    home() {
      const home = mkTemp('home-');
      const work = path.join(home, 'work');
      mkdirSync(work, { recursive: true });
      mkdirSync(path.join(home, '.tmp'), { recursive: true });
      return { home, work };
    },
    async upstream(opts) {
      const u = await startScriptedUpstream(opts);
      closers.push(() => u.close());
      return u;
    },
    async switchyard({ upstream, lane, port }) {
      const dataDir = mkTemp('data-');
      const configPath = path.join(dataDir, 'switchyard.yaml');
      writeFileSync(configPath, toYaml(switchyardConfig(upstream.url, lane, port ?? 0)));
      // Imported lazily: the client-shape tests run without the proxy being built.
      const { startHeadless } = await import('../../src/main/headless/host');
      const host = await startHeadless({ dataDir, configPath, port: port ?? 0, quiet: true, env: { HOME: dataDir } });
      closers.push(() => host.close());
      return { host, dataDir, configPath };
    },
    baseEnv,
    claudeEnv(home, baseUrl, token) {
      return baseEnv(home, { ...CLAUDE_QUIET_ENV, ANTHROPIC_BASE_URL: baseUrl, ANTHROPIC_AUTH_TOKEN: token });
    },
    writeCodexConfig(home, baseUrl, opts = {}) {
      const codexHome = path.join(home, '.codex');
      mkdirSync(codexHome, { recursive: true });
      const toml = [
        `model = "${opts.model ?? CODEX_MODEL}"`,
        'model_provider = "switchyard"',
        'approval_policy = "never"',
        // The tool the mock asks for is a harmless echo in the temp work dir; Codex's
        // bubblewrap sandbox cannot start inside this container, so run it unsandboxed.
        'sandbox_mode = "danger-full-access"',
        ...CODEX_QUIET_TOML,
        '',
        '[model_providers.switchyard]',
        'name = "Switchyard"',
        `base_url = "${baseUrl}/v1"`,
        `env_key = "${opts.envKey ?? 'SWITCHYARD_TOKEN'}"`,
        'wire_api = "responses"',
        '',
      ].join('\n');
      writeFileSync(path.join(codexHome, 'config.toml'), toml);
      return codexHome;
    },
    codexEnv(home, token) {
      return baseEnv(home, { CODEX_HOME: path.join(home, '.codex'), SWITCHYARD_TOKEN: token });
    },
    run,
    claude(args, opts) {
      return run(claudePath(), args, { timeoutMs: 60_000, ...opts });
    },
    codex(args, opts) {
      return run(codexPath(), args, { timeoutMs: 60_000, ...opts });
    },
    switchyardCli(args, opts) {
      return run(nodePath(), [...cliArgs(), ...args], { timeoutMs: 60_000, ...opts });
    },
    async serveProcess({ upstream, lane }) {
      const dataDir = mkTemp('serve-');
      const configPath = path.join(dataDir, 'switchyard.yaml');
      writeFileSync(configPath, toYaml(switchyardConfig(upstream.url, lane, 0)));
      const args = [...cliArgs(), 'serve', '--data-dir', dataDir, '--config', configPath, '--port', '0'];
      const child = spawn(nodePath(), args, { cwd: dataDir, env: baseEnv(dataDir), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      children.add(child);
      let stdout = '';
      let stderr = '';
      child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const exited = new Promise<RunResult>((resolve) =>
        child.on('close', (code, signal) => {
          children.delete(child);
          resolve({ code, signal, stdout, stderr, timedOut: false });
        }),
      );
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`switchyard serve not ready after 30 s\n${stdout}\n${stderr}`)), 30_000);
        const onData = () => {
          const m = /Switchyard listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
          if (!m) return;
          clearTimeout(timer);
          child.stdout!.off('data', onData);
          resolve(m[1]!);
        };
        child.stdout!.on('data', onData);
        void exited.then((r) => {
          clearTimeout(timer);
          reject(new Error(`switchyard serve exited before ready (${r.code})\n${r.stdout}\n${r.stderr}`));
        });
      });
      const token = readFileSync(path.join(dataDir, 'app-token'), 'utf8').trim();
      return {
        url,
        dataDir,
        token,
        stop: () => {
          if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
          return exited;
        },
      };
    },
    async cleanup() {
      for (const c of children) killTree(c);
      children.clear();
      for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Node arguments that run the switchyard CLI from source. */
function cliArgs(): string[] {
  // tsx by absolute URL: the child's cwd is a temp dir where 'tsx' would not resolve.
  const tsx = pathToFileURL(path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  return ['--import', tsx, path.join(REPO_ROOT, 'test', 'e2e-clients', 'cli-entry.ts')];
}

/** Kill a detached child's whole process group by its PID (never by name). */
function killTree(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** A compact description of a failed run for assertion messages. */
export function describeRun(r: RunResult): string {
  return `exit=${r.code} signal=${r.signal} timedOut=${r.timedOut}\n--- stdout ---\n${r.stdout.slice(-3000)}\n--- stderr ---\n${r.stderr.slice(-3000)}`;
}
