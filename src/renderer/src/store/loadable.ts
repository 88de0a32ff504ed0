import { toUiError, type UiError } from '../api/errors';

export interface Loadable<T> {
  data: T | null;
  error: UiError | null;
  loading: boolean;
}

export function idle<T>(): Loadable<T> {
  return { data: null, error: null, loading: false };
}

/** Runs a call and reports it as a Loadable through `put`, keeping old data while loading. */
export async function track<T>(prev: Loadable<T>, put: (l: Loadable<T>) => void, call: () => Promise<T>): Promise<T | null> {
  put({ data: prev.data, error: null, loading: true });
  try {
    const data = await call();
    put({ data, error: null, loading: false });
    return data;
  } catch (e) {
    put({ data: prev.data, error: toUiError(e), loading: false });
    return null;
  }
}
