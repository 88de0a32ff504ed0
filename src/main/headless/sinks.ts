import type { ExchangeEvent, RecordingSink } from '../../shared/recording';

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

/** One log line per finished exchange (the headless host's console view). */
export function exchangeLogSink(write: (line: string) => void): RecordingSink {
  const started = new Map<string, Extract<ExchangeEvent, { type: 'start' }>>();
  return {
    emit(event) {
      if (event.type === 'start') {
        started.set(event.exchangeId, event);
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
      write(
        `${new Date(event.at).toISOString()} ${s ? `${s.method} ${s.path}` : event.exchangeId} ${route} ${event.status}${event.partial ? ' partial' : ''} ${ms}ms${usage}${err}`,
      );
    },
  };
}
