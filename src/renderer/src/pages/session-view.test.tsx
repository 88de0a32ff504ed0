import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ExchangeSummary, SessionDetail } from '../../../shared/domain';
import { renderWithApi } from '../testing/render';
import { SessionView } from './session-view';

const exchange: ExchangeSummary = {
  id: 'x1',
  sessionId: 's1',
  seq: 1,
  receivedAt: Date.now() - 60_000,
  method: 'POST',
  path: '/v1/messages',
  inboundProtocol: 'anthropic',
  stream: true,
  status: 200,
  partial: false,
  routing: {
    rule: 'slot:sonnet',
    reason: 'claude-sonnet-4-5 → sonnet slot → mock/mock-large',
    requestedModel: 'claude-sonnet-4-5',
    providerId: 'mock',
    upstreamModel: 'mock-large',
    upstreamProtocol: 'openai-chat',
    passthrough: false,
    fallbacks: [],
  },
  ttfbMs: 312,
  durationMs: 1840,
  usage: { inputTokens: 12_300, outputTokens: 420, cacheReadTokens: 0, cacheWriteTokens: 0 },
  costUsd: 0.031,
  attempts: 1,
};

const session: SessionDetail = {
  id: 's1',
  client: 'claude-code',
  title: 'Fix the failing test',
  firstAt: Date.now() - 60_000,
  lastAt: Date.now() - 50_000,
  providers: ['mock'],
  models: ['mock-large'],
  totals: { requests: 1, errors: 0, inputTokens: 12_300, outputTokens: 420, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0.031 },
  exchangeCount: 1,
  exchanges: [exchange],
  conversation: [
    { role: 'user', content: [{ type: 'text', text: 'Why does the test fail?' }] },
    {
      role: 'assistant',
      exchangeId: 'x1',
      content: [
        { type: 'thinking', text: 'Let me look at the file first.', provenance: 'anthropic' },
        { type: 'text', text: 'I will read the test.' },
        { type: 'tool_use', id: 't1', name: 'Read', input: { file_path: 'a.test.ts' } },
      ],
    },
    { role: 'user', content: [{ type: 'tool_result', toolUseId: 't1', content: [{ type: 'text', text: 'expect(1).toBe(2)' }] }] },
  ],
};

describe('SessionView', { timeout: 20_000 }, () => {
  it('renders the conversation, per-exchange numbers, and the raw bodies on demand', async () => {
    const { fake } = renderWithApi(<SessionView id="s1" />, {
      'sessions:get': () => session,
      'exchanges:get': () => ({
        ...exchange,
        bodies: {
          clientRequest: '{"model":"claude-sonnet-4-5"}',
          upstreamRequest: '{"model":"mock-large"}',
          upstreamResponse: 'data: {"x":1}\n\n',
          clientResponse: null,
        },
      }),
    });
    expect(await screen.findByRole('heading', { name: 'Fix the failing test' })).toBeTruthy();
    const convo = screen.getByRole('list', { name: 'Conversation' });
    expect(within(convo).getByText('Why does the test fail?')).toBeTruthy();
    expect(within(convo).getByText('I will read the test.')).toBeTruthy();
    // Thinking is collapsed: present, inside a closed <details>.
    const thinking = within(convo).getByText('Let me look at the file first.').closest('details');
    expect(thinking?.open).toBe(false);
    expect(within(convo).getAllByText('Read').length).toBeGreaterThan(0);
    expect(within(convo).getByText('expect(1).toBe(2)')).toBeTruthy();

    const table = screen.getByRole('table', { name: 'Exchanges' });
    expect(within(table).getByText('claude-sonnet-4-5 → sonnet slot → mock/mock-large')).toBeTruthy();
    expect(within(table).getByText('312 ms')).toBeTruthy();
    expect(within(table).getByText('1.84 s')).toBeTruthy();
    expect(within(table).getByText('12.3k / 420')).toBeTruthy();
    expect(within(table).getByText('$0.031')).toBeTruthy();

    await userEvent.click(within(table).getByRole('button', { name: 'Raw JSON of exchange 1' }));
    const clientReq = await screen.findByLabelText('Client request');
    expect(clientReq.textContent).toBe('{\n  "model": "claude-sonnet-4-5"\n}');
    expect(screen.getByLabelText('Upstream response').textContent).toBe('data: {"x":1}\n\n');
    expect(screen.getByText('Client response: not recorded.')).toBeTruthy();
    expect(fake.callsTo('exchanges:get')).toEqual([{ id: 'x1' }]);
  });
});
