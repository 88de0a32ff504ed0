/** Event batches on their way to the write worker and back (shared by both sides). */
import type { ExchangeEvent } from '../../../../shared/recording';
import type { WireEvent } from './protocol';

/**
 * On passthrough lanes the upstream body is the client's body (the same string): within a
 * batch it crosses once, with the start event (start and first attempt share a turn).
 */
export function toWire(batch: ExchangeEvent[]): WireEvent[] {
  let bodies: Map<string, string> | undefined;
  return batch.map((ev) => {
    if (ev.type === 'start') (bodies ??= new Map()).set(ev.exchangeId, ev.clientRequestBody);
    else if (ev.type === 'upstream_request' && bodies?.get(ev.exchangeId) === ev.upstreamRequestBody)
      return { ...ev, upstreamRequestBody: '', sameBodyAsClient: true };
    return ev;
  });
}

/** The worker's half of toWire(). */
export function fromWire(events: WireEvent[]): ExchangeEvent[] {
  let bodies: Map<string, string> | undefined;
  return events.map((ev) => {
    if (ev.type === 'start') (bodies ??= new Map()).set(ev.exchangeId, ev.clientRequestBody);
    else if (ev.type === 'upstream_request' && 'sameBodyAsClient' in ev) {
      const { sameBodyAsClient: _same, ...rest } = ev;
      return { ...rest, upstreamRequestBody: bodies?.get(ev.exchangeId) ?? '' };
    }
    return ev;
  });
}
