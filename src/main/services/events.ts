import type { EventName, IpcEvents } from '../../shared/ipc-contract';

/** Typed in-process event bus; hosts forward it to Electron windows or the SSE bridge. */
export class EventBus {
  private listeners = new Map<EventName, Set<(payload: never) => void>>();
  private anyListeners = new Set<(event: EventName, payload: unknown) => void>();

  emit<E extends EventName>(event: E, payload: IpcEvents[E]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (p: IpcEvents[E]) => void)(payload);
    for (const l of this.anyListeners) l(event, payload);
  }

  on<E extends EventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (p: never) => void);
    return () => set.delete(listener as (p: never) => void);
  }

  /** Whether an emit of this event reaches anyone (a listener for it, or a bridge). */
  hasListeners(event: EventName): boolean {
    return (this.listeners.get(event)?.size ?? 0) > 0 || this.anyListeners.size > 0;
  }

  /** Every event, for bridges (Electron webContents.send, SSE). */
  onAny(listener: (event: EventName, payload: unknown) => void): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }
}
