import { act, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ConnectionState, RendererApi } from '../api';
import { createStores, StoresProvider, wireEvents } from '../store';
import { appStatus } from '../testing/fixtures';
import { createFakeApi } from '../testing/fake-api';
import { ConnectionBanner } from './layout';

describe('ConnectionBanner', () => {
  it('shows while the event stream is down and refreshes state once it is back', async () => {
    const fake = createFakeApi({ 'app:status': () => appStatus(), 'live:list': () => [] });
    let push: (s: ConnectionState) => void = () => undefined;
    // The HTTP bridge's connection feed, driven by the test.
    const api: RendererApi = { ...fake.api, onConnection: (l) => ((push = l), l('connecting'), () => undefined) };
    const stores = createStores(api);
    wireEvents(stores);
    render(
      <StoresProvider stores={stores}>
        <ConnectionBanner />
      </StoresProvider>,
    );
    expect(screen.queryByRole('status')).toBeNull();
    act(() => push('open'));
    act(() => push('down'));
    expect(screen.getByRole('status').textContent).toContain('Disconnected from Switchyard');
    const before = fake.callsTo('app:status').length;
    act(() => push('open'));
    expect(screen.queryByRole('status')).toBeNull();
    await waitFor(() => expect(fake.callsTo('app:status').length).toBe(before + 1));
    expect(fake.callsTo('live:list').length).toBe(1);
  });
});
