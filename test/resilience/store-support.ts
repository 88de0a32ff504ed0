/** A real trajectory store in a temp dir, used as the proxy's sink by the resilience suites. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openTrajectoryStore, type TrajectoryStore } from '../../src/main/services/store';
import type { RecordingConfig } from '../../src/shared/config-schema';

export interface TempStore {
  dir: string;
  dbPath: string;
  store: TrajectoryStore;
  errors: string[];
  dispose(): Promise<void>;
}

export function openTempStore(secrets: string[], opts: { dir?: string; recording?: Partial<RecordingConfig> } = {}): TempStore {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sy-resilience-'));
  const dbPath = path.join(dir, 'trajectories.db');
  const recording: RecordingConfig = { enabled: true, trajectoryDir: null, ...opts.recording };
  const errors: string[] = [];
  const store = openTrajectoryStore({
    dbPath,
    config: () => ({ recording }),
    secrets: () => secrets,
    batchDelayMs: 5,
    onError: (m) => errors.push(m),
  });
  return {
    dir,
    dbPath,
    store,
    errors,
    async dispose() {
      await store.close().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
