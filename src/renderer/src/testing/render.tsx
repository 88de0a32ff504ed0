import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createStores, StoresProvider, wireEvents } from '../store';
import { createFakeApi, type FakeHandlers } from './fake-api';

/** Renders UI with real stores over a fake host. */
export function renderWithApi(ui: ReactElement, handlers: FakeHandlers = {}) {
  const fake = createFakeApi(handlers);
  const stores = createStores(fake.api);
  const unwire = wireEvents(stores);
  const result = render(<StoresProvider stores={stores}>{ui}</StoresProvider>);
  return { ...result, fake, stores, unwire };
}
