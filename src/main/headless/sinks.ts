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
 * One log line per finished exchange (the headless host's console view). Lines are written
 * once per event-loop turn, joined: stdout on a pipe or terminal is a synchronous write on
 * Linux, and one syscall per request showed up at thousands of requests per second.
 */
export function exchangeLogSink(write: (lines: string) => void): RecordingSink {
  // Only what the line needs (not the start event, which holds the request body).
  const started = new Map<string, { method: string; path: string; routing: RoutingDecision }>();
  let pending: string[] = [];
  const flush = (): void => {
    const lines = pending;
    pending = [];
    write(lines.join('\n'));
  };
  return {
    emit(event) {
      if (event.type === 'start') {
        started.set(event.exchangeId, { method: event.method, path: event.path, routing: event.routing });
        return;
      }
      if (event.type !== 'end') return;
      const s = started.get(event.exchangeId);
      started.delete(event.exchangeId);
      const ms = Math.round(event.at - event.receivedAt);
      const route = s
        ? `${s.routing.requestedModel} → ${event.finalProviderId ?? s.routing.providerId}/${event.finalModel ?? s.routing.upstreamModel} (${s.routing.rule})`
        : '';
      const usage = event.usage
        ? ` in=${event.usage.inputTokens + event.usage.cacheReadTokens + event.usage.cacheWriteTokens} out=${event.usage.outputTokens}`
        : '';
      const err = event.errorClass ? ` ${event.errorClass}${event.errorMessage ? `: ${event.errorMessage}` : ''}` : '';
      if (pending.length === 0) setImmediate(flush);
      pending.push(
        `${new Date(event.at).toISOString()} ${s ? `${s.method} ${s.path}` : event.exchangeId} ${route} ${event.status}${event.partial ? ' partial' : ''} ${ms}ms${usage}${err}`,
      );
    },
  };
}
