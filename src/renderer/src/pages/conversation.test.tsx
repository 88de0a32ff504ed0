import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ConversationTurn } from '../../../shared/domain';
import { Conversation } from './conversation';

const turns: ConversationTurn[] = [
  { role: 'system', content: [{ type: 'text', text: 'You are Claude Code. '.repeat(500) }] },
  {
    role: 'user',
    content: [
      { type: 'text', text: '<system-reminder>Todo list is empty.</system-reminder>' },
      { type: 'text', text: 'Fix the failing test' },
    ],
  },
  { role: 'assistant', content: [{ type: 'text', text: 'On it.' }] },
];

describe('Conversation', () => {
  it('keeps the system prompt and client reminders collapsed, with the user’s words in view', () => {
    const { container, getByText } = render(<Conversation turns={turns} />);
    const details = [...container.querySelectorAll('details')];
    const system = details.find((d) => d.querySelector('summary')?.textContent?.startsWith('System prompt'));
    expect(system).toBeDefined();
    expect(system!.open).toBe(false);
    expect(system!.querySelector('summary')!.textContent).toMatch(/1 block · 10(\.\d)? KB/);
    const reminder = details.find((d) => d.querySelector('summary')?.textContent === 'System reminder');
    expect(reminder?.open).toBe(false);
    expect(getByText('Fix the failing test').closest('details')).toBeNull();
    expect(getByText('On it.').closest('details')).toBeNull();
  });
});
