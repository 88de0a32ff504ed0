/**
 * `switchyard run [--task NAME] [--label L] [--provider ID] -- CMD ARGS…`: one task, one
 * session. Mints a session token bound to task/label/provider, registers it with the running
 * proxy (or starts one in-process), then runs CMD with the client variables in its
 * environment (never in argv, where `ps` would show the token), relaying stdio, signals and
 * the exit code.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import type { Command } from 'commander';
import { SESSION_TOKEN_ENV, SESSION_TOKEN_HEADER, type SessionTokenInfo, type SessionTokenInput } from '../../shared/domain';
import { SwitchyardError, type SwitchyardErrorJSON } from '../../shared/errors';
import type { IpcEnvelope } from '../../shared/ipc-contract';
import { CLAUDE_API_TIMEOUT_MS, CLAUDE_SLOT_ALIASES } from '../../main/services/integrations/claude-aliases';

export interface RunOptions {
  provider?: string;
  task?: string;
  label?: string;
  model?: string;
  dataDir?: string;
  config?: string;
  port?: number;
}

export interface RunIo {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** Forward these signals to the child (default SIGINT, SIGTERM, SIGHUP). */
  signals?: NodeJS.Signals[];
}

interface Session {
  url: string;
  info: SessionTokenInfo;
  inProcess: boolean;
  revoke(): Promise<void>;
  close(): Promise<void>;
}

async function callApi<R>(url: string, appToken: string, channel: string, args: unknown): Promise<R> {
  const res = await fetch(`${url}/api/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${appToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(args ?? {}),
    signal: AbortSignal.timeout(5000),
  });
  const body = (await res.json().catch(() => null)) as IpcEnvelope<R> | null;
  if (body && body.ok) return body.result;
  const err = body && !body.ok ? body.error : undefined;
  if (err) throw SwitchyardError.fromJSON(err as SwitchyardErrorJSON);
  throw new SwitchyardError('upstream_error', `${url}/api/${channel} answered HTTP ${res.status}.`);
}

/** Register with the server on the configured port, or start a headless host in-process. */
async function openSession(opts: RunOptions, input: SessionTokenInput, env: NodeJS.ProcessEnv, log: (l: string) => void): Promise<Session> {
  // Loaded here, not at the top: every CLI command (serve too) loads this file.
  const [{ readAppToken }, { loadLocalSetup, probeServer }] = await Promise.all([
    import('../../main/services/integrations/app-token'),
    import('../../main/services/integrations/local-setup'),
  ]);
  const setup = await loadLocalSetup(opts, env);
  const probe = setup.port > 0 ? await probeServer(setup.proxyUrl) : { answering: false };
  if (probe.answering) {
    const appToken = await readAppToken(setup.paths);
    if (!appToken) {
      throw new SwitchyardError(
        'auth_missing_token',
        `A server answers at ${setup.proxyUrl} but ${setup.paths.tokenPath} does not exist.`,
        {
          hint: 'Pass the --data-dir that server uses (or set SWITCHYARD_HOME).',
        },
      );
    }
    const info = await callApi<SessionTokenInfo>(setup.proxyUrl, appToken, 'tokens:register', input).catch((e: unknown) => {
      const err = e instanceof SwitchyardError ? e : new SwitchyardError('upstream_connect', (e as Error).message);
      if (err.code === 'auth_invalid_token') {
        throw new SwitchyardError(
          'auth_invalid_token',
          `The server at ${setup.proxyUrl} rejected the app token from ${setup.paths.tokenPath}.`,
          {
            hint: 'It runs with another data dir: pass the same --data-dir (or SWITCHYARD_HOME).',
          },
        );
      }
      throw err;
    });
    return {
      url: setup.proxyUrl,
      info,
      inProcess: false,
      revoke: () => callApi<void>(setup.proxyUrl, appToken, 'tokens:revoke', { token: info.token }).catch(() => undefined),
      close: async () => undefined,
    };
  }
  const { startHeadless } = await import('../../main/headless/host');
  const start = (port: number) => startHeadless({ dataDir: opts.dataDir, configPath: opts.config, port, quiet: true, env });
  let host;
  try {
    host = await start(setup.port);
  } catch (e) {
    // Something that is not Switchyard holds the port: any free port will do for one task.
    if (!(e instanceof SwitchyardError && e.code === 'port_in_use') || setup.port === 0) throw e;
    host = await start(0);
  }
  log(`switchyard: no server on ${setup.proxyUrl}; started one in-process at ${host.url}`);
  const info = await host.app.handlers['tokens:register'](input);
  return {
    url: host.url,
    info,
    inProcess: true,
    revoke: async () => {
      await host.app.handlers['tokens:revoke']({ token: info.token }).catch(() => undefined);
    },
    close: () => host.close(),
  };
}

/** The child's environment: Claude Code and Codex/OpenAI SDK variables pointing at the session. */
export function sessionEnv(base: NodeJS.ProcessEnv, url: string, info: SessionTokenInfo, model?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  // A real key in the shell would make Claude Code report an auth conflict or send it to the proxy.
  delete env.ANTHROPIC_API_KEY;
  Object.assign(env, {
    ANTHROPIC_BASE_URL: url,
    ANTHROPIC_AUTH_TOKEN: info.token,
    ANTHROPIC_DEFAULT_OPUS_MODEL: CLAUDE_SLOT_ALIASES.opus,
    ANTHROPIC_DEFAULT_SONNET_MODEL: CLAUDE_SLOT_ALIASES.sonnet,
    ANTHROPIC_DEFAULT_HAIKU_MODEL: CLAUDE_SLOT_ALIASES.haiku,
    API_TIMEOUT_MS: CLAUDE_API_TIMEOUT_MS,
    OPENAI_BASE_URL: `${url}/v1`,
    OPENAI_API_KEY: info.token,
    SWITCHYARD_URL: url,
    SWITCHYARD_SESSION_ID: info.sessionId,
    [SESSION_TOKEN_ENV]: info.token,
  });
  // settings.json `env` beats the process env in Claude Code, so a configured client would send
  // the app token instead: the header keeps the request bound to this session either way.
  const header = `${SESSION_TOKEN_HEADER}: ${info.token}`;
  env.ANTHROPIC_CUSTOM_HEADERS = base.ANTHROPIC_CUSTOM_HEADERS ? `${base.ANTHROPIC_CUSTOM_HEADERS}\n${header}` : header;
  if (model) env.ANTHROPIC_MODEL = model;
  return env;
}

/** Run `cmd` in its own Switchyard session; resolves with the exit code to relay. */
export async function runSession(cmd: string[], opts: RunOptions, io: RunIo = {}): Promise<number> {
  if (cmd.length === 0)
    throw new SwitchyardError('invalid_request', 'No command given.', { hint: 'Usage: switchyard run [options] -- CMD ARGS…' });
  const env = io.env ?? process.env;
  const log = io.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const input: SessionTokenInput = { taskName: opts.task, label: opts.label, providerId: opts.provider };
  const session = await openSession(opts, input, env, log);
  const { info, url } = session;
  log(`switchyard: session ${info.sessionId}${info.taskName ? ` (task "${info.taskName}")` : ''} via ${url}`);

  const child = spawn(cmd[0]!, cmd.slice(1), { stdio: 'inherit', env: sessionEnv(env, url, info, opts.model) });
  const forward = (sig: NodeJS.Signals) => () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  };
  const handlers = (io.signals ?? (['SIGINT', 'SIGTERM', 'SIGHUP'] as NodeJS.Signals[])).map((sig) => [sig, forward(sig)] as const);
  for (const [sig, h] of handlers) process.on(sig, h);

  const code = await new Promise<number>((resolve) => {
    child.on('error', (e: NodeJS.ErrnoException) => {
      log(`switchyard: cannot run ${cmd[0]}: ${e.code === 'ENOENT' ? 'command not found' : e.message}`);
      resolve(e.code === 'ENOENT' ? 127 : 126);
    });
    child.on('exit', (status, signal) => resolve(status ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0)));
  });
  for (const [sig, h] of handlers) process.off(sig, h);

  await session.revoke();
  // Closing the in-process host flushes pending recordings before we point at them.
  await session.close();
  log(`switchyard: trajectory: switchyard sessions show ${info.sessionId}`);
  log(
    session.inProcess
      ? `switchyard: web UI: start \`switchyard serve\` (same data dir) and open Sessions → ${info.sessionId}`
      : `switchyard: web UI: ${url}/ → Sessions → ${info.sessionId}`,
  );
  return code;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description(
      'Run a command in its own Switchyard session (task name, label and provider pinned), e.g. `switchyard run --task fix-1 -- claude -p "…"`.',
    )
    .argument('<command...>', 'the command and its arguments (put them after --)')
    .option('--task <name>', 'task name recorded on the session')
    .option('--label <label>', 'label (e.g. sandbox id) recorded on the session')
    .option('--provider <id>', 'pin every request of the session to this provider')
    .option('--model <name>', 'ANTHROPIC_MODEL for the command')
    .option('--data-dir <dir>', 'Switchyard data directory (default: $SWITCHYARD_HOME or the OS app-data dir)')
    .option('--config <file>', 'Switchyard config file (default: <data-dir>/switchyard.yaml)')
    .option('--port <n>', 'port of the running server (default: config server.port)', (v) => Number.parseInt(v, 10))
    .action(async (command: string[], opts: RunOptions) => {
      const code = await runSession(command, opts);
      process.exitCode = code;
      // Idle keep-alive sockets must not hold the exit; the short delay lets stdio drain.
      setTimeout(() => process.exit(code), 200).unref();
    });
}
