import type { RecordingSink, RoutingDecision } from '../../shared/recording';

/** Fan one event out to several sinks; a throwing sink never reaches the proxy. */
export function teeSink(sinks: RecordingSink[]): RecordingSink {
  if (sinks.length === 1) return sinks[0]!;
  return {
    emit(event) {
      for (const s of sinks) {
        try {
          s.emit(event);
        } catch {
          // Recording must never break proxying.
        }
      }
    },
  };
}

/**
 * `new Date(ms).toISOString()` for log lines, with the part up to the second formatted once
 * per second: on a busy proxy the Date object and its formatting were most of a line's cost.
 */
export function isoTimeFormatter(): (ms: number) => string {
  let second = Number.NaN;
  let prefix = '';
  return (time) => {
    const ms = Math.floor(time);
    const s = Math.floor(ms / 1000);
    if (s !== second) {
      second = s;
      prefix = new Date(s * 1000).toISOString().slice(0, -4); // "2026-11-22T10:00:00."
    }
    return `${prefix}${String(ms - s * 1000).padStart(3, '0')}Z`;
  };
}

/** Longest a finished exchange's line waits for company before it is written. */
export const LOG_FLUSH_MS = 50;

/**
 * One log line per finished exchange (the headless host's console view). Lines are written
 * together at most every LOG_FLUSH_MS: stdout on a pipe or terminal is a synchronous write
 * on Linux, and one syscall (and one wake-up of the reader) per request showed up in the
 * proxy's CPU time.
 */
export function exchangeLogSink(write: (lines: string) => void): RecordingSink & { flush(): void } {
  // Only what the line needs (not the start event, which holds the request body).
  const started = new Map<string, { method: string; path: string; routing: RoutingDecision }>();
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const iso = isoTimeFormatter();
  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const lines = pending;
    pending = [];
    write(lines.join('\n'));
  };
  return {
    /** Write what is waiting now (shutdown). */
    flush,
    emit(event) {
      if (event.type === 'start') {
        started.set(event.exchangeId, { method: event.method, path: event.path, routing: event.routing });
        return;
      }
      if (event.type !== 'end') return;
      const s = started.get(event.exchangeId);
      started.delete(event.exchangeId);
      const ms = Math.round(event.at - event.receivedAt);
      const provider = event.finalProviderId ?? s?.routing.providerId;
      const route = !s
        ? ''
        : provider
          ? `${s.routing.requestedModel} → ${provider}/${event.finalModel ?? s.routing.upstreamModel} (${s.routing.rule})`
          : `${s.routing.requestedModel || '(no model)'} → not routed`;
      const usage = event.usage
        ? ` in=${event.usage.inputTokens + event.usage.cacheReadTokens + event.usage.cacheWriteTokens} out=${event.usage.outputTokens}`
        : '';
      const err = event.errorClass ? ` ${event.errorClass}${event.errorMessage ? `: ${event.errorMessage}` : ''}` : '';
      timer ??= setTimeout(flush, LOG_FLUSH_MS);
      pending.push(
        `${iso(event.at)} ${s ? `${s.method} ${s.path}` : event.exchangeId} ${route} ${event.status}${event.partial ? ' partial' : ''} ${ms}ms${usage}${err}`,
      );
    },
  };
}
