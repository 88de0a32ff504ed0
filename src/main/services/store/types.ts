import type { PriceConfig, RecordingConfig } from '../../../shared/config-schema';

/** The slice of config the store reads (called on every batch, so reloads apply). */
export interface StoreConfigView {
  recording: RecordingConfig;
  prices?: Record<string, PriceConfig>;
}

export interface OpenTrajectoryStoreOptions {
  dbPath: string;
  /** better_sqlite3.node built for the running runtime (Electron passes its own). */
  nativeBinding?: string;
  config: () => StoreConfigView;
  /** Resolved provider keys + app token + session tokens: redacted wherever they appear. */
  secrets: () => string[];
  /** Reader mode for the CLI: no writes, no recovery, no retention. */
  readOnly?: boolean;
  /**
   * Where writes run: 'process' (this thread; the CLI and tests) or 'worker' (a
   * worker_thread with its own connection, so recording never blocks the proxy; the hosts).
   */
  writeIn?: 'process' | 'worker';
  /** Override the worker script (tests); default: resolveWriteWorker(). */
  writeWorker?: { entry: string; eval: boolean };
  /**
   * The proxy's traffic (exchanges in flight, a counter that changes when one starts). The
   * write worker gives its memory back only while both it and the proxy are quiet: its
   * collection and allocator trim must not compete with requests being served.
   */
  activity?: () => { inFlight: number; started: number };
  /** Delay before a queued batch is written (ms). */
  batchDelayMs?: number;
  /** Called with a message when the store degrades or a background step fails. */
  onError?: (message: string) => void;
  now?: () => number;
}

export const DEFAULT_QUEUE_LIMIT = 5000;
/** Stream chunk bytes held in memory (all in-flight exchanges) before transcripts are dropped. */
export const DEFAULT_CHUNK_BYTES_LIMIT = 256 * 1024 * 1024;
