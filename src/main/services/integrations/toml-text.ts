/**
 * A statement-level scanner for TOML text that records where every table header and
 * key/value statement starts and ends. Codex's config.toml is edited by splicing only those
 * ranges, so comments, [mcp_servers.*], [projects.*] and profiles keep every byte. The text
 * is validated with smol-toml first, so the scanner may assume well-formed input.
 */
import { parse as parseToml, TomlError } from 'smol-toml';
import { SwitchyardError } from '../../../shared/errors';

export interface TomlHeader {
  path: string[];
  isArray: boolean;
  /** Offset of the line holding the header. */
  lineStart: number;
  /** Offset just after the header line's newline (or EOF). */
  lineEnd: number;
}

export interface TomlKeyStatement {
  /** Path of the table the statement belongs to ([] = top level). */
  table: string[];
  key: string[];
  lineStart: number;
  valueStart: number;
  valueEnd: number;
  /** Offset just after the statement's last line (newline included). */
  lineEnd: number;
}

export interface TomlLayout {
  headers: TomlHeader[];
  keys: TomlKeyStatement[];
}

/** Parse with smol-toml, turning syntax errors into a coded error naming line and column. */
export function parseTomlFile(text: string, file: string): Record<string, unknown> {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError) {
      const first = e.message.split('\n')[0]!.replace(/^Invalid TOML document:\s*/, '');
      throw new SwitchyardError('file_malformed', `${file}: invalid TOML at line ${e.line}, column ${e.column}: ${first}`, {
        hint: 'Fix the file by hand (or restore a backup); Switchyard changed nothing.',
      });
    }
    throw e;
  }
}

export function scanToml(text: string): TomlLayout {
  const headers: TomlHeader[] = [];
  const keys: TomlKeyStatement[] = [];
  let i = 0;
  let table: string[] = [];
  const n = text.length;
  const skipSpaces = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
  };
  const toLineEnd = () => {
    while (i < n && text[i] !== '\n') i++;
    if (i < n) i++;
  };
  const skipWsCommentsNewlines = () => {
    for (;;) {
      while (i < n && /[ \t\r\n]/.test(text[i]!)) i++;
      if (text[i] === '#') while (i < n && text[i] !== '\n') i++;
      else return;
    }
  };
  const keyPart = (): string => {
    const c = text[i];
    if (c === '"') {
      const start = i++;
      while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      return JSON.parse(text.slice(start, i)) as string;
    }
    if (c === "'") {
      const start = ++i;
      while (i < n && text[i] !== "'") i++;
      return text.slice(start, i++);
    }
    const start = i;
    while (i < n && /[A-Za-z0-9_-]/.test(text[i]!)) i++;
    return text.slice(start, i);
  };
  const dottedKey = (): string[] => {
    const parts: string[] = [];
    for (;;) {
      skipSpaces();
      parts.push(keyPart());
      skipSpaces();
      if (text[i] !== '.') return parts;
      i++;
    }
  };
  const skipValue = (): void => {
    const c = text[i];
    if (text.startsWith('"""', i) || text.startsWith("'''", i)) {
      const q = text.slice(i, i + 3);
      i += 3;
      for (;;) {
        if (i >= n) return;
        if (q === '"""' && text[i] === '\\') {
          i += 2;
          continue;
        }
        if (text.startsWith(q, i)) {
          i += 3;
          // Up to two quotes may sit right before the closing delimiter.
          let extra = 0;
          while (extra < 2 && text[i] === q[0]) {
            i++;
            extra++;
          }
          return;
        }
        i++;
      }
    }
    if (c === '"') {
      i++;
      while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      return;
    }
    if (c === "'") {
      i++;
      while (i < n && text[i] !== "'") i++;
      i++;
      return;
    }
    if (c === '[' || c === '{') {
      const close = c === '[' ? ']' : '}';
      i++;
      for (;;) {
        skipWsCommentsNewlines();
        if (i >= n) return;
        if (text[i] === close) {
          i++;
          return;
        }
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (c === '{') {
          dottedKey();
          skipSpaces();
          i++; // '='
          skipSpaces();
        }
        skipValue();
      }
    }
    while (i < n && !/[\s,\]}#]/.test(text[i]!)) i++;
  };

  while (i < n) {
    const lineStart = i;
    skipSpaces();
    const c = text[i];
    if (c === undefined) break;
    if (c === '\n' || c === '\r' || c === '#') {
      toLineEnd();
      continue;
    }
    if (c === '[') {
      const isArray = text[i + 1] === '[';
      i += isArray ? 2 : 1;
      const path = dottedKey();
      toLineEnd();
      headers.push({ path, isArray, lineStart, lineEnd: i });
      table = path;
      continue;
    }
    const key = dottedKey();
    skipSpaces();
    if (text[i] !== '=') {
      // Not a statement we understand (cannot happen for validated TOML): skip the line.
      toLineEnd();
      continue;
    }
    i++;
    skipSpaces();
    const valueStart = i;
    skipValue();
    const valueEnd = i;
    toLineEnd();
    keys.push({ table, key, lineStart, valueStart, valueEnd, lineEnd: i });
  }
  return { headers, keys };
}

export function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((p, k) => p === b[k]);
}

/** Render a TOML basic string (JSON escapes are a valid subset for the values we write). */
export function tomlString(v: string): string {
  return JSON.stringify(v);
}

/** Render a key segment: bare when possible, quoted otherwise. */
export function tomlKey(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k);
}

/**
 * Start of the comment block glued to the line at `lineStart` (comment lines directly above
 * it, no blank line between): an inserted statement goes above it so the comment stays
 * with its header.
 */
export function attachedCommentStart(text: string, lineStart: number): number {
  let start = lineStart;
  while (start > 0) {
    const prevStart = text.lastIndexOf('\n', start - 2) + 1;
    const line = text.slice(prevStart, start - 1);
    if (/^[ \t]*#/.test(line)) start = prevStart;
    else break;
  }
  return start;
}
