/**
 * The store's write worker: an InProcessWriteBackend on its own SQLite connection, fed by
 * messages from WorkerWriteBackend. Runs in a worker_thread so recording work (body split,
 * hashing, compression, transactions, retention) never blocks the proxy's event loop.
 * Imports only the write path: no config schema, no proxy, no UI code.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BodyStore } from '../body-store';
import { openDatabase, shrinkDbMemory } from '../db';
import type { StoreConfigView } from '../types';
import { InProcessWriteBackend } from '../write-backend';
import type { FromWorker, ToWorker, WorkerStatus, WriteWorkerData } from './protocol';
import { fromWire } from './wire';
import { startIdleGc } from '../../memory/idle-gc';
import { releaseFreedMemory } from '../../memory/trim';

const STATUS_EVERY_MS = 200;
const MB = 1024 * 1024;

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('write-worker must run in a worker_thread');
  const data = workerData as WriteWorkerData;
  const send = (m: FromWorker): void => port.postMessage(m);
  let config: StoreConfigView = data.config;
  let secrets: string[] = data.secrets;

  const db = openDatabase({ dbPath: data.dbPath, nativeBinding: data.nativeBinding });
  // Writes touch the newest pages and the indexes; a small page cache keeps this thread lean
  // (the main connection keeps the larger cache for browsing).
  db.pragma('cache_size = -4000');
  const backend = new InProcessWriteBackend(db, new BodyStore(db), {
    config: () => config,
    secrets: () => secrets,
    batchDelayMs: data.batchDelayMs,
    onError: (message) => send({ t: 'error', message }),
    onSessionsChanged: (ids) => send({ t: 'sessions', ids }),
    now: Date.now,
  });

  let lastStatus = '';
  const reportStatus = (): void => {
    const { enabled: _e, ...status } = backend.status(true);
    const key = JSON.stringify(status);
    if (key === lastStatus) return;
    lastStatus = key;
    send({ t: 'status', status: status satisfies WorkerStatus });
  };
  const statusTimer = setInterval(reportStatus, STATUS_EVERY_MS);
  // A burst of requests leaves this heap grown by the bodies it queued (256 concurrent ~90 KB
  // requests: ~70 MB); give it back once the writes are done and nothing new came, and only
  // while the proxy is quiet too (with recording off it serves without sending anything here).
  let received = 0;
  const proxy = new Int32Array(data.activity);
  const stopIdleGc = startIdleGc({
    activity: () => ({
      inFlight: backend.status(true).queued + Atomics.load(proxy, 0),
      started: (received + Atomics.load(proxy, 1)) | 0,
    }),
    growthBytes: 16 * MB,
    release: () => {
      // SQLite's page cache first, so the trim below can hand its pages back too.
      shrinkDbMemory(db);
      releaseFreedMemory();
    },
  });

  let closed = false;
  port.on('message', (m: ToWorker) => {
    switch (m.t) {
      case 'events':
        received += m.events.length;
        for (const ev of fromWire(m.events)) backend.emit(ev);
        return;
      case 'config':
        config = m.config;
        return;
      case 'secrets':
        secrets = m.secrets;
        return;
      case 'paused':
        backend.setPaused(m.paused);
        reportStatus();
        return;
      case 'call': {
        const run = async (): Promise<void> => {
          if (m.op === 'deleteSession') await backend.deleteSession(m.sessionId);
          else if (m.op === 'pruneNow') await backend.pruneNow();
          else if (m.op === 'flush') await backend.flush();
          else if (!closed) {
            closed = true;
            clearInterval(statusTimer);
            stopIdleGc();
            await backend.close();
            try {
              db.pragma('wal_checkpoint(TRUNCATE)');
            } catch {
              // a busy reader keeps the WAL; the next open checkpoints it
            }
            db.close();
          }
        };
        run().then(
          () => {
            if (!closed) reportStatus();
            send({ t: 'done', id: m.id });
            if (closed) port.close();
          },
          (e: unknown) => send({ t: 'done', id: m.id, error: e instanceof Error ? e.message : String(e) }),
        );
        return;
      }
    }
  });
  send({ t: 'ready' });
}

main();
