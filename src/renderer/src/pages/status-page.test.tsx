import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { appStatus } from '../testing/fixtures';
import { renderWithApi } from '../testing/render';
import { StatusPage } from './status-page';

describe('StatusPage', { timeout: 20_000 }, () => {
  it('shows what app:status reports', async () => {
    renderWithApi(<StatusPage />, {
      'app:status': () => appStatus({ configErrors: ['providers[0].baseUrl: Invalid URL'] }),
    });
    expect(await screen.findByTestId('proxy-url')).toHaveProperty('textContent', 'http://127.0.0.1:18123');
    expect(screen.getByTestId('proxy-port').textContent).toBe('18123');
    expect(screen.getByTestId('data-dir').textContent).toBe('/tmp/sy-data');
    expect(screen.getByTestId('config-path').textContent).toBe('/tmp/sy-data/switchyard.yaml');
    expect(screen.getByTestId('requests-today').textContent).toBe('1.2k');
    expect(screen.getByTestId('in-flight').textContent).toBe('2');
    expect(screen.getByTestId('recording-state').textContent).toBe('Recording');
    expect(screen.getByTestId('version').textContent).toContain('0.1.0');
    const problems = screen.getByRole('alert', { name: 'Config problems' });
    expect(within(problems).getByText('providers[0].baseUrl: Invalid URL')).toBeTruthy();
  });

  it('pauses recording through the contract and reflects the answer', async () => {
    const { fake } = renderWithApi(<StatusPage />, {
      'app:status': () => appStatus(),
      'recording:setPaused': ({ paused }) => ({ enabled: true, paused, queued: 0, droppedBodies: 0, droppedEvents: 0 }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Pause recording' }));
    await waitFor(() => expect(screen.getByTestId('recording-state').textContent).toBe('Paused'));
    expect(fake.callsTo('recording:setPaused')).toEqual([{ paused: true }]);
    expect(screen.getByRole('button', { name: 'Resume recording' })).toBeTruthy();
  });

  it('follows status:changed events', async () => {
    const { fake } = renderWithApi(<StatusPage />, { 'app:status': () => appStatus({ inFlight: 0 }) });
    await screen.findByTestId('in-flight');
    fake.emit('status:changed', appStatus({ inFlight: 7 }));
    await waitFor(() => expect(screen.getByTestId('in-flight').textContent).toBe('7'));
  });
});

describe('errors from the Electron bridge', () => {
  it('shows message and hint when the preload rejects with a plain object', async () => {
    // contextBridge drops Error subclasses' fields, so the preload rejects with plain objects.
    renderWithApi(<StatusPage />, {
      'app:status': () =>
        Promise.reject({ name: 'SwitchyardError', code: 'io_error', message: 'Cannot read the data dir.', hint: 'Check its permissions.' }),
    });
    expect(await screen.findByText('Cannot read the data dir.')).toBeTruthy();
    expect(screen.getByText('Check its permissions.')).toBeTruthy();
  });
});
