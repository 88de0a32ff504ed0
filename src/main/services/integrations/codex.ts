/**
 * Codex CLI: $CODEX_HOME/config.toml. Sets `model_provider = "switchyard"` (and `model` when
 * chosen) at the top level and owns one `[model_providers.switchyard]` table; every other
 * byte stays. The provider id never changes, so Codex's resume history does not split when
 * the lane behind the proxy does. auth.json is never touched: the table carries the app
 * token as `experimental_bearer_token` (Codex then needs no login and no extra env var;
 * `env_key` would only work in shells that export the variable, not in the IDE/desktop app).
 */
import { SESSION_TOKEN_ENV, SESSION_TOKEN_HEADER, type ClientIssue } from '../../../shared/domain';
import { SwitchyardError } from '../../../shared/errors';
import { applyEdits, type TextEdit } from './json-text';
import { sameUrl, type ClientTarget } from './target';
import { attachedCommentStart, parseTomlFile, samePath, scanToml, tomlKey, tomlString, type TomlHeader } from './toml-text';

export const CODEX_PROVIDER_ID = 'switchyard';
const TABLE = ['model_providers', CODEX_PROVIDER_ID];
const TABLE_KEYS = ['name', 'base_url', 'wire_api', 'experimental_bearer_token', 'env_http_headers'] as const;

type TableValue = string | Record<string, string>;

/** TOML text of a managed value (a basic string or a one-line inline table). */
function tomlValue(v: TableValue): string {
  if (typeof v === 'string') return tomlString(v);
  return `{ ${Object.entries(v)
    .map(([k, x]) => `${tomlString(k)} = ${tomlString(x)}`)
    .join(', ')} }`;
}

const sameValue = (a: unknown, b: TableValue): boolean => JSON.stringify(a) === JSON.stringify(b);

export function codexProviderValues(target: ClientTarget): Record<(typeof TABLE_KEYS)[number], TableValue> {
  return {
    name: 'Switchyard',
    base_url: `${target.proxyUrl.replace(/\/+$/, '')}/v1`,
    // Codex 0.16x speaks only the Responses API ("chat" is a hard error).
    wire_api: 'responses',
    experimental_bearer_token: target.token,
    // Sent only when set, i.e. under `switchyard run`: binds the request to the run's session.
    env_http_headers: { [SESSION_TOKEN_HEADER]: SESSION_TOKEN_ENV },
  };
}

function topLevelValues(target: ClientTarget): Array<[string, string]> {
  const out: Array<[string, string]> = [['model_provider', CODEX_PROVIDER_ID]];
  if (target.model) out.push(['model', target.model]);
  return out;
}

const PREVIOUS_PREFIX = ' # switchyard-previous: ';
const PREVIOUS_MARK = / # switchyard-previous: (.*?)\r?\n?$/;
/** Marker value for a key that did not exist before apply (not a TOML value, so unambiguous). */
const NO_PREVIOUS = 'none';

type Data = Record<string, unknown>;
const obj = (v: unknown): Data | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Data) : undefined);

function providerTable(data: Data): Data | undefined {
  return obj(obj(data.model_providers)?.[CODEX_PROVIDER_ID]);
}

function findTableHeader(headers: TomlHeader[]): TomlHeader | undefined {
  return headers.find((h) => !h.isArray && samePath(h.path, TABLE));
}

/** The meaning of a config minus what Switchyard manages, for the "nothing else changed" check. */
function stripManaged(data: Data, topKeys: string[]): Data {
  const copy = structuredClone(data);
  for (const k of topKeys) delete copy[k];
  const providers = obj(copy.model_providers);
  const table = providers && obj(providers[CODEX_PROVIDER_ID]);
  if (providers && table) {
    for (const k of TABLE_KEYS) delete table[k];
    if (Object.keys(table).length === 0) delete providers[CODEX_PROVIDER_ID];
    if (Object.keys(providers).length === 0) delete copy.model_providers;
  }
  return copy;
}

function assertOnlyManagedChanged(before: string, after: string, file: string, topKeys: string[]): void {
  const a = stripManaged(parseTomlFile(before, file), topKeys);
  const b = stripManaged(parseTomlFile(after, file), topKeys);
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    throw new SwitchyardError('internal', `Refusing to write ${file}: the edit would change more than the managed keys.`);
  }
}

/** Offset where a new line can go after `offset`'s line, plus a newline prefix when the file ends unterminated. */
function lineBreakBefore(text: string, at: number): string {
  return at > 0 && text[at - 1] !== '\n' ? '\n' : '';
}

function setTopLevel(text: string, file: string, wanted: Array<[string, string]>): string {
  const data = parseTomlFile(text, file);
  const { headers, keys } = scanToml(text);
  const edits: TextEdit[] = [];
  const missing: string[] = [];
  for (const [k, v] of wanted) {
    const stmt = keys.find((s) => s.table.length === 0 && samePath(s.key, [k]));
    // A `model` we add is marked, so restore knows it was ours (model_provider is recognised by value).
    if (!stmt) missing.push(`${tomlKey(k)} = ${tomlString(v)}${k === 'model' ? `${PREVIOUS_PREFIX}${NO_PREVIOUS}` : ''}\n`);
    else if (data[k] !== v) {
      edits.push({ start: stmt.valueStart, end: stmt.valueEnd, text: tomlString(v) });
      // Remember the user's own value on the same line, so restore can put it back exactly.
      const line = text.slice(stmt.valueEnd, stmt.lineEnd);
      if (!PREVIOUS_MARK.test(line)) {
        const eol = stmt.valueEnd + /\r?\n?$/.exec(line)!.index;
        edits.push({ start: eol, end: eol, text: `${PREVIOUS_PREFIX}${text.slice(stmt.valueStart, stmt.valueEnd)}` });
      }
    }
  }
  if (missing.length) {
    // Top-level keys must come before the first table header, or TOML files them under it.
    const top = keys.filter((s) => s.table.length === 0);
    const lastTop = top[top.length - 1];
    if (lastTop) {
      edits.push({ start: lastTop.lineEnd, end: lastTop.lineEnd, text: lineBreakBefore(text, lastTop.lineEnd) + missing.join('') });
    } else if (headers[0]) {
      const at = attachedCommentStart(text, headers[0].lineStart);
      edits.push({ start: at, end: at, text: `${missing.join('')}\n` });
    } else {
      edits.push({ start: text.length, end: text.length, text: lineBreakBefore(text, text.length) + missing.join('') });
    }
  }
  return applyEdits(text, edits);
}

function setProviderTable(text: string, file: string, values: Record<string, TableValue>): string {
  const data = parseTomlFile(text, file);
  const { headers, keys } = scanToml(text);
  const header = findTableHeader(headers);
  if (!header) {
    if (providerTable(data)) {
      throw new SwitchyardError(
        'file_malformed',
        `${file}: model_providers.${CODEX_PROVIDER_ID} is defined inline or with dotted keys, which Switchyard does not edit.`,
        {
          hint: `Turn it into a [model_providers.${CODEX_PROVIDER_ID}] table (or delete it), then apply again. Nothing was changed.`,
        },
      );
    }
    const body = Object.entries(values)
      .map(([k, v]) => `${k} = ${tomlValue(v)}\n`)
      .join('');
    const sep = text.length === 0 ? '' : `${lineBreakBefore(text, text.length)}\n`;
    return `${text}${sep}[model_providers.${CODEX_PROVIDER_ID}]\n${body}`;
  }
  const current = providerTable(data) ?? {};
  const stmts = keys.filter((s) => samePath(s.table, TABLE));
  const edits: TextEdit[] = [];
  const missing: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    const stmt = stmts.find((s) => samePath(s.key, [k]));
    if (!stmt) missing.push(`${k} = ${tomlValue(v)}\n`);
    else if (!sameValue(current[k], v)) edits.push({ start: stmt.valueStart, end: stmt.valueEnd, text: tomlValue(v) });
  }
  if (missing.length) {
    const at = stmts.length ? stmts[stmts.length - 1]!.lineEnd : header.lineEnd;
    edits.push({ start: at, end: at, text: lineBreakBefore(text, at) + missing.join('') });
  }
  return applyEdits(text, edits);
}

/** New config.toml text pointing Codex at Switchyard (the input text when nothing changes). */
export function configureCodexConfig(text: string | null, file: string, target: ClientTarget): string {
  const before = text ?? '';
  parseTomlFile(before, file);
  const top = topLevelValues(target);
  let out = setTopLevel(before, file, top);
  out = setProviderTable(out, file, codexProviderValues(target));
  if (text !== null && out === text) return text;
  assertOnlyManagedChanged(
    before,
    out,
    file,
    top.map(([k]) => k),
  );
  return out;
}

/**
 * config.toml without Switchyard: the [model_providers.switchyard] table(s) removed, and
 * `model_provider` / `model` either removed (when apply added them) or set back to the value
 * apply recorded in a `# switchyard-previous:` comment on that line when it replaced it.
 */
export function unconfigureCodexConfig(text: string, file: string): string {
  const data = parseTomlFile(text, file);
  let out = text;
  // `model` first: model_provider's blank-line rule looks at what else is left at the top.
  out = restoreTopLevel(out, 'model', false);
  out = restoreTopLevel(out, 'model_provider', data.model_provider === CODEX_PROVIDER_ID);
  for (;;) {
    const { headers } = scanToml(out);
    const idx = headers.findIndex((h) => h.path.length >= 2 && samePath(h.path.slice(0, 2), TABLE));
    if (idx < 0) break;
    const h = headers[idx]!;
    const next = headers[idx + 1];
    let start = h.lineStart;
    const end = next ? attachedCommentStart(out, next.lineStart) : out.length;
    // At the end of the file, also drop the blank line `apply` put before the table.
    if (!next && /\n\r?\n$/.test(out.slice(0, start))) start -= out.slice(0, start).endsWith('\r\n') ? 2 : 1;
    out = out.slice(0, start) + out.slice(end);
  }
  if (out !== text) assertOnlyManagedChanged(text, out, file, ['model_provider', 'model']);
  return out;
}

/**
 * Undo apply on one top-level key: put back the value recorded in the marker, remove a key
 * apply added (marker "none", or `removeUnmarked` for model_provider = "switchyard"), or
 * leave the line alone.
 */
function restoreTopLevel(text: string, key: string, removeUnmarked: boolean): string {
  const { keys, headers } = scanToml(text);
  const stmt = keys.find((s) => s.table.length === 0 && samePath(s.key, [key]));
  if (!stmt) return text;
  const previous = PREVIOUS_MARK.exec(text.slice(stmt.valueEnd, stmt.lineEnd));
  if (previous && previous[1] !== NO_PREVIOUS) {
    const markAt = stmt.valueEnd + previous.index;
    const markEnd = markAt + previous[0].length - /\r?\n?$/.exec(previous[0])![0].length;
    return text.slice(0, stmt.valueStart) + previous[1] + text.slice(stmt.valueEnd, markAt) + text.slice(markEnd);
  }
  if (!previous && !removeUnmarked) return text;
  let end = stmt.lineEnd;
  const othersAtTop = keys.some((s) => s.table.length === 0 && s !== stmt);
  const blank = /^[ \t]*\r?\n/.exec(text.slice(end));
  const first = headers[0];
  // Undo the blank line apply puts after lone top-level keys inserted above the first header.
  if (
    !othersAtTop &&
    blank !== null &&
    first !== undefined &&
    !samePath(first.path, TABLE) &&
    attachedCommentStart(text, first.lineStart) === end + blank[0].length
  ) {
    end += blank[0].length;
  }
  return text.slice(0, stmt.lineStart) + text.slice(end);
}

export interface CodexInspection {
  pointsAtSwitchyard: boolean;
  issues: ClientIssue[];
}

const applyFix = 'switchyard integration apply codex';

export function inspectCodexConfig(text: string | null, file: string, target: ClientTarget): CodexInspection {
  const issues: ClientIssue[] = [];
  if (text === null) {
    issues.push({ kind: 'not-configured', message: `${file} does not exist.`, fix: applyFix });
    return { pointsAtSwitchyard: false, issues };
  }
  let data: Data;
  try {
    data = parseTomlFile(text, file);
  } catch (e) {
    issues.push({
      kind: 'conflict',
      message: (e as Error).message,
      fix: `Fix the TOML syntax in ${file} (or restore a backup), then run: ${applyFix}`,
    });
    return { pointsAtSwitchyard: false, issues };
  }
  const expected = codexProviderValues(target);
  const table = providerTable(data);
  const selected = data.model_provider === CODEX_PROVIDER_ID;
  const pointsAtSwitchyard = selected && typeof table?.base_url === 'string' && sameUrl(table.base_url, expected.base_url as string);
  if (!selected && !table) {
    const current =
      typeof data.model_provider === 'string' ? `model_provider is "${data.model_provider}"` : 'no model_provider is set (OpenAI)';
    issues.push({ kind: 'not-configured', message: `Codex is not configured to use Switchyard: ${current}.`, fix: applyFix });
  } else {
    const drift: string[] = [];
    if (!selected) drift.push(`model_provider = ${JSON.stringify(data.model_provider ?? null)}`);
    if (!table) drift.push(`[model_providers.${CODEX_PROVIDER_ID}] is missing`);
    else {
      for (const k of TABLE_KEYS) {
        if (sameValue(table[k], expected[k])) continue;
        drift.push(k === 'experimental_bearer_token' ? `${k} is not the app token` : `${k} = ${JSON.stringify(table[k] ?? null)}`);
      }
    }
    if (drift.length) issues.push({ kind: 'drift', message: `Managed settings changed by hand: ${drift.join(', ')}.`, fix: applyFix });
    if (table && typeof table.env_key === 'string') {
      issues.push({
        kind: 'info',
        message: `[model_providers.${CODEX_PROVIDER_ID}] also sets env_key = "${table.env_key}"; Codex fails when that variable is not exported.`,
        fix: `Remove env_key from [model_providers.${CODEX_PROVIDER_ID}] in ${file}.`,
      });
    }
  }
  const profile = typeof data.profile === 'string' ? data.profile : undefined;
  const profileProvider = profile ? obj(obj(data.profiles)?.[profile])?.model_provider : undefined;
  if (profile && typeof profileProvider === 'string' && profileProvider !== CODEX_PROVIDER_ID) {
    issues.push({
      kind: 'override',
      message: `The active profile "${profile}" sets model_provider = "${profileProvider}", which overrides the top-level one.`,
      fix: `Set model_provider = "${CODEX_PROVIDER_ID}" in [profiles.${tomlKey(profile)}] or remove profile = "${profile}".`,
    });
  }
  return { pointsAtSwitchyard, issues };
}

/** TOML fragment to paste into config.toml (top-level keys first, then the table). */
export function codexSnippet(target: ClientTarget): string {
  const top = topLevelValues(target)
    .map(([k, v]) => `${k} = ${tomlString(v)}`)
    .join('\n');
  const table = Object.entries(codexProviderValues(target))
    .map(([k, v]) => `${k} = ${tomlValue(v)}`)
    .join('\n');
  return `# Codex → Switchyard (or run: ${applyFix})\n# Top-level keys: put them above the first [table] in config.toml.\n${top}\n\n[model_providers.${CODEX_PROVIDER_ID}]\n${table}\n`;
}
