import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { LiveExchange } from '../../../shared/domain';
import { renderWithApi } from '../testing/render';
import { LivePage } from './live-page';

const base: LiveExchange = {
  exchangeId: 'ex-1',
  sessionId: 'sess-1',
  client: 'claude-code',
  startedAt: Date.now() - 2000,
  providerId: 'mock',
  model: 'mock-large',
  requestedModel: 'claude-sonnet-4-5',
  reason: 'claude-sonnet-4-5 → sonnet slot → mock/mock-large',
  text: '',
  thinking: '',
  toolCalls: [],
  status: 'waiting',
};

describe('LivePage', { timeout: 20_000 }, () => {
  it('shows text and tool calls as live:update events arrive, and cancels', async () => {
    const { fake } = renderWithApi(<LivePage />, { 'live:list': () => [], 'live:cancel': () => ({ cancelled: true }) });
    expect(await screen.findByText('Nothing in flight')).toBeTruthy();

    fake.emit('live:update', { ...base, status: 'streaming', firstByteAt: Date.now() - 1500, text: 'Hello' });
    const card = await screen.findByRole('article', { name: 'Request ex-1' });
    expect(within(card).getByTestId('live-text').textContent).toContain('Hello');
    expect(within(card).getByText('Streaming')).toBeTruthy();

    fake.emit('live:update', {
      ...base,
      status: 'streaming',
      firstByteAt: Date.now() - 1500,
      text: 'Hello, world',
      outputTokens: 30,
      toolCalls: [{ name: 'Bash', args: '{"command":"ls"}' }],
    });
    await waitFor(() => expect(within(card).getByTestId('live-text').textContent).toContain('Hello, world'));
    expect(within(card).getByText('Bash')).toBeTruthy();
    expect(within(card).getByText('30 tokens')).toBeTruthy();
    expect(within(card).getByText(/tok\/s/)).toBeTruthy();
    expect(within(card).getByRole('link', { name: 'Open session' }).getAttribute('href')).toBe('#/sessions/sess-1');

    await userEvent.click(within(card).getByRole('button', { name: 'Cancel request ex-1' }));
    expect(fake.callsTo('live:cancel')).toEqual([{ exchangeId: 'ex-1' }]);

    fake.emit('live:update', { ...base, status: 'cancelled', text: 'Hello, world', endedAt: Date.now() });
    await waitFor(() => expect(screen.getByText('Nothing in flight')).toBeTruthy());
    expect(screen.getByRole('heading', { name: 'Just finished' })).toBeTruthy();
    expect(screen.getByText('Cancelled')).toBeTruthy();
  });

  it('says so honestly when the live service is missing', async () => {
    renderWithApi(<LivePage />);
    expect(await screen.findByText('The live view is not available in this build yet')).toBeTruthy();
  });
});
