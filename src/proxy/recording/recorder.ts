/**
 * Fire-and-forget recording: wraps the injected sink so a throwing sink can never break a
 * request, and converts monotonic timestamps to epoch ms for the events.
 */
import { StringDecoder } from 'node:string_decoder';
import type { ExchangeEvent, RecordingSink } from '../../shared/recording';

type Without<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
export type EventInput = Without<ExchangeEvent, 'exchangeId' | 'at'>;

export class Recorder {
  private upstreamDecoder: StringDecoder | undefined;
  private failed = false;
  /** Events kept back while held (in order), handed to the sink by `release()`. */
  private held: ExchangeEvent[] | undefined;

  constructor(
    private readonly sink: RecordingSink,
    readonly exchangeId: string,
    private readonly onError?: (e: unknown) => void,
    opts: { hold?: boolean } = {},
  ) {
    if (opts.hold) this.held = [];
  }

  /**
   * Hand the events kept back so far to the sink and stop holding. The proxy holds a new
   * exchange's first events until its request is on the way upstream: the sinks' work (the
   * Live view, the store's batch, the log) then runs while the upstream works, not before.
   */
  release(): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    for (const ev of held) this.deliver(ev);
  }

  /**
   * Takes the event object over (callers pass a fresh literal): the id and time are added to
   * it in place. A copy by spread was the costliest line of recording on the proxy's thread,
   * as each event type has its own shape and the spread went through V8's slow path.
   */
  emit(event: EventInput): void {
    if (this.failed) return;
    const ev = event as ExchangeEvent;
    ev.exchangeId = this.exchangeId;
    ev.at = Date.now();
    if (this.held) this.held.push(ev);
    else this.deliver(ev);
  }

  private deliver(ev: ExchangeEvent): void {
    if (this.failed) return;
    try {
      this.sink.emit(ev);
    } catch (e) {
      // One report per exchange, then stay quiet: proxying matters more than recording.
      this.failed = true;
      this.onError?.(e);
    }
  }

  upstreamChunk(chunk: Buffer): void {
    const text = (this.upstreamDecoder ??= new StringDecoder('utf8')).write(chunk);
    if (text) this.emit({ type: 'upstream_chunk', chunk: text });
  }

  clientChunk(text: string): void {
    if (text) this.emit({ type: 'client_chunk', chunk: text });
  }

  /** Rest of a multi-byte sequence cut at the end of the stream. */
  flush(): void {
    const rest = this.upstreamDecoder?.end();
    if (rest) this.emit({ type: 'upstream_chunk', chunk: rest });
  }
}

/** Request headers safe to record: credentials and cookies removed. */
export function recordableHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || k === 'authorization' || k === 'x-api-key' || k === 'cookie' || k === 'proxy-authorization') continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
