import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ProviderView } from '../../../shared/domain';
import { App } from '../app';
import { appStatus, presets, providerView } from '../testing/fixtures';
import { renderWithApi } from '../testing/render';

// Multi-step flows with user-event are slow on a loaded 2-core machine.
describe('first run', { timeout: 20_000 }, () => {
  it('walks from no providers to a configured Claude Code', async () => {
    const saved: ProviderView[] = [];
    const { fake } = renderWithApi(<App />, {
      'app:status': () => appStatus(),
      'live:list': () => [],
      'providers:list': () => [...saved],
      'providers:presets': () => presets,
      'providers:upsert': (input) => {
        const v = providerView({ id: input.id });
        saved.push(v);
        return v;
      },
      'slots:set': (patch) => ({ slots: patch.slots ?? {}, routing: {}, routes: [], active: { 'claude-code': null, codex: null } }),
      'providers:test': () => ({ ok: true, providerId: 'deepseek', model: 'deepseek-chat', latencyMs: 420, ttftMs: 180 }),
      'integrations:plan': () => ({
        client: 'claude-code',
        configPath: '/home/me/.claude/settings.json',
        diff: '--- a\n+++ b\n@@ -1 +1,3 @@\n+  "ANTHROPIC_BASE_URL": "http://127.0.0.1:18123"',
        changed: true,
      }),
      'integrations:apply': () => ({
        client: 'claude-code',
        configPath: '/home/me/.claude/settings.json',
        diff: '',
        changed: true,
        backup: { id: 'b1', client: 'claude-code', path: '/tmp/sy-data/backups/settings.json.1', createdAt: Date.now(), bytes: 10 },
      }),
    });

    expect(await screen.findByRole('heading', { name: 'Welcome to Switchyard' })).toBeTruthy();
    await userEvent.click(await screen.findByRole('button', { name: /DeepSeek/ }));
    const key = screen.getByLabelText('API key') as HTMLInputElement;
    expect(key.value).toBe('ENV:DEEPSEEK_API_KEY');
    await userEvent.clear(key);
    await userEvent.type(key, 'sk-test-123');
    expect(key.type).toBe('password');
    await userEvent.click(screen.getByRole('button', { name: 'Save and test' }));

    expect(await screen.findByText(/It works: deepseek-chat answered in 420 ms/)).toBeTruthy();
    expect(fake.callsTo('providers:upsert')[0]).toMatchObject({ id: 'deepseek', apiKey: 'sk-test-123', protocol: 'openai-chat' });
    expect(fake.callsTo('slots:set')[0]).toEqual({
      slots: {
        'claude-code': {
          opus: 'deepseek/deepseek-chat',
          sonnet: 'deepseek/deepseek-chat',
          haiku: 'deepseek/deepseek-chat',
          subagent: 'deepseek/deepseek-chat',
        },
      },
    });

    await userEvent.click(screen.getByRole('button', { name: 'Next: configure Claude Code' }));
    const diff = await screen.findByLabelText('Diff preview');
    const added = [...diff.querySelectorAll('.diff-add')].map((el) => el.textContent);
    expect(added).toEqual(['+  "ANTHROPIC_BASE_URL": "http://127.0.0.1:18123"\n']);
    await userEvent.click(screen.getByRole('button', { name: 'Configure Claude Code' }));
    expect(await screen.findByText(/backed up at \/tmp\/sy-data\/backups\/settings.json.1/)).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Go to Switchyard' }));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Status' })).toBeTruthy());
  });

  it('shows the exact test error and lets the person retry', async () => {
    let attempt = 0;
    renderWithApi(<App />, {
      'app:status': () => appStatus(),
      'live:list': () => [],
      'providers:list': () => [],
      'providers:presets': () => presets,
      'providers:upsert': (input) => providerView({ id: input.id }),
      'slots:set': () => ({ slots: {}, routing: {}, routes: [], active: { 'claude-code': null, codex: null } }),
      'providers:test': () =>
        ++attempt === 1
          ? { ok: false, providerId: 'ollama', model: 'qwen3-coder', error: 'connect ECONNREFUSED 127.0.0.1:11434' }
          : { ok: true, providerId: 'ollama', model: 'qwen3-coder', latencyMs: 90, ttftMs: 40 },
    });
    await userEvent.click(await screen.findByRole('button', { name: /Ollama/ }));
    expect(screen.queryByLabelText('API key')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Save and test' }));
    expect(await screen.findByText('connect ECONNREFUSED 127.0.0.1:11434')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Test again' }));
    expect(await screen.findByText(/It works: qwen3-coder/)).toBeTruthy();
  });

  it('maps each Claude Code slot to the preset model of its family', async () => {
    const { fake } = renderWithApi(<App />, {
      'app:status': () => appStatus(),
      'live:list': () => [],
      'providers:list': () => [],
      'providers:presets': () => presets,
      'providers:upsert': (input) => providerView({ id: input.id }),
      'slots:set': () => ({ slots: {}, routing: {}, routes: [], active: { 'claude-code': null, codex: null } }),
      'providers:test': () => ({ ok: true, providerId: 'anthropic', model: 'claude-sonnet-4-5', latencyMs: 300, ttftMs: 200 }),
    });
    await userEvent.click(await screen.findByRole('button', { name: /^Anthropic/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save and test' }));
    expect(await screen.findByText(/It works/)).toBeTruthy();
    expect(fake.callsTo('providers:upsert')[0]).toMatchObject({ apiKey: 'ENV:ANTHROPIC_API_KEY', baseUrl: 'https://api.anthropic.com' });
    expect(fake.callsTo('slots:set')[0]).toEqual({
      slots: {
        'claude-code': {
          opus: 'anthropic/claude-opus-4-5',
          sonnet: 'anthropic/claude-sonnet-4-5',
          haiku: 'anthropic/claude-haiku-4-5',
          subagent: 'anthropic/claude-sonnet-4-5',
        },
      },
    });
  });

  it('does not start onboarding when providers exist', async () => {
    renderWithApi(<App />, { 'app:status': () => appStatus(), 'live:list': () => [], 'providers:list': () => [providerView()] });
    expect(await screen.findByTestId('proxy-url')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Welcome to Switchyard' })).toBeNull();
  });
});
