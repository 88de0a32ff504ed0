import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiHandlers } from '../../src/main/services/api';
import { openTrajectoryStore } from '../../src/main/services/store';
import type { TrajectoryStoreApi } from '../../src/main/services/store/store-api';
import { makeContext, rejection, type TestContext } from './service-context';

const LITERAL = 'sy_literal_client_token_abcdef123456';
const CONFIG = `# settings comment
server:
  port: 18080
  tokens: [ENV:SY_TOKEN, ${LITERAL}] # client tokens
providers:
  - { id: deepseek, protocol: openai-chat, baseUrl: "https://api.deepseek.com/v1" }
recording:
  enabled: true
  trajectoryDir: null
`;

let t: TestContext;
afterEach(() => t?.cleanup());

describe('settings:get / settings:update', () => {
  it('shows tokens masked, the app token and paths', async () => {
    t = await makeContext(CONFIG);
    const s = await createApiHandlers(t.ctx)['settings:get']();
    expect(s).toMatchObject({ port: 18080, host: '127.0.0.1', appToken: t.ctx.appToken, dataDir: t.dir, restartRequired: false });
    expect(s.tokens).toEqual(['ENV:SY_TOKEN', 'sy_…3456']);
    expect(JSON.stringify(s.tokens)).not.toContain(LITERAL);
    expect(s.recording).toEqual({ enabled: true, paused: false, trajectoryDir: null });
  });

  it('saves port (restart required), tokens (masked entries kept) and recording options', async () => {
    t = await makeContext(CONFIG);
    const h = createApiHandlers(t.ctx);
    const s = await h['settings:update']({
      port: 18181,
      tokens: ['ENV:SY_TOKEN', 'sy_…3456', 'ENV:SY_CI_TOKEN'],
      recording: { enabled: false, trajectoryDir: path.join(t.dir, 'traj'), retention: { maxAgeDays: 30 } },
    });
    expect(s).toMatchObject({ port: 18181, listeningPort: 18080, restartRequired: true });
    const raw = t.ctx.config.rawConfig();
    expect(raw.server.tokens).toEqual(['ENV:SY_TOKEN', LITERAL, 'ENV:SY_CI_TOKEN']);
    expect(raw.recording).toMatchObject({ enabled: false, trajectoryDir: path.join(t.dir, 'traj'), retention: { maxAgeDays: 30 } });
    expect(t.configText()).toContain('# settings comment');
    expect(t.configText()).toContain('# client tokens');

    const back = await h['settings:update']({ recording: { trajectoryDir: '', retention: {} } });
    expect(back.recording.trajectoryDir).toBeNull();
    expect(t.ctx.config.rawConfig().recording.retention).toBeUndefined();
  });

  it('pauses recording at runtime without writing the config', async () => {
    let paused = false;
    const store = {
      status: () => ({ enabled: true, paused, queued: 0, droppedBodies: 0, droppedEvents: 0 }),
      setPaused: (p: boolean) => void (paused = p),
      requestsToday: () => 0,
    } as unknown as TrajectoryStoreApi;
    t = await makeContext(CONFIG, { store });
    const events: unknown[] = [];
    t.ctx.events.on('status:changed', (s) => events.push(s.recording.paused));
    const before = t.configText();
    const view = await createApiHandlers(t.ctx)['settings:update']({ recording: { paused: true } });
    expect(view.recording.paused).toBe(true);
    expect(events).toEqual([true]);
    expect(t.configText()).toBe(before);
  });

  it('says so when pausing without a store', async () => {
    t = await makeContext(CONFIG);
    expect((await rejection(() => createApiHandlers(t.ctx)['settings:update']({ recording: { paused: true } }))).code).toBe(
      'not_available',
    );
  });

  it('rejects a bad port, an empty token and a relative mirror dir, changing nothing', async () => {
    t = await makeContext(CONFIG);
    const h = createApiHandlers(t.ctx);
    const before = t.configText();
    expect((await rejection(() => h['settings:update']({ port: 70000 }))).code).toBe('invalid_request');
    expect((await rejection(() => h['settings:update']({ tokens: ['  '] }))).code).toBe('invalid_request');
    expect((await rejection(() => h['settings:update']({ recording: { trajectoryDir: 'relative/dir' } }))).code).toBe('invalid_request');
    expect(t.configText()).toBe(before);
  });
});

function sqliteStore(dbPath: string): TrajectoryStoreApi {
  const db = new Database(dbPath);
  db.exec("CREATE TABLE IF NOT EXISTS t (x TEXT); INSERT INTO t VALUES ('hello')");
  const store: Partial<TrajectoryStoreApi> = {
    status: () => ({ enabled: true, paused: false, queued: 0, droppedBodies: 0, droppedEvents: 0 }),
    flush: async () => undefined,
    backup: async (dest: string) => {
      await db.backup(dest);
    },
    close: async () => void db.close(),
  };
  return store as TrajectoryStoreApi;
}

describe('settings:backupData / settings:restoreData', () => {
  it('backs up the config alone when the store cannot, and says so', async () => {
    t = await makeContext(CONFIG);
    const r = await createApiHandlers(t.ctx)['settings:backupData']({});
    expect(path.dirname(r.path)).toBe(path.join(t.dir, 'backups'));
    expect(path.basename(r.path)).toMatch(/^switchyard-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
    expect(r.includes).toEqual(['switchyard.yaml']);
    expect(r.note).toMatch(/database was not included/);
    expect(fs.readFileSync(path.join(r.path, 'switchyard.yaml'), 'utf8')).toBe(CONFIG);
    expect(r.bytes).toBe(Buffer.byteLength(CONFIG));
    expect(fs.statSync(path.join(r.path, 'switchyard.yaml')).mode & 0o777).toBe(0o600);
  });

  it('includes a consistent copy of the database when the store offers .backup()', async () => {
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'sy-db-'));
    const store = sqliteStore(path.join(dir, 'trajectories.db'));
    t = await makeContext(CONFIG, { store });
    try {
      const r = await createApiHandlers(t.ctx)['settings:backupData']({ outDir: path.join(t.dir, 'elsewhere') });
      expect(r.path.startsWith(path.join(t.dir, 'elsewhere'))).toBe(true);
      expect(r.includes).toEqual(['switchyard.yaml', 'trajectories.db']);
      expect(r.note).toBeUndefined();
      const copy = new Database(path.join(r.path, 'trajectories.db'), { readonly: true });
      expect(copy.prepare('SELECT x FROM t').get()).toEqual({ x: 'hello' });
      copy.close();
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('backs up the real trajectory store into a database that opens', async () => {
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'sy-store-'));
    const store = openTrajectoryStore({
      dbPath: path.join(dir, 'trajectories.db'),
      config: () => ({ recording: { enabled: true, trajectoryDir: null } }),
      secrets: () => [],
      onError: () => undefined,
    });
    t = await makeContext(CONFIG, { store });
    try {
      const r = await createApiHandlers(t.ctx)['settings:backupData']({});
      expect(r.includes).toEqual(['switchyard.yaml', 'trajectories.db']);
      const copy = new Database(path.join(r.path, 'trajectories.db'), { readonly: true });
      const tables = copy.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
      copy.close();
      expect(tables.length).toBeGreaterThan(0);
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('restores a backup after validating it, keeping the replaced config', async () => {
    t = await makeContext(CONFIG);
    const h = createApiHandlers(t.ctx);
    const backup = await h['settings:backupData']({});
    await h['routing:switch']({ client: 'codex', providerId: 'deepseek' });
    await h['settings:update']({ port: 19999 });
    expect(t.ctx.runtime.getActive('codex')).toBe('deepseek');

    const r = await h['settings:restoreData']({ path: backup.path });
    expect(r.restored).toBe(t.ctx.paths.configPath);
    expect(t.configText()).toBe(CONFIG);
    expect(t.ctx.config.rawConfig().server.port).toBe(18080);
    expect(t.ctx.runtime.getActive('codex')).toBeNull();
    const kept = fs.readdirSync(path.join(t.dir, 'backups')).filter((d) => d.startsWith('pre-restore-'));
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(t.dir, 'backups', kept[0]!, 'switchyard.yaml'), 'utf8')).toContain('port: 19999');
  });

  it('refuses an invalid config and changes nothing', async () => {
    t = await makeContext(CONFIG);
    const h = createApiHandlers(t.ctx);
    const bad = path.join(t.dir, 'bad.yaml');
    fs.writeFileSync(bad, 'server:\n  port: 18080\nproviders:\n  - { id: x, protocol: nope, baseUrl: "https://x" }\n');
    const err = await rejection(() => h['settings:restoreData']({ path: bad }));
    expect(err.code).toBe('config_invalid');
    expect(err.message).toContain('providers[0].protocol');
    expect(err.message).toContain('nothing was changed');
    const missing = await rejection(() => h['settings:restoreData']({ path: path.join(t.dir, 'nothing-here') }));
    expect(missing.code).toBe('not_found');
    expect(t.configText()).toBe(CONFIG);
  });
});
