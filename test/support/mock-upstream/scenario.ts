/**
 * Scenario parsing for the mock upstream. A scenario is a comma-separated list of tokens,
 * each `name` or `name:arg`, taken from (first wins): a queued scenario (mock.enqueue), the
 * `x-mock-scenario` request header, or a model name starting with `mock-`
 * (`mock-error-529` → `error:529`, `mock-drop` → `drop`, `mock-gap-200` → `gap:200`).
 */

export interface Scenario {
  /** Force a plain text answer even when tools are present. */
  text: boolean;
  /** Force a tool call (to this tool name, or the preferred one when ''). */
  tool?: string;
  /** Reply text for text answers. */
  reply?: string;
  /** Answer with an error status (protocol-shaped body). */
  errorStatus?: number;
  errorMessage?: string;
  retryAfter?: string;
  /** Delay before the response head is written. */
  delayMs: number;
  /** Head written at once, then wait this long before the first body byte. */
  firstByteMs: number;
  /** Pause between stream events. */
  gapMs: number;
  /** Destroy the socket after this many stream events (non-stream: mid-body). */
  dropAfter?: number;
  /** End the stream cleanly but early (no protocol end) after this many events. */
  truncateAfter?: number;
  /** Write the protocol's in-band error event after this many events. */
  streamErrorAfter?: number;
  /** Never answer (for timeout tests). */
  hang: boolean;
  /** Number of text delta chunks the reply text is split into. */
  deltas: number;
  /** Reply text of this many characters (large streams, backpressure tests). */
  size?: number;
  /** Echo the last user text back as the answer. */
  echo: boolean;
}

export function defaultScenario(): Scenario {
  return { text: false, delayMs: 0, firstByteMs: 0, gapMs: 0, hang: false, deltas: 3, echo: false };
}

function num(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return Number.isFinite(n) ? n : fallback;
}

export function parseScenario(spec: string | undefined): Scenario {
  const s = defaultScenario();
  if (!spec) return s;
  for (const rawToken of spec.split(',')) {
    const token = rawToken.trim();
    if (!token) continue;
    const colon = token.indexOf(':');
    const name = colon === -1 ? token : token.slice(0, colon);
    const arg = colon === -1 ? undefined : token.slice(colon + 1);
    switch (name) {
      case 'text':
        s.text = true;
        break;
      case 'tools':
        break; // default behaviour, accepted for readability
      case 'tool':
        s.tool = arg ?? '';
        break;
      case 'reply':
        s.reply = arg ?? '';
        break;
      case 'size':
        s.size = Math.max(1, num(arg, 1000));
        break;
      case 'echo':
        s.echo = true;
        break;
      case 'error':
        s.errorStatus = num(arg, 500);
        break;
      case 'message':
        s.errorMessage = arg;
        break;
      case 'retry-after':
        s.retryAfter = arg ?? '1';
        break;
      case 'delay':
        s.delayMs = num(arg, 0);
        break;
      case 'slow':
      case 'first-byte':
        s.firstByteMs = num(arg, 1000);
        break;
      case 'gap':
        s.gapMs = num(arg, 100);
        break;
      case 'drop':
        s.dropAfter = num(arg, 3);
        break;
      case 'drop-after':
        s.dropAfter = num(arg, 3);
        break;
      case 'truncate':
        s.truncateAfter = num(arg, 3);
        break;
      case 'stream-error':
        s.streamErrorAfter = num(arg, 3);
        break;
      case 'hang':
        s.hang = true;
        break;
      case 'deltas':
        s.deltas = Math.max(1, num(arg, 3));
        break;
      default:
        break; // unknown tokens are ignored so clients can add their own markers
    }
  }
  return s;
}

/** `mock-error-529` → `error:529`; `mock-drop` → `drop`; anything else → undefined. */
export function scenarioFromModel(model: unknown): string | undefined {
  if (typeof model !== 'string' || !model.startsWith('mock-')) return undefined;
  const parts = model.slice(5).split('-');
  const tokens: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i]!;
    const next = parts[i + 1];
    // Two-word token names (first-byte, retry-after, drop-after).
    if (next !== undefined && ['first', 'retry', 'drop', 'stream'].includes(name) && ['byte', 'after', 'error'].includes(next)) {
      const arg = parts[i + 2];
      if (arg !== undefined && /^\d+$/.test(arg)) {
        tokens.push(`${name}-${next}:${arg}`);
        i += 2;
      } else {
        tokens.push(`${name}-${next}`);
        i += 1;
      }
      continue;
    }
    if (next !== undefined && /^\d+$/.test(next)) {
      tokens.push(`${name}:${next}`);
      i++;
    } else tokens.push(name);
  }
  return tokens.join(',');
}
