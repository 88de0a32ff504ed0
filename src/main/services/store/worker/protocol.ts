/**
 * Messages between the store's main-thread side (WorkerWriteBackend) and its write worker.
 * Events travel in batches (one postMessage per few milliseconds, not per event); the
 * config view and secret list are sent only when they change, ahead of the events that
 * depend on them. Requests that need an answer carry an id; the worker replies `done`.
 */
import type { RecordingStatus } from '../../../../shared/domain';
import type { ExchangeEvent } from '../../../../shared/recording';
import type { StoreConfigView } from '../types';

export interface WriteWorkerData {
  dbPath: string;
  nativeBinding?: string;
  batchDelayMs: number;
  config: StoreConfigView;
  secrets: string[];
  /**
   * The proxy's traffic, mirrored twice a second by the main thread: [exchanges in
   * flight, exchanges started (wraps)]. Int32 over a SharedArrayBuffer.
   */
  activity: SharedArrayBuffer;
}

/**
 * An event as it crosses: on passthrough lanes the upstream request body is the client's
 * body, so it is sent once (the `start` event) and the worker puts it back.
 */
export type WireEvent = ExchangeEvent | (Extract<ExchangeEvent, { type: 'upstream_request' }> & { sameBodyAsClient: true });

export type ToWorker =
  | { t: 'events'; events: WireEvent[] }
  | { t: 'config'; config: StoreConfigView }
  | { t: 'secrets'; secrets: string[] }
  | { t: 'paused'; paused: boolean }
  | ({ t: 'call'; id: number } & WorkerCall);

/** Requests the worker answers with `done` (same id). */
export type WorkerCall = { op: 'flush' | 'close' | 'pruneNow' } | { op: 'deleteSession'; sessionId: string };

/** Counters the main side shows in status() (sent after every batch the worker writes). */
export type WorkerStatus = Omit<RecordingStatus, 'enabled'>;

export type FromWorker =
  | { t: 'ready' }
  | { t: 'status'; status: WorkerStatus }
  | { t: 'sessions'; ids: string[] }
  | { t: 'error'; message: string }
  | { t: 'done'; id: number; error?: string };
