/**
 * In-memory view of exchanges in flight for the Live view. Fed by the same events as the
 * store but independent of it: it works with recording off or paused. Text comes from
 * `progress` events, or from parsing the client stream when a lane sends no progress.
 * Updates are throttled per exchange; finished exchanges stay visible for a while.
 */
import type { LiveExchange } from '../../../shared/domain';
import type { ExchangeEvent } from '../../../shared/recording';
import { resolveSessionKey, safeSessionId } from '../store/session-key';
import { StreamTextAccumulator } from '../store/text-extract';
import type { LiveTrackerApi } from './live-api';

export interface LiveTrackerOptions {
  /** Minimum ms between two updates of one exchange (≈ 10/s). */
  throttleMs?: number;
  /** How long finished exchanges stay listed. */
  keepFinishedMs?: number;
  /** Cap on finished exchanges kept (oldest go first); in-flight ones do not count. */
  maxFinished?: number;
  /** Cap on exchanges tracked at once (oldest finished go first). */
  maxTracked?: number;
  now?: () => number;
  /**
   * Whether anyone shows the updates now (a window, a browser tab). While nobody does, the
   * tracker keeps its list current but builds and sends no snapshots: that work ran on the
   * proxy's thread for every exchange. Unset: always watched.
   */
  watched?: () => boolean;
}

interface Tracked {
  ex: LiveExchange;
  /** Set once a progress event arrives: chunks are then not parsed. */
  progress: boolean;
  acc?: StreamTextAccumulator;
  accFromClient?: boolean;
  lastSent: number;
  timer: NodeJS.Timeout | null;
}

export class LiveTracker implements LiveTrackerApi {
  private tracked = new Map<string, Tracked>();
  private updateListeners = new Set<(ex: LiveExchange) => void>();
  private removeListeners = new Set<(id: string) => void>();
  private readonly throttleMs: number;
  private readonly keepMs: number;
  private readonly max: number;
  private readonly maxFinished: number;
  /**
   * Finished exchanges in the order they ended, with the time each goes. One timer serves
   * them all: at thousands of requests per second, a timer per exchange was garbage that
   * lived long enough to reach V8's old generation.
   */
  private finished = new Map<string, number>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private readonly watched: () => boolean;

  constructor(opts: LiveTrackerOptions = {}) {
    this.throttleMs = opts.throttleMs ?? 100;
    this.keepMs = opts.keepFinishedMs ?? 60_000;
    this.max = opts.maxTracked ?? 1000;
    this.maxFinished = opts.maxFinished ?? 100;
    this.now = opts.now ?? Date.now;
    this.watched = opts.watched ?? (() => true);
  }

  list(): LiveExchange[] {
    return [...this.tracked.values()].map((t) => ({ ...t.ex, toolCalls: t.ex.toolCalls.map((c) => ({ ...c })) }));
  }

  onUpdate(listener: (ex: LiveExchange) => void): () => void {
    this.updateListeners.add(listener);
    return () => this.updateListeners.delete(listener);
  }

  onRemoved(listener: (exchangeId: string) => void): () => void {
    this.removeListeners.add(listener);
    return () => this.removeListeners.delete(listener);
  }

  /** Mark an exchange cancelled from the UI (the proxy's own end event follows). */
  markCancelled(exchangeId: string): void {
    const t = this.tracked.get(exchangeId);
    if (!t || t.ex.endedAt) return;
    t.ex.status = 'cancelled';
    this.send(t, true);
  }

  emit(ev: ExchangeEvent): void {
    try {
      this.apply(ev);
    } catch {
      // never throw into the proxy
    }
  }

  /** Stop timers (shutdown, tests). */
  dispose(): void {
    for (const t of this.tracked.values()) if (t.timer) clearTimeout(t.timer);
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.sweepTimer = null;
    this.tracked.clear();
    this.finished.clear();
  }

  private apply(ev: ExchangeEvent): void {
    if (ev.type === 'start') {
      this.evict();
      const key = resolveSessionKey(ev.session);
      const ex: LiveExchange = {
        exchangeId: ev.exchangeId,
        sessionId: key ? safeSessionId(key.externalId) : undefined,
        client: ev.client,
        startedAt: ev.at,
        providerId: ev.routing.providerId,
        model: ev.routing.upstreamModel,
        requestedModel: ev.routing.requestedModel,
        reason: ev.routing.reason,
        text: '',
        thinking: '',
        toolCalls: [],
        status: 'waiting',
      };
      this.tracked.set(ev.exchangeId, { ex, progress: false, lastSent: 0, timer: null });
      this.send(this.tracked.get(ev.exchangeId)!, true);
      return;
    }
    const t = this.tracked.get(ev.exchangeId);
    if (!t) return;
    const ex = t.ex;
    switch (ev.type) {
      case 'upstream_request':
        ex.providerId = ev.routing.providerId;
        ex.model = ev.routing.upstreamModel;
        ex.reason = ev.routing.reason;
        break;
      case 'upstream_response':
        return;
      case 'upstream_chunk':
      case 'client_chunk': {
        ex.firstByteAt ??= ev.at;
        if (ex.status === 'waiting') ex.status = 'streaming';
        // Parse the client's stream (or upstream's on passthrough lanes, where client chunks are omitted).
        if (!t.progress) {
          const fromClient = ev.type === 'client_chunk';
          // Client chunks win once seen (they are what the user gets on conversion lanes).
          if (fromClient && t.acc && !t.accFromClient) t.acc = undefined;
          if (!t.acc) {
            t.acc = new StreamTextAccumulator();
            t.accFromClient = fromClient;
          }
          if (t.accFromClient === fromClient) {
            t.acc.push(ev.chunk);
            ex.text = t.acc.text;
            ex.thinking = t.acc.thinking;
            ex.toolCalls = t.acc.toolCalls.map((c) => ({ ...c }));
            if (t.acc.outputTokens !== undefined) ex.outputTokens = t.acc.outputTokens;
          }
        }
        break;
      }
      case 'progress':
        if (!t.progress) {
          t.progress = true;
          t.acc = undefined;
          ex.text = '';
          ex.thinking = '';
          ex.toolCalls = [];
        }
        ex.firstByteAt ??= ev.at;
        if (ex.status === 'waiting') ex.status = 'streaming';
        if (ev.textDelta) ex.text += ev.textDelta;
        if (ev.thinkingDelta) ex.thinking += ev.thinkingDelta;
        if (ev.toolCall) {
          // A call without args announces a new tool call; args deltas extend the latest one.
          const last = ex.toolCalls[ex.toolCalls.length - 1];
          if (ev.toolCall.argsDelta !== undefined && last && last.name === ev.toolCall.name) last.args += ev.toolCall.argsDelta;
          else ex.toolCalls.push({ name: ev.toolCall.name, args: ev.toolCall.argsDelta ?? '' });
        }
        break;
      case 'end': {
        ex.endedAt = ev.at;
        if (ev.usage) ex.outputTokens = ev.usage.outputTokens;
        if (ex.status !== 'cancelled')
          ex.status = ev.status >= 400 || ev.errorClass ? (ev.errorClass === 'client_abort' ? 'cancelled' : 'error') : 'done';
        if (ev.errorMessage) ex.error = ev.errorMessage;
        if (ev.finalProviderId) ex.providerId = ev.finalProviderId;
        if (ev.finalModel) ex.model = ev.finalModel;
        this.send(t, true);
        this.finished.delete(ev.exchangeId);
        this.finished.set(ev.exchangeId, this.now() + this.keepMs);
        this.scheduleSweep(this.keepMs);
        return;
      }
    }
    this.send(t, false);
  }

  private send(t: Tracked, force: boolean): void {
    if (this.updateListeners.size === 0 || !this.watched()) return; // list() still has it all
    const now = this.now();
    if (!force && now - t.lastSent < this.throttleMs) {
      if (!t.timer) {
        t.timer = setTimeout(
          () => {
            t.timer = null;
            if (this.tracked.get(t.ex.exchangeId) === t) this.send(t, true);
          },
          this.throttleMs - (now - t.lastSent),
        );
        t.timer.unref?.();
      }
      return;
    }
    if (t.timer) {
      clearTimeout(t.timer);
      t.timer = null;
    }
    t.lastSent = now;
    const snapshot = { ...t.ex, toolCalls: t.ex.toolCalls.map((c) => ({ ...c })) };
    for (const l of this.updateListeners) {
      try {
        l(snapshot);
      } catch {
        // a failing listener must not stop the others
      }
    }
  }

  private scheduleSweep(inMs: number): void {
    if (this.sweepTimer) return;
    this.sweepTimer = setTimeout(() => this.sweep(), Math.max(0, inMs));
    this.sweepTimer.unref?.();
  }

  /** Remove the finished exchanges whose time is up; wait for the next one. */
  private sweep(): void {
    this.sweepTimer = null;
    const now = this.now();
    for (const [id, until] of this.finished) {
      if (until > now) {
        this.scheduleSweep(until - now);
        return;
      }
      this.remove(id);
    }
  }

  private remove(id: string): void {
    const t = this.tracked.get(id);
    this.finished.delete(id);
    if (!t) return;
    if (t.timer) clearTimeout(t.timer);
    this.tracked.delete(id);
    for (const l of this.removeListeners) {
      try {
        l(id);
      } catch {
        // ignore
      }
    }
  }

  private evict(): void {
    // Oldest finished first (the map is in the order they ended).
    for (const id of this.finished.keys()) {
      if (this.finished.size < this.maxFinished && this.tracked.size < this.max) return;
      this.remove(id);
    }
    // Everything is in flight: drop the oldest.
    if (this.tracked.size < this.max) return;
    const first = this.tracked.keys().next().value;
    if (first !== undefined) this.remove(first);
  }
}

export function createLiveTracker(opts: LiveTrackerOptions = {}): LiveTracker {
  return new LiveTracker(opts);
}
