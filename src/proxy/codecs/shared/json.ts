/** Small helpers shared by the codecs. */
import { SwitchyardError } from '../../../shared/errors';

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A string, or undefined for anything else (wire bodies are untrusted). */
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Tool arguments arrive as JSON text; keep unparsable text as-is rather than losing it. */
export function parseToolArguments(text: unknown): unknown {
  if (typeof text !== 'string') return isObj(text) ? text : {};
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Tool input as JSON text for OpenAI `arguments`. */
export function stringifyToolInput(input: unknown): string {
  if (typeof input === 'string') return input;
  return JSON.stringify(input ?? {});
}

/** Tool input as an object for Anthropic `input` (which must be an object). */
export function toolInputObject(input: unknown): Obj {
  if (isObj(input)) return input;
  if (typeof input === 'string') {
    try {
      const v: unknown = JSON.parse(input);
      if (isObj(v)) return v;
    } catch {
      /* fall through */
    }
  }
  return {};
}

export function invalid(message: string): SwitchyardError {
  return new SwitchyardError('invalid_request', message);
}

let counter = 0;
/** Ids for things a protocol needs but the source did not give (never for signatures). */
export function makeId(prefix: string): string {
  counter = (counter + 1) % 0x7fffffff;
  return `${prefix}${Date.now().toString(36)}${counter.toString(36).padStart(5, '0')}`;
}
