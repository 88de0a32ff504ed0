/**
 * Which exchanges are recorded: one is admitted by its `start` when recording is on (not
 * paused, not disabled), and then all its later events are, up to and including its `end`,
 * even if recording was paused meanwhile. Shared by the write queue and the worker backend,
 * which drops on the main thread what the worker's queue would drop anyway.
 */
import type { ExchangeEvent } from '../../../shared/recording';

export class RecordingGate {
  private readonly open = new Set<string>();

  /** Whether this event belongs to a recorded exchange; `recording` is asked at `start` only. */
  admit(ev: ExchangeEvent, recording: () => boolean): boolean {
    if (ev.type === 'start') {
      if (!recording()) return false;
      this.open.add(ev.exchangeId);
      return true;
    }
    if (!this.open.has(ev.exchangeId)) return false;
    if (ev.type === 'end') this.open.delete(ev.exchangeId);
    return true;
  }

  /** Stop recording an exchange (its start was dropped). */
  close(exchangeId: string): void {
    this.open.delete(exchangeId);
  }
}
