/**
 * One exchange (client request → upstream → client response): owns the abort signal
 * (client disconnect, Live-view cancel, total timeout), the raw client response, timing for
 * Server-Timing, and the recording of start/end.
 */
import type { ServerResponse } from 'node:http';
import type { ClientKind } from '../../shared/config-schema';
import { SwitchyardError, toSwitchyardError, type ErrorClass } from '../../shared/errors';
import type { IRUsage, Protocol } from '../../shared/ir';
import type { RoutingDecision, StreamStats } from '../../shared/recording';
import { redactSecrets, renderErrorBody, renderErrorEvent, type StreamErrorContext } from '../errors/render';
import type { Recorder } from '../recording/recorder';
import { AbortFlag } from './abort-flag';

export type AbortKind = 'client_abort' | 'cancel' | 'shutdown' | 'timeout';

export interface EndInfo {
  status: number;
  partial: boolean;
  errorClass?: ErrorClass;
  errorMessage?: string;
  usage?: IRUsage;
  upstreamResponseBody?: string;
  clientResponseBody?: string;
  streamStats?: StreamStats;
  finalProviderId?: string;
  finalModel?: string;
}

export class Exchange {
  /** Fires on client disconnect, Live-view cancel, shutdown or the total timeout. */
  readonly signal = new AbortFlag();
  abortKind: AbortKind | undefined;
  /** Monotonic ms when the head of the upstream answer arrived / last upstream byte. */
  upstreamHeadAt: number | undefined;
  lastByteAt: number | undefined;
  /** Monotonic ms when the first upstream request was dispatched. */
  dispatchedAt: number | undefined;
  attempts = 0;
  headSent = false;
  /** The head is on the wire (flushed, or carried by a body write). */
  private headOut = false;
  ended = false;
  overheadMs = 0;
  /** Called when a Live-view cancel arrives while streaming (writes the error event). */
  onCancelStreaming: (() => void) | undefined;
  private totalTimer: NodeJS.Timeout | undefined;
  private readonly epochAtStart: number;

  constructor(
    readonly id: string,
    readonly raw: ServerResponse,
    readonly inbound: Protocol,
    readonly client: ClientKind,
    readonly startedAt: number,
    readonly rec: Recorder | null,
    readonly secrets: string[],
    public routing: RoutingDecision,
  ) {
    this.epochAtStart = Date.now() - (performance.now() - startedAt);
    raw.on('close', () => {
      if (!raw.writableFinished && !this.ended) this.abort('client_abort');
    });
  }

  get clientGone(): boolean {
    return this.raw.destroyed || this.abortKind === 'client_abort';
  }

  epoch(perf: number | undefined): number | undefined {
    return perf === undefined ? undefined : Math.round(this.epochAtStart + (perf - this.startedAt));
  }

  abort(kind: AbortKind): void {
    if (this.signal.aborted) return;
    this.abortKind = kind;
    this.signal.abort();
    if (kind === 'cancel' || kind === 'shutdown') this.onCancelStreaming?.();
  }

  startTotalTimer(ms: number): void {
    this.totalTimer = setTimeout(() => this.abort('timeout'), ms);
    this.totalTimer.unref();
  }

  abortError(): SwitchyardError {
    if (this.abortKind === 'timeout') return new SwitchyardError('upstream_timeout', 'The exchange exceeded its total timeout');
    if (this.abortKind === 'cancel') return new SwitchyardError('client_abort', 'Cancelled from Switchyard', { status: 499 });
    if (this.abortKind === 'shutdown') return new SwitchyardError('provider_unavailable', 'Switchyard is shutting down; retry the request');
    return new SwitchyardError('client_abort', 'The client closed the connection', { status: 499 });
  }

  /** Server-Timing value: time before dispatch plus time between upstream head and our head. */
  serverTiming(now = performance.now()): string {
    let dur: number;
    if (this.dispatchedAt === undefined) dur = now - this.startedAt;
    else dur = this.dispatchedAt - this.startedAt + (this.upstreamHeadAt === undefined ? 0 : now - this.upstreamHeadAt);
    this.overheadMs = Math.round(dur * 1000) / 1000;
    return `proxy;dur=${this.overheadMs.toFixed(3)}`;
  }

  /**
   * `flush` sends the head at once; otherwise it leaves with the first body write (one packet
   * and one wake-up of the client instead of two) or with `flushHead()`.
   */
  writeHead(status: number, headers: Record<string, string>, flush: boolean): void {
    if (this.headSent || this.raw.destroyed) return;
    headers['server-timing'] = this.serverTiming();
    headers['x-switchyard-exchange-id'] = this.id;
    this.raw.writeHead(status, headers);
    this.headSent = true;
    if (flush) this.flushHead();
  }

  /** Send a head that is still held back (no body byte went out with it yet). */
  flushHead(): void {
    if (this.headOut || !this.headSent || this.raw.destroyed || this.raw.writableEnded) return;
    this.headOut = true;
    this.raw.flushHeaders();
  }

  /** Write with backpressure: waits for drain (or close) when the socket buffer is full. */
  async write(chunk: Buffer | string): Promise<void> {
    await this.send(chunk);
  }

  /**
   * Write now; a promise only when the socket buffer is full, settled on drain or close (the
   * relays pause the upstream body until then).
   */
  send(chunk: Buffer | string): Promise<void> | undefined {
    if (this.raw.destroyed || this.raw.writableEnded) return undefined;
    this.headOut = true;
    if (this.raw.write(chunk)) return undefined;
    const raw = this.raw;
    return new Promise<void>((resolve) => {
      const done = (): void => {
        raw.off('drain', done);
        raw.off('close', done);
        resolve();
      };
      raw.on('drain', done);
      raw.on('close', done);
    });
  }

  end(chunk?: Buffer | string): void {
    if (this.raw.writableEnded || this.raw.destroyed) return;
    this.raw.end(chunk);
  }

  /** A failure before any byte went to the client: protocol-shaped JSON error. */
  sendError(err: SwitchyardError, extraHeaders: Record<string, string> = {}): void {
    if (this.raw.destroyed) return;
    const safe = this.safe(err);
    if (this.headSent) {
      this.end();
      return;
    }
    const body = JSON.stringify(renderErrorBody(this.inbound, safe));
    this.writeHead(safe.status, { 'content-type': 'application/json', ...extraHeaders }, false);
    this.end(body);
  }

  /** A failure after the stream started: the protocol's error event, then close. */
  streamErrorEvent(err: SwitchyardError, ctx: StreamErrorContext = {}): string {
    return renderErrorEvent(this.inbound, this.safe(err), ctx);
  }

  safe(err: SwitchyardError): SwitchyardError {
    const message = redactSecrets(err.message, this.secrets);
    if (message === err.message) return err;
    return new SwitchyardError(err.code, message, { hint: err.hint, status: err.status });
  }

  finish(info: EndInfo): void {
    if (this.ended) return;
    this.ended = true;
    if (this.totalTimer) clearTimeout(this.totalTimer);
    if (!this.rec) return;
    this.rec.flush();
    // One literal of a fixed shape (no spreads: they cost more than the rest of the event).
    this.rec.emit({
      type: 'end',
      status: info.status,
      partial: info.partial,
      errorClass: info.errorClass,
      errorMessage: info.errorMessage === undefined ? undefined : redactSecrets(info.errorMessage, this.secrets),
      usage: info.usage,
      upstreamResponseBody: info.upstreamResponseBody,
      clientResponseBody: info.clientResponseBody,
      receivedAt: this.epoch(this.startedAt)!,
      upstreamFirstByteAt: this.epoch(this.upstreamHeadAt),
      lastByteAt: this.epoch(this.lastByteAt),
      streamStats: info.streamStats,
      overheadMs: this.overheadMs,
      attempts: this.attempts,
      finalProviderId: info.finalProviderId,
      finalModel: info.finalModel,
    });
  }

  /** Finish for an error that escaped the pipeline. */
  fail(e: unknown): void {
    const err = toSwitchyardError(e);
    if (this.abortKind === 'client_abort') {
      this.finish({ status: 499, partial: this.headSent, errorClass: 'client_abort', errorMessage: 'client closed the connection' });
      return;
    }
    // Partial only when the answer had begun: an error sent as the whole answer is complete.
    const partial = this.headSent;
    if (partial) {
      if (!this.raw.destroyed) this.end(this.streamErrorEvent(err));
    } else this.sendError(err);
    this.finish({ status: err.status, partial, errorClass: err.errorClass, errorMessage: err.message });
  }
}
