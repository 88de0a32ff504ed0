/**
 * Claude Code: ~/.claude/settings.json. Only the managed `env` keys are ever written; every
 * other byte of the file stays as it was (hooks, statusLine, enabledPlugins, permissions,
 * the user's own env keys, key order, indentation, trailing newline).
 */
import { SwitchyardError } from '../../../shared/errors';
import type { ClientIssue } from '../../../shared/domain';
import {
  appendMembersEdit,
  applyEdits,
  detectIndent,
  eol,
  findMember,
  parseJsonFile,
  removeMemberEdit,
  toPlain,
  type JsonNode,
} from './json-text';
import type { ClientTarget } from './target';
import { sameUrl } from './target';
import { CLAUDE_API_TIMEOUT_MS, CLAUDE_SLOT_ALIASES } from './claude-aliases';

export { CLAUDE_API_TIMEOUT_MS, CLAUDE_SLOT_ALIASES };

export const CLAUDE_MANAGED_KEYS = [
  'ANTHROPIC_BASE_URL',
  'ANTHROPIC_AUTH_TOKEN',
  'ANTHROPIC_DEFAULT_OPUS_MODEL',
  'ANTHROPIC_DEFAULT_SONNET_MODEL',
  'ANTHROPIC_DEFAULT_HAIKU_MODEL',
  'API_TIMEOUT_MS',
] as const;

export function claudeManagedEnv(target: ClientTarget): Record<(typeof CLAUDE_MANAGED_KEYS)[number], string> {
  return {
    ANTHROPIC_BASE_URL: target.proxyUrl.replace(/\/+$/, ''),
    ANTHROPIC_AUTH_TOKEN: target.token,
    ANTHROPIC_DEFAULT_OPUS_MODEL: CLAUDE_SLOT_ALIASES.opus,
    ANTHROPIC_DEFAULT_SONNET_MODEL: CLAUDE_SLOT_ALIASES.sonnet,
    ANTHROPIC_DEFAULT_HAIKU_MODEL: CLAUDE_SLOT_ALIASES.haiku,
    API_TIMEOUT_MS: CLAUDE_API_TIMEOUT_MS,
  };
}

type ObjectNode = JsonNode & { kind: 'object' };

function parseSettings(text: string, file: string): ObjectNode {
  const root = parseJsonFile(text, file);
  if (root.kind !== 'object') {
    throw new SwitchyardError('file_malformed', `${file}: the top level is not a JSON object.`, {
      hint: 'Fix the file by hand; Switchyard changed nothing.',
    });
  }
  return root;
}

function envObject(root: ObjectNode, file: string): ObjectNode | undefined {
  const env = findMember(root, 'env');
  if (!env) return undefined;
  if (env.value.kind !== 'object') {
    throw new SwitchyardError('file_malformed', `${file}: "env" is not an object.`, {
      hint: 'Fix the file by hand; Switchyard changed nothing.',
    });
  }
  return env.value;
}

/** The indentation of the lines holding `root`'s members, for rendering a new nested object. */
function memberIndent(text: string, root: ObjectNode): string {
  const last = root.members[root.members.length - 1];
  if (!last) return detectIndent(text);
  const lineStart = text.lastIndexOf('\n', last.keyStart - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

function renderEnvObject(text: string, root: ObjectNode, values: Array<[string, string]>): string {
  const pretty = text.includes('\n');
  if (!pretty) return `{${values.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
  const outer = memberIndent(text, root);
  const inner = outer + detectIndent(text);
  const nl = eol(text);
  return `{${nl}${values.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(`,${nl}`)}${nl}${outer}}`;
}

function stripManaged(value: unknown, extra: string[] = []): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const copy = { ...(value as Record<string, unknown>) };
  const env = copy.env;
  if (env && typeof env === 'object' && !Array.isArray(env)) {
    const e = { ...(env as Record<string, unknown>) };
    for (const k of [...CLAUDE_MANAGED_KEYS, ...extra]) delete e[k];
    if (Object.keys(e).length === 0) delete copy.env;
    else copy.env = e;
  }
  return copy;
}

/** Refuse any result whose meaning differs from the input beyond the keys we manage. */
function assertOnlyManagedChanged(before: string | null, after: string, file: string, extra: string[]): void {
  const a = before === null || before.trim() === '' ? {} : toPlain(parseJsonFile(before, file));
  const b = toPlain(parseJsonFile(after, file));
  if (JSON.stringify(stripManaged(a, extra)) !== JSON.stringify(stripManaged(b, extra))) {
    throw new SwitchyardError('internal', `Refusing to write ${file}: the edit would change more than the managed keys.`);
  }
}

/** Set env keys in place (appending the missing ones, creating `env` when absent). */
function setEnvValues(text: string, file: string, wanted: Array<[string, string]>): string {
  let out = text;
  const root = parseSettings(out, file);
  const env = envObject(root, file);
  if (!env) {
    out = applyEdits(out, [appendMembersEdit(out, root, [['env', renderEnvObject(out, root, wanted)]])]);
  } else {
    // Replace values in place, then append the missing keys (re-parsing between steps keeps offsets right).
    const edits = [];
    const missing: Array<[string, string]> = [];
    for (const [k, v] of wanted) {
      const m = findMember(env, k);
      if (!m) missing.push([k, JSON.stringify(v)]);
      else if (!(m.value.kind === 'value' && m.value.value === v))
        edits.push({ start: m.value.start, end: m.value.end, text: JSON.stringify(v) });
    }
    out = applyEdits(out, edits);
    if (missing.length) {
      const fresh = envObject(parseSettings(out, file), file)!;
      out = applyEdits(out, [appendMembersEdit(out, fresh, missing)]);
    }
  }
  return out;
}

export interface ClaudeConfigureOptions {
  removeConflictingKey?: boolean;
}

/** New text of settings.json with the managed env keys set (the input text when nothing changes). */
export function configureClaudeSettings(
  text: string | null,
  file: string,
  target: ClientTarget,
  opts: ClaudeConfigureOptions = {},
): string {
  const wanted = Object.entries(claudeManagedEnv(target));
  if (text === null || text.trim() === '') {
    return `${JSON.stringify({ env: Object.fromEntries(wanted) }, null, 2)}\n`;
  }
  let out = setEnvValues(text, file, wanted);
  const extra: string[] = [];
  if (opts.removeConflictingKey) {
    const fresh = envObject(parseSettings(out, file), file)!;
    const key = findMember(fresh, 'ANTHROPIC_API_KEY');
    if (key) {
      out = applyEdits(out, [removeMemberEdit(out, fresh, key)]);
      extra.push('ANTHROPIC_API_KEY');
    }
  }
  if (out === text) return text;
  assertOnlyManagedChanged(text, out, file, extra);
  return out;
}

/**
 * settings.json with exactly the managed keys removed (and `env` itself when that leaves it
 * empty). Keys listed in `previous` (the user's own values from before Switchyard) are set
 * back to those values instead, in place.
 */
export function unconfigureClaudeSettings(text: string, file: string, previous: Array<[string, string]> = []): string {
  const keep = new Set(previous.map(([k]) => k));
  let out = previous.length ? setEnvValues(text, file, previous) : text;
  let removedAny = false;
  for (const k of CLAUDE_MANAGED_KEYS) {
    if (keep.has(k)) continue;
    const root = parseSettings(out, file);
    const env = envObject(root, file);
    const m = env && findMember(env, k);
    if (!env || !m) continue;
    out = applyEdits(out, [removeMemberEdit(out, env, m)]);
    removedAny = true;
  }
  if (removedAny) {
    const root = parseSettings(out, file);
    const env = findMember(root, 'env');
    if (env && env.value.kind === 'object' && env.value.members.length === 0) out = applyEdits(out, [removeMemberEdit(out, root, env)]);
  }
  if (out !== text) assertOnlyManagedChanged(text, out, file, []);
  return out;
}

function isSwitchyardEnv(env: Record<string, unknown>, target: ClientTarget): boolean {
  const base = env.ANTHROPIC_BASE_URL;
  return (
    (typeof base === 'string' && sameUrl(base, target.proxyUrl)) ||
    env.ANTHROPIC_AUTH_TOKEN === target.token ||
    Object.values(CLAUDE_SLOT_ALIASES).some((a) => Object.values(env).includes(a))
  );
}

/**
 * The managed keys' values in a backup taken before Switchyard configured the file, or null
 * when that backup is itself a Switchyard configuration (or unreadable): look further back.
 */
export function claudePreviousValues(backupText: string, file: string, target: ClientTarget): Array<[string, string]> | null {
  let settings: { env?: unknown };
  try {
    settings = backupText.trim() === '' ? {} : (toPlain(parseSettings(backupText, file)) as { env?: unknown });
  } catch {
    return null;
  }
  const env = settings.env && typeof settings.env === 'object' ? (settings.env as Record<string, unknown>) : {};
  if (isSwitchyardEnv(env, target)) return null;
  return CLAUDE_MANAGED_KEYS.filter((k) => typeof env[k] === 'string').map((k) => [k, env[k] as string]);
}

export interface ClaudeInspection {
  pointsAtSwitchyard: boolean;
  issues: ClientIssue[];
}

const applyFix = 'switchyard integration apply claude-code';

/** What settings.json says relative to Switchyard: pointing, drift of managed keys, conflicts in the file. */
export function inspectClaudeSettings(text: string | null, file: string, target: ClientTarget): ClaudeInspection {
  const issues: ClientIssue[] = [];
  if (text === null) {
    issues.push({ kind: 'not-configured', message: `${file} does not exist.`, fix: applyFix });
    return { pointsAtSwitchyard: false, issues };
  }
  let settings: Record<string, unknown>;
  try {
    settings = text.trim() === '' ? {} : (toPlain(parseSettings(text, file)) as Record<string, unknown>);
  } catch (e) {
    issues.push({
      kind: 'conflict',
      message: (e as Error).message,
      fix: `Fix the JSON syntax in ${file} (or restore a backup), then run: ${applyFix}`,
    });
    return { pointsAtSwitchyard: false, issues };
  }
  const env = settings.env && typeof settings.env === 'object' ? (settings.env as Record<string, unknown>) : {};
  const expected = claudeManagedEnv(target);
  const baseUrl = typeof env.ANTHROPIC_BASE_URL === 'string' ? env.ANTHROPIC_BASE_URL : undefined;
  const pointsAtSwitchyard = baseUrl !== undefined && sameUrl(baseUrl, expected.ANTHROPIC_BASE_URL);
  const ours = pointsAtSwitchyard || isSwitchyardEnv(env, target);
  if (!ours) {
    issues.push({
      kind: 'not-configured',
      message: baseUrl
        ? `Claude Code points at ${baseUrl}, not at Switchyard (${expected.ANTHROPIC_BASE_URL}).`
        : 'Claude Code is not configured to use Switchyard.',
      fix: applyFix,
    });
  } else {
    const drifted = CLAUDE_MANAGED_KEYS.filter((k) => env[k] !== expected[k]);
    if (drifted.length) {
      const shown = drifted.map((k) =>
        k === 'ANTHROPIC_AUTH_TOKEN' ? `${k} (not the app token)` : `${k}=${JSON.stringify(env[k] ?? null)}`,
      );
      issues.push({ kind: 'drift', message: `Managed keys changed by hand: ${shown.join(', ')}.`, fix: applyFix });
    }
  }
  if (typeof env.ANTHROPIC_API_KEY === 'string') {
    issues.push({
      kind: 'conflict',
      message: `${file} sets env.ANTHROPIC_API_KEY: Claude Code reports an auth conflict and may send that key instead of the Switchyard token.`,
      fix: `${applyFix} --remove-api-key`,
    });
  }
  if (typeof settings.apiKeyHelper === 'string') {
    issues.push({
      kind: 'conflict',
      message: `${file} sets apiKeyHelper: its key is sent instead of the Switchyard token.`,
      fix: `Remove "apiKeyHelper" from ${file}.`,
    });
  }
  return { pointsAtSwitchyard, issues };
}

/** Settings files that take precedence over the user's (enterprise managed, project-level). */
export function inspectClaudeOverride(text: string, file: string, target: ClientTarget): ClientIssue[] {
  let settings: unknown;
  try {
    settings = toPlain(parseSettings(text, file));
  } catch (e) {
    return [{ kind: 'info', message: `Could not read ${file}: ${(e as Error).message}` }];
  }
  const env = (settings as { env?: Record<string, unknown> }).env;
  if (!env || typeof env !== 'object') return [];
  const keys = [
    'ANTHROPIC_BASE_URL',
    'ANTHROPIC_AUTH_TOKEN',
    'ANTHROPIC_API_KEY',
    'ANTHROPIC_MODEL',
    ...CLAUDE_MANAGED_KEYS.slice(2),
  ].filter((k, i, all) => all.indexOf(k) === i && typeof env[k] === 'string');
  const expected = claudeManagedEnv(target) as Record<string, string>;
  const clashing = keys.filter((k) => env[k] !== expected[k]);
  if (!clashing.length) return [];
  return [
    {
      kind: 'override',
      message: `${file} sets ${clashing.join(', ')}, which override your user settings.`,
      fix: `Remove those keys from ${file} (or set them to the Switchyard values).`,
    },
  ];
}

/** Shell exports to paste (the same values the settings file gets). */
export function claudeSnippet(target: ClientTarget): string {
  const lines = Object.entries(claudeManagedEnv(target)).map(([k, v]) => `export ${k}=${shellQuote(v)}`);
  return `# Claude Code → Switchyard (or run: ${applyFix})\nunset ANTHROPIC_API_KEY\n${lines.join('\n')}\n`;
}

export function shellQuote(v: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}
