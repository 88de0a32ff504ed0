import type { ReactNode } from 'react';
import { isNotAvailable, type UiError } from '../api/errors';

export function ErrorNote({ error, onRetry }: { error: UiError; onRetry?: () => void }) {
  return (
    <div className="note note-error" role="alert">
      <strong>{error.message}</strong>
      {error.hint && <p className="note-hint">{error.hint}</p>}
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      <h2 className="empty-title">{title}</h2>
      {children && <div className="empty-body">{children}</div>}
      {action && <div className="empty-action">{action}</div>}
    </div>
  );
}

/** An honest placeholder for a channel whose service has not landed in this build. */
export function NotAvailable({ what, error }: { what: string; error: UiError }) {
  return (
    <EmptyState title={`${what} is not available in this build yet`}>
      <p>{error.message}</p>
      <p className="muted">Nothing here is simulated: this page fills in once the service ships.</p>
    </EmptyState>
  );
}

export function Spinner({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

interface AsyncViewProps<T> {
  what: string;
  state: { data: T | null; error: UiError | null; loading: boolean };
  onRetry?: () => void;
  children: (data: T) => ReactNode;
}

/** Loading / error / not-available / data, the same way on every page. */
export function AsyncView<T>({ what, state, onRetry, children }: AsyncViewProps<T>) {
  if (state.error && isNotAvailable(state.error)) return <NotAvailable what={what} error={state.error} />;
  return (
    <>
      {state.error && <ErrorNote error={state.error} onRetry={onRetry} />}
      {state.data !== null ? children(state.data) : state.loading || !state.error ? <Spinner /> : null}
    </>
  );
}
