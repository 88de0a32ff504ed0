import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ProviderInput, ProviderView } from '../../../shared/domain';
import { SwitchyardError } from '../../../shared/errors';
import { presets, providerView } from '../testing/fixtures';
import { renderWithApi } from '../testing/render';
import { ProvidersPage } from './providers-page';

describe('ProvidersPage', { timeout: 20_000 }, () => {
  it('shows an honest empty state when the service is not in this build', async () => {
    renderWithApi(<ProvidersPage />);
    expect(await screen.findByText('Provider management is not available in this build yet')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add provider' })).toBeNull();
  });

  it('adds a provider from a preset with the key as an ENV: reference', async () => {
    const saved: ProviderView[] = [];
    const { fake } = renderWithApi(<ProvidersPage />, {
      'providers:list': () => [...saved],
      'providers:presets': () => presets,
      'providers:upsert': (input: ProviderInput) => {
        const v = providerView({ id: input.id, name: input.name, apiKeyDisplay: input.apiKey ?? null });
        saved.push(v);
        return v;
      },
    });
    await screen.findByText('No providers yet');
    await userEvent.click(screen.getAllByRole('button', { name: 'Add provider' })[0]);
    await userEvent.click(await screen.findByRole('button', { name: /DeepSeek/ }));
    const form = screen.getByRole('form', { name: 'Add provider' });
    expect((within(form).getByLabelText('Base URL') as HTMLInputElement).value).toBe('https://api.deepseek.com/v1');
    expect((within(form).getByLabelText('API key') as HTMLInputElement).value).toBe('ENV:DEEPSEEK_API_KEY');
    await userEvent.click(within(form).getByRole('button', { name: 'Add provider' }));
    const table = await screen.findByRole('table', { name: 'Providers' });
    expect(within(table).getByText('deepseek')).toBeTruthy();
    expect(fake.callsTo('providers:upsert')[0]).toMatchObject({
      id: 'deepseek',
      protocol: 'openai-chat',
      apiKey: 'ENV:DEEPSEEK_API_KEY',
      models: ['deepseek-chat', 'deepseek-reasoner'],
      preset: 'deepseek',
    });
  });

  it('shows the save error with its hint and keeps the form open', async () => {
    renderWithApi(<ProvidersPage />, {
      'providers:list': () => [],
      'providers:presets': () => presets,
      'providers:upsert': () => {
        throw new SwitchyardError('invalid_request', 'A provider with id "deepseek" already exists.', { hint: 'Pick another id.' });
      },
    });
    await screen.findByText('No providers yet');
    await userEvent.click(screen.getAllByRole('button', { name: 'Add provider' })[0]);
    await userEvent.click(await screen.findByRole('button', { name: /DeepSeek/ }));
    await userEvent.click(within(screen.getByRole('form', { name: 'Add provider' })).getByRole('button', { name: 'Add provider' }));
    expect(await screen.findByText('A provider with id "deepseek" already exists.')).toBeTruthy();
    expect(screen.getByText('Pick another id.')).toBeTruthy();
    expect(screen.getByRole('form', { name: 'Add provider' })).toBeTruthy();
  });

  it('tests a provider and shows latency and time to first token, or the exact error', async () => {
    renderWithApi(<ProvidersPage />, {
      'providers:list': () => [providerView(), providerView({ id: 'broken', name: 'Broken' })],
      'providers:test': (args) =>
        'id' in args && args.id === 'deepseek'
          ? { ok: true, providerId: 'deepseek', model: 'deepseek-chat', latencyMs: 840, ttftMs: 312 }
          : { ok: false, providerId: 'broken', model: 'x', status: 401, error: 'Authentication Fails (invalid api key)' },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Test deepseek' }));
    expect(await screen.findByText('OK · deepseek-chat · latency 840 ms · first token 312 ms')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Test broken' }));
    expect(await screen.findByText('HTTP 401: Authentication Fails (invalid api key)')).toBeTruthy();
  });

  it('applies providers:health events to the list', async () => {
    const { fake } = renderWithApi(<ProvidersPage />, { 'providers:list': () => [providerView()] });
    await screen.findByRole('table', { name: 'Providers' });
    expect(screen.getByText('Unknown')).toBeTruthy();
    fake.emit('providers:health', [
      { providerId: 'deepseek', configured: true, keyResolved: false, keyMissingEnv: 'DEEPSEEK_API_KEY', circuit: 'closed', usable: false },
    ]);
    await waitFor(() => expect(screen.getByText('Key missing')).toBeTruthy());
  });

  it('edits a provider without ever seeing or resending its key', async () => {
    const { fake } = renderWithApi(<ProvidersPage />, {
      'providers:list': () => [providerView({ apiKeyDisplay: 'sk-…f3a9', apiKeyIsEnv: false, health: undefined })],
      'providers:upsert': (input) => providerView({ id: input.id }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit deepseek' }));
    const form = screen.getByRole('form', { name: 'Edit deepseek' });
    const key = within(form).getByLabelText('API key') as HTMLInputElement;
    expect(key.value).toBe('');
    expect(key.placeholder).toBe('Keep sk-…f3a9');
    const name = within(form).getByLabelText('Name');
    await userEvent.clear(name);
    await userEvent.type(name, 'DeepSeek EU');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(fake.callsTo('providers:upsert')).toHaveLength(1));
    const sent = fake.callsTo('providers:upsert')[0] as Record<string, unknown>;
    expect(sent).toMatchObject({ id: 'deepseek', previousId: 'deepseek', name: 'DeepSeek EU' });
    expect(sent.apiKey).toBeUndefined();
    expect('apiKeyDisplay' in sent).toBe(false);
  });
});
