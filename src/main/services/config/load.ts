/**
 * Parse, validate and resolve switchyard.yaml. Errors name the key path and the fix.
 */
import { parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { configSchema, type ResolvedConfig, type ResolvedProvider, type SwitchyardConfig } from '../../../shared/config-schema';
import { SwitchyardError } from '../../../shared/errors';

const ENV_PREFIX = 'ENV:';

export function formatKeyPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

function describeIssues(issues: z.core.$ZodIssue[]): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        lines.push(`${formatKeyPath([...issue.path, key])}: unknown key (remove it or check its spelling)`);
      }
    } else {
      lines.push(`${formatKeyPath(issue.path)}: ${issue.message}`);
    }
  }
  return lines;
}

export interface ParsedConfig {
  config: SwitchyardConfig;
  doc: Document;
}

/** Parse YAML text and validate it. Throws config_invalid listing every problem. */
export function parseConfigText(text: string, file = 'switchyard.yaml'): ParsedConfig {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const pos = first.linePos?.[0];
    const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
    throw new SwitchyardError('config_invalid', `${where}: ${first.message.split('\n')[0]}`, {
      hint: 'Fix the YAML syntax at that line; the last good config stays active.',
    });
  }
  const raw: unknown = doc.toJS() ?? {};
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const lines = describeIssues(result.error.issues);
    throw new SwitchyardError('config_invalid', `${file}: ${lines.join('; ')}`, {
      hint: 'Correct the keys named above; the last good config stays active.',
    });
  }
  return { config: result.data, doc };
}

export function isEnvRef(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(ENV_PREFIX);
}

export interface ResolveResult {
  resolved: ResolvedConfig;
  /** Non-fatal problems (missing ENV vars): the lane is unusable until fixed. */
  warnings: string[];
}

/**
 * Read every ENV:NAME value from `env`. A missing variable does not stop the proxy: the
 * affected lane reports it (readyz, UI) and requests to it fail with the fix.
 */
export function resolveConfig(config: SwitchyardConfig, env: NodeJS.ProcessEnv, version: number): ResolveResult {
  const warnings: string[] = [];
  const read = (value: string, keyPath: string): string | undefined => {
    if (!isEnvRef(value)) return value;
    const name = value.slice(ENV_PREFIX.length);
    const v = env[name];
    if (v === undefined || v === '') {
      warnings.push(
        `${keyPath}: environment variable ${name} is not set (export ${name}=… before starting Switchyard, or put the value in the config)`,
      );
      return undefined;
    }
    return v;
  };

  const providers: ResolvedProvider[] = config.providers.map((p, i) => {
    const headers: Record<string, string> = {};
    const secretHeaders: string[] = [];
    for (const [k, v] of Object.entries(p.headers ?? {})) {
      const r = read(v, `providers[${i}].headers.${k}`);
      if (r !== undefined) headers[k] = r;
      if (isEnvRef(v)) secretHeaders.push(k);
    }
    const out: ResolvedProvider = { ...p, headers, secretHeaders, apiKey: undefined };
    if (p.apiKey !== undefined) {
      const key = read(p.apiKey, `providers[${i}].apiKey`);
      if (key === undefined) out.apiKeyMissing = p.apiKey.slice(ENV_PREFIX.length);
      else out.apiKey = key;
    }
    return out;
  });

  const tokens = config.server.tokens.map((t, i) => read(t, `server.tokens[${i}]`)).filter((t): t is string => !!t);

  const ids = new Set<string>();
  for (const [i, p] of config.providers.entries()) {
    if (ids.has(p.id))
      throw new SwitchyardError('config_invalid', `providers[${i}].id: duplicate provider id "${p.id}"`, {
        hint: 'Give each provider a unique id.',
      });
    ids.add(p.id);
  }
  for (const [i, r] of config.routes.entries()) {
    if (!ids.has(r.provider)) {
      throw new SwitchyardError('config_invalid', `routes[${i}].provider: unknown provider "${r.provider}"`, {
        hint: `Use one of: ${[...ids].join(', ') || '(no providers configured)'}.`,
      });
    }
  }

  return { resolved: { ...config, server: { ...config.server, tokens }, providers, version }, warnings };
}
