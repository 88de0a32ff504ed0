/**
 * A tiny JSON parser that keeps source offsets, so settings.json can be edited surgically:
 * only the bytes of the managed members change, every other byte (key order, indentation,
 * inline arrays, trailing newline) stays exactly as the user or Claude Code wrote it.
 * JSON.parse is not enough: on Node 20 its errors carry no line/column.
 */
import { SwitchyardError } from '../../../shared/errors';

export type JsonNode =
  | { kind: 'object'; start: number; end: number; members: JsonMember[] }
  | { kind: 'array'; start: number; end: number; items: JsonNode[] }
  | { kind: 'value'; start: number; end: number; value: string | number | boolean | null };

export interface JsonMember {
  key: string;
  keyStart: number;
  value: JsonNode;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastNl = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastNl = i;
    }
  }
  return { line, column: offset - lastNl };
}

export function parseJsonText(text: string): JsonNode {
  // Editors on Windows may write a BOM; it is not JSON but must survive untouched.
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fail = (msg: string, at = i): never => {
    const { line, column } = lineColumn(text, at);
    throw new JsonSyntaxError(msg, line, column);
  };
  const ws = () => {
    while (i < text.length) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
      else break;
    }
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i++;
        try {
          return JSON.parse(text.slice(start, i)) as string;
        } catch {
          return fail('invalid string escape', start);
        }
      }
      if (c === '\\') i += 2;
      else if (c === '\n') fail('unterminated string');
      else i++;
    }
    return fail('unterminated string', start);
  };
  const value = (): JsonNode => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const members: JsonMember[] = [];
      ws();
      if (text[i] === '}') return { kind: 'object', start, end: ++i, members };
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a "quoted" key, found ${describe(text[i])}`);
        const keyStart = i;
        const key = str();
        ws();
        if (text[i] !== ':') fail(`expected ':' after key "${key}", found ${describe(text[i])}`);
        i++;
        members.push({ key, keyStart, value: value() });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') return { kind: 'object', start, end: ++i, members };
        fail(`expected ',' or '}', found ${describe(text[i])}`);
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text[i] === ']') return { kind: 'array', start, end: ++i, items };
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') return { kind: 'array', start, end: ++i, items };
        fail(`expected ',' or ']', found ${describe(text[i])}`);
      }
    }
    if (c === '"') return { kind: 'value', start, end: (str(), i), value: JSON.parse(text.slice(start, i)) as string };
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!m) return fail(`unexpected ${describe(c)}`);
    i += m[0].length;
    return { kind: 'value', start, end: i, value: JSON.parse(m[0]) as string | number | boolean | null };
  };
  const root = value();
  ws();
  if (i < text.length) fail(`unexpected ${describe(text[i])} after the end of the document`);
  return root;
}

function describe(c: string | undefined): string {
  return c === undefined ? 'end of file' : `'${c}'`;
}

/** Parse, turning a syntax error into the coded error the UI/CLI shows (file, line, column). */
export function parseJsonFile(text: string, file: string): JsonNode {
  try {
    return parseJsonText(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      throw new SwitchyardError('file_malformed', `${file}: invalid JSON at line ${e.line}, column ${e.column}: ${e.message}`, {
        hint: 'Fix the file by hand (or restore a backup); Switchyard changed nothing.',
      });
    }
    throw e;
  }
}

export function toPlain(node: JsonNode): unknown {
  if (node.kind === 'value') return node.value;
  if (node.kind === 'array') return node.items.map(toPlain);
  const out: Record<string, unknown> = {};
  for (const m of node.members) out[m.key] = toPlain(m.value);
  return out;
}

export function findMember(obj: JsonNode, key: string): JsonMember | undefined {
  if (obj.kind !== 'object') return undefined;
  // JSON semantics: the last duplicate wins, so edit that one.
  for (let k = obj.members.length - 1; k >= 0; k--) if (obj.members[k]!.key === key) return obj.members[k];
  return undefined;
}

/** The indentation unit of the document (from its first indented line), default two spaces. */
export function detectIndent(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? m[1]! : '  ';
}

/** The file's line ending, so inserted lines match it. */
export function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Leading whitespace of the line that holds `offset`. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/**
 * Edit that appends members to an object, copying the spacing the object already uses
 * (or, for an empty object, one indent unit deeper than the object's own line).
 */
export function appendMembersEdit(text: string, obj: JsonNode & { kind: 'object' }, entries: Array<[string, string]>): TextEdit {
  const render = (sep: string) => entries.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(`,${sep}`);
  const last = obj.members[obj.members.length - 1];
  if (last) {
    // Whitespace before the last member's key: "\n    " in a pretty file, " " or "" in a compact one.
    const before = obj.members.length > 1 ? obj.members[obj.members.length - 2]!.value.end : obj.start + 1;
    const gap = /\s*$/.exec(text.slice(before, last.keyStart).replace(/^\s*,/, ''))![0];
    return { start: last.value.end, end: last.value.end, text: `,${gap}${render(gap)}` };
  }
  const ownIndent = lineIndent(text, obj.start);
  const nl = eol(text);
  const sep = `${nl}${ownIndent}${detectIndent(text)}`;
  return { start: obj.start + 1, end: obj.end - 1, text: `${sep}${render(sep)}${nl}${ownIndent}` };
}

/** Edit that removes one member together with its separating comma and leading whitespace. */
export function removeMemberEdit(text: string, obj: JsonNode & { kind: 'object' }, member: JsonMember): TextEdit {
  const idx = obj.members.indexOf(member);
  if (idx > 0) return { start: obj.members[idx - 1]!.value.end, end: member.value.end, text: '' };
  const next = obj.members[idx + 1];
  if (next) return { start: member.keyStart, end: next.keyStart, text: '' };
  // The only member: leave an empty object with the closing brace where it was.
  return { start: obj.start + 1, end: obj.end - 1, text: '' };
}
