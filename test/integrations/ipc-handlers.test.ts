import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { integrationHandlers } from '../../src/main/services/api/integrations';
import type { ServiceContext } from '../../src/main/services/context';
import { CODEX_CONFIG, seed, tempHome } from './fixtures';

/** The handlers only read these members of the context. */
function ctxFor(env: NodeJS.ProcessEnv): ServiceContext {
  return { appToken: 'sy_ipc_token_abcdefghijklmnop', proxyUrl: () => 'http://127.0.0.1:18123', env } as unknown as ServiceContext;
}

describe('integrations:* IPC handlers', () => {
  it('plan, apply, backups, restore and status work against the host proxy URL and app token', async () => {
    const home = await tempHome();
    const file = path.join(home, '.codex', 'config.toml');
    await seed(file, CODEX_CONFIG);
    const h = integrationHandlers(ctxFor({ HOME: home, PATH: '' }));

    const plan = await h['integrations:plan']({ client: 'codex', options: { home } });
    expect(plan).toMatchObject({ client: 'codex', configPath: file, changed: true });
    expect(plan.diff).toContain('+base_url = "http://127.0.0.1:18123/v1"');
    expect(fs.readFileSync(file, 'utf8')).toBe(CODEX_CONFIG);

    const applied = await h['integrations:apply']({ client: 'codex', options: { home } });
    expect(applied.backup?.path.startsWith(`${file}.switchyard-backup-`)).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toContain('experimental_bearer_token = "sy_ipc_token_abcdefghijklmnop"');

    const [status] = await h['integrations:status']({ client: 'codex' });
    expect(status).toMatchObject({ client: 'codex', configPath: file, pointsAtSwitchyard: true, installed: false });

    const list = await h['integrations:backups']({ client: 'codex', home });
    expect(list.map((b) => b.id)).toEqual([applied.backup!.id]);
    await h['integrations:restore']({ client: 'codex', home, backupId: applied.backup!.id });
    expect(fs.readFileSync(file, 'utf8')).toBe(CODEX_CONFIG);
  });
});
