import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackupInfo, ClientStatus } from '../../../shared/domain';
import { renderWithApi } from '../testing/render';
import { ClientsPage } from './clients-page';

function status(patch: Partial<ClientStatus>): ClientStatus {
  return {
    client: 'claude-code',
    installed: true,
    version: '2.1.3',
    configPath: '/home/me/.claude/settings.json',
    configExists: true,
    pointsAtSwitchyard: false,
    issues: [],
    ...patch,
  };
}

afterEach(() => vi.restoreAllMocks());

describe('ClientsPage', { timeout: 20_000 }, () => {
  it('previews, configures with a backup, and restores it', async () => {
    let configured = false;
    const backups: BackupInfo[] = [];
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const { fake } = renderWithApi(<ClientsPage />, {
      'integrations:status': () => [
        status({
          pointsAtSwitchyard: configured,
          issues: configured ? [] : [{ kind: 'not-configured', message: 'Claude Code does not use Switchyard yet.' }],
        }),
        status({ client: 'codex', installed: false, version: undefined, configPath: '/home/me/.codex/config.toml', configExists: false }),
      ],
      'integrations:plan': ({ client }) => ({
        client,
        configPath: '/home/me/.claude/settings.json',
        diff: '@@ -1 +1 @@\n-{}\n+{"env":{}}',
        changed: true,
      }),
      'integrations:apply': ({ client }) => {
        configured = true;
        const backup = { id: 'b1', client, path: '/data/backups/claude-code/settings.json.bak', createdAt: Date.now(), bytes: 2048 };
        backups.push(backup);
        return { client, configPath: '/home/me/.claude/settings.json', diff: '', changed: true, backup };
      },
      'integrations:backups': () => [...backups],
      'integrations:restore': () => {
        configured = false;
        return { restored: '/home/me/.claude/settings.json' };
      },
    });

    const card = await screen.findByRole('article', { name: 'Claude Code' });
    expect(within(card).getByText('Not configured')).toBeTruthy();
    expect(within(card).getByText('Claude Code does not use Switchyard yet.')).toBeTruthy();
    expect(within(screen.getByRole('article', { name: 'Codex' })).getByText('Not installed')).toBeTruthy();

    await userEvent.click(within(card).getByRole('button', { name: 'Preview changes' }));
    expect((await within(card).findByLabelText('Diff preview')).textContent).toContain('+{"env":{}}');

    await userEvent.click(within(card).getByRole('button', { name: 'Configure Claude Code' }));
    expect(await within(card).findByText(/Backup saved to \/data\/backups\/claude-code\/settings.json.bak/)).toBeTruthy();
    await waitFor(() => expect(within(card).getByText('Uses Switchyard')).toBeTruthy());

    const restore = await within(card).findByRole('button', { name: /Restore backup from/ });
    await userEvent.click(restore);
    expect(await within(card).findByText('Restored /home/me/.claude/settings.json.')).toBeTruthy();
    await waitFor(() => expect(within(card).getByText('Not configured')).toBeTruthy());
    expect(fake.callsTo('integrations:restore')).toEqual([{ client: 'claude-code', backupId: 'b1' }]);
  });
});
