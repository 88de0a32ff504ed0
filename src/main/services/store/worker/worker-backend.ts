/**
 * The main-thread side of the store's write worker. `emit()` appends to a batch that is
 * posted at most every POST_EVERY_MS, so the proxy pays one structured clone and one wake-up
 * of the worker per batch instead of the store's work. The config view and secret list are
 * re-read per batch and sent only when they changed. A worker that fails to start or dies
 * marks recording degraded (events are counted as dropped); the proxy never notices.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RecordingStatus } from '../../../../shared/domain';
import type { ExchangeEvent } from '../../../../shared/recording';
import { RecordingGate } from '../recording-gate';
import type { StoreConfigView } from '../types';
import type { StoreWriteBackend } from '../write-backend';
import type { FromWorker, ToWorker, WorkerCall, WorkerStatus, WriteWorkerData } from './protocol';
import { toWire } from './wire';

/** Bundled name of the worker entry (scripts/build.mjs and electron.vite.config.ts emit it). */
export const WRITE_WORKER_FILE = 'store-writer.js';

/** What `new Worker()` runs: a script file, or (from source) code that loads the .ts through tsx. */
export interface WriteWorkerScript {
  entry: string;
  eval: boolean;
}

/**
 * The worker script next to this code: the bundle's `store-writer.js` (this code may sit in
 * a chunks/ folder below it), or the TypeScript source when running from src (tests, tsx).
 */
export function resolveWriteWorker(fromUrl: string = import.meta.url): WriteWorkerScript {
  const here = path.dirname(fileURLToPath(fromUrl));
  for (const dir of [here, path.dirname(here)]) {
    const file = path.join(dir, WRITE_WORKER_FILE);
    if (existsSync(file)) return { entry: file, eval: false };
  }
  const source = path.join(here, 'write-worker.ts');
  if (fromUrl.endsWith('.ts') && existsSync(source)) {
    // require.resolve finds the CommonJS build; the ESM API sits beside it.
    const api = pathToFileURL(
      createRequire(fromUrl)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href;
    const url = pathToFileURL(source).href;
    return {
      entry: `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(url)}, ${JSON.stringify(url)}));`,
      eval: true,
    };
  }
  throw new Error(`The store's write worker (${WRITE_WORKER_FILE}) is missing next to ${here}; rebuild with \`npm run build\`.`);
}

export interface WorkerBackendOptions {
  dbPath: string;
  nativeBinding?: string;
  batchDelayMs: number;
  config: () => StoreConfigView;
  secrets: () => string[];
  onError: (message: string) => void;
  onSessionsChanged: (ids: string[]) => void;
  /** Override the worker script (tests). */
  worker?: WriteWorkerScript;
  /** The proxy's traffic, mirrored to the worker (see OpenTrajectoryStoreOptions.activity). */
  activity?: () => { inFlight: number; started: number };
}

/**
 * Longest an event waits on this side before it is posted. Capped by the writer's own batch
 * delay, so a row is written at most twice that delay after its event.
 */
const POST_EVERY_MS = 25;

/** How often the proxy's traffic is mirrored to the worker (its idle check runs every second). */
const ACTIVITY_EVERY_MS = 500;

export class WorkerWriteBackend implements StoreWriteBackend {
  private readonly worker: Worker | null = null;
  private ready = false;
  /** Events posted before the worker said it was up: lost with it if it never comes up. */
  private postedBeforeReady = 0;
  private batch: ExchangeEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly postEveryMs: number;
  private lastConfig: StoreConfigView;
  private lastSecrets: string;
  private paused = false;
  /** Exchanges that started while recording: their later events go to the worker. */
  private readonly gate = new RecordingGate();
  private remote: WorkerStatus = { paused: false, queued: 0, droppedBodies: 0, droppedEvents: 0 };
  private lostEvents = 0;
  private dead: string | undefined;
  private nextId = 1;
  private calls = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private closing: Promise<void> | null = null;
  private readonly activity = new Int32Array(new SharedArrayBuffer(8));
  private activityTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: WorkerBackendOptions) {
    const script = opts.worker ?? resolveWriteWorker();
    this.postEveryMs = Math.max(0, Math.min(POST_EVERY_MS, opts.batchDelayMs));
    this.lastConfig = opts.config();
    const secrets = opts.secrets();
    this.lastSecrets = secrets.join('\u0000');
    const data: WriteWorkerData = {
      dbPath: opts.dbPath,
      nativeBinding: opts.nativeBinding,
      batchDelayMs: opts.batchDelayMs,
      config: this.lastConfig,
      secrets,
      activity: this.activity.buffer as SharedArrayBuffer,
    };
    let worker: Worker;
    try {
      worker = new Worker(script.entry, {
        workerData: data,
        eval: script.eval,
        name: 'switchyard-store-writer',
        // Its garbage is short-lived batch data: a small young generation keeps RSS down.
        resourceLimits: { maxYoungGenerationSizeMb: 8 },
      });
    } catch (e) {
      this.die(`the store's write worker could not start: ${(e as Error).message}`);
      return;
    }
    this.worker = worker;
    const activity = opts.activity;
    if (activity) {
      const mirror = (): void => {
        const a = activity();
        Atomics.store(this.activity, 0, a.inFlight);
        Atomics.store(this.activity, 1, a.started | 0);
      };
      mirror();
      this.activityTimer = setInterval(mirror, ACTIVITY_EVERY_MS);
      this.activityTimer.unref();
    }
    worker.on('message', (m: FromWorker) => this.onMessage(m));
    worker.on('error', (e) => this.die(`the store's write worker failed: ${e.message}`));
    worker.on('exit', (code) => {
      // While closing, terminate() ends it with code 1 once its close call has answered.
      if (this.closing) this.settleAll();
      else this.die(`the store's write worker exited (code ${code})`);
    });
  }

  private onMessage(m: FromWorker): void {
    switch (m.t) {
      case 'status':
        this.remote = m.status;
        return;
      case 'sessions':
        this.opts.onSessionsChanged(m.ids);
        return;
      case 'error':
        this.opts.onError(m.message);
        return;
      case 'done': {
        const call = this.calls.get(m.id);
        this.calls.delete(m.id);
        if (!call) return;
        if (m.error) call.reject(new Error(m.error));
        else call.resolve();
        return;
      }
      case 'ready':
        this.ready = true;
        this.postedBeforeReady = 0;
        return;
    }
  }

  private die(reason: string): void {
    if (this.dead) return;
    clearInterval(this.activityTimer);
    this.dead = `Recording is degraded: ${reason}`;
    this.lostEvents += this.batch.length + (this.ready ? 0 : this.postedBeforeReady);
    this.batch = [];
    this.opts.onError(this.dead);
    for (const call of this.calls.values()) call.reject(new Error(this.dead));
    this.calls.clear();
  }

  private settleAll(): void {
    for (const call of this.calls.values()) call.resolve();
    this.calls.clear();
  }

  private post(m: ToWorker): void {
    if (this.dead || !this.worker) return;
    try {
      this.worker.postMessage(m);
      if (m.t === 'events' && !this.ready) this.postedBeforeReady += m.events.length;
    } catch (e) {
      // An event that cannot be cloned loses itself only.
      if (m.t === 'events') this.lostEvents += m.events.length;
      else this.opts.onError(`Recording: ${(e as Error).message}`);
    }
  }

  emit(event: ExchangeEvent): void {
    // What the worker's writer would throw away is not sent at all (each message costs a
    // structured clone here and a wake-up there): progress events (the store keeps none)
    // and the events of exchanges that started while recording was paused or off.
    if (event.type === 'progress') return;
    if (!this.gate.admit(event, () => !this.paused && this.opts.config().recording.enabled)) return;
    if (this.dead || this.closing) {
      this.lostEvents++;
      return;
    }
    this.batch.push(event);
    // Posted on a short timer, not per event-loop turn: each post wakes the worker's thread,
    // and on a small VM a wake-up costs the proxy's thread as much as a socket write. The
    // worker batches its SQLite writes over `batchDelayMs` anyway, so this delays nothing
    // that anyone sees.
    this.timer ??= setTimeout(() => this.sendBatch(), this.postEveryMs);
  }

  /** Post the batch, preceded by the config view and secrets when they changed. */
  private sendBatch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.batch.length === 0) return;
    this.syncSettings();
    const events = toWire(this.batch);
    this.batch = [];
    this.post({ t: 'events', events });
  }

  private syncSettings(): void {
    try {
      const config = this.opts.config();
      if (config.recording !== this.lastConfig.recording || config.prices !== this.lastConfig.prices) {
        this.lastConfig = config;
        this.post({ t: 'config', config });
      }
      const secrets = this.opts.secrets();
      const key = secrets.join('\u0000');
      if (key !== this.lastSecrets) {
        this.lastSecrets = key;
        this.post({ t: 'secrets', secrets });
      }
    } catch (e) {
      this.opts.onError(`Recording: could not read the config (${(e as Error).message})`);
    }
  }

  status(enabled: boolean): RecordingStatus {
    return {
      enabled,
      paused: this.paused,
      degraded: this.dead ?? this.remote.degraded,
      queued: this.remote.queued + this.batch.length,
      droppedBodies: this.remote.droppedBodies,
      droppedEvents: this.remote.droppedEvents + this.lostEvents,
    };
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    // Events already batched were accepted before the pause: send them first.
    this.sendBatch();
    this.post({ t: 'paused', paused });
  }

  private call(m: WorkerCall): Promise<void> {
    if (this.dead) return Promise.reject(new Error(this.dead));
    this.sendBatch();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      this.post({ t: 'call', id, ...m });
    });
  }

  deleteSession(sessionId: string): Promise<void> {
    return this.call({ op: 'deleteSession', sessionId });
  }

  pruneNow(): Promise<void> {
    return this.call({ op: 'pruneNow' });
  }

  flush(): Promise<void> {
    return this.call({ op: 'flush' });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.timer) clearTimeout(this.timer);
      clearInterval(this.activityTimer);
      if (!this.dead) {
        try {
          await this.call({ op: 'close' });
        } catch {
          // reported through onError already
        }
      }
      await this.worker?.terminate();
    })();
    return this.closing;
  }
}
