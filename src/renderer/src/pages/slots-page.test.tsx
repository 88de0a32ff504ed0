import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { SlotsView } from '../../../shared/domain';
import { providerView } from '../testing/fixtures';
import { renderWithApi } from '../testing/render';
import { SlotsPage } from './slots-page';

describe('SlotsPage', { timeout: 20_000 }, () => {
  it('switches the active provider per client and saves slot edits', async () => {
    let view: SlotsView = {
      slots: { 'claude-code': { sonnet: 'deepseek/deepseek-chat' } },
      routing: { background: 'deepseek/deepseek-chat' },
      routes: [],
      active: { 'claude-code': null, codex: null },
    };
    const { fake } = renderWithApi(<SlotsPage />, {
      'slots:get': () => view,
      'providers:list': () => [providerView(), providerView({ id: 'anthropic', name: 'Anthropic', protocol: 'anthropic' })],
      'routing:switch': ({ client, providerId }) => (view = { ...view, active: { ...view.active, [client]: providerId } }),
      'slots:set': (patch) =>
        (view = { ...view, slots: patch.slots ?? view.slots, routing: patch.routing ?? view.routing, routes: patch.routes ?? view.routes }),
    });

    const cc = await screen.findByRole('group', { name: 'Active provider for Claude Code' });
    expect((within(cc).getByLabelText('Slots decide') as HTMLInputElement).checked).toBe(true);
    await userEvent.click(await within(cc).findByLabelText('Anthropic'));
    await waitFor(() => expect((within(cc).getByLabelText('Anthropic') as HTMLInputElement).checked).toBe(true));
    expect(fake.callsTo('routing:switch')).toEqual([{ client: 'claude-code', providerId: 'anthropic' }]);

    const opus = screen.getByLabelText('Claude Code opus') as HTMLInputElement;
    expect((screen.getByLabelText('Claude Code sonnet') as HTMLInputElement).value).toBe('deepseek/deepseek-chat');
    await userEvent.click(opus);
    await userEvent.paste('anthropic/claude-opus-4-1');
    await userEvent.click(screen.getByRole('button', { name: 'Save slots and routing' }));
    expect(await screen.findByText('Saved to the config file.')).toBeTruthy();
    expect(fake.callsTo('slots:set')[0]).toMatchObject({
      slots: { 'claude-code': { sonnet: 'deepseek/deepseek-chat', opus: 'anthropic/claude-opus-4-1' } },
      routing: { background: 'deepseek/deepseek-chat', active: undefined },
    });
  });
});
