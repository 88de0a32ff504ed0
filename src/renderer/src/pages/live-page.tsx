import { useEffect, useState } from 'react';
import type { LiveExchange } from '../../../shared/domain';
import { AsyncView, EmptyState, ErrorNote } from '../components/async-view';
import { PageHeader } from '../components/layout';
import { formatCount, formatMs, tokensPerSecond } from '../format/format';
import { useLive, useStores } from '../store';

/** Re-renders every `ms` so elapsed times tick while streams run. */
function useNow(ms: number, active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms, active]);
  return now;
}

const STATUS_LABEL: Record<LiveExchange['status'], string> = {
  waiting: 'Waiting for first byte',
  streaming: 'Streaming',
  done: 'Done',
  error: 'Failed',
  cancelled: 'Cancelled',
};

function LiveCard({ x, now, onCancel }: { x: LiveExchange; now: number; onCancel?: () => void }) {
  const end = x.endedAt ?? now;
  const tps = tokensPerSecond(x.outputTokens, x.firstByteAt, end);
  const running = x.status === 'waiting' || x.status === 'streaming';
  return (
    <article className={`card live live-${x.status}`} aria-label={`Request ${x.exchangeId}`} data-exchange={x.exchangeId}>
      <header className="live-head">
        <div>
          <span className={`pill ${x.status === 'error' ? 'pill-error' : running ? 'pill-live' : 'pill-muted'}`}>
            {STATUS_LABEL[x.status]}
          </span>{' '}
          <strong>{x.providerId}</strong> <span className="mono">{x.model}</span>
          {x.requestedModel && x.requestedModel !== x.model && <span className="muted"> (asked for {x.requestedModel})</span>}
        </div>
        <div className="live-metrics">
          <span title="Elapsed">{formatMs(end - x.startedAt)}</span>
          {x.firstByteAt && <span title="Time to first byte">TTFB {formatMs(x.firstByteAt - x.startedAt)}</span>}
          {x.outputTokens !== undefined && <span>{formatCount(x.outputTokens)} tokens</span>}
          {tps !== null && <span>{tps.toFixed(1)} tok/s</span>}
          {running && onCancel && (
            <button type="button" className="btn btn-small btn-danger" onClick={onCancel} aria-label={`Cancel request ${x.exchangeId}`}>
              Cancel
            </button>
          )}
        </div>
      </header>
      <p className="muted small">
        {x.client === 'unknown' ? 'Unknown client' : x.client} · {x.reason}
        {x.sessionId && (
          <>
            {' · '}
            <a href={`#/sessions/${encodeURIComponent(x.sessionId)}`}>Open session</a>
          </>
        )}
      </p>
      {x.thinking && (
        <details className="thinking">
          <summary>Thinking ({formatCount(x.thinking.length)} chars)</summary>
          <pre className="stream-text">{x.thinking}</pre>
        </details>
      )}
      {x.text ? (
        <pre className="stream-text" aria-live={running ? 'polite' : undefined} data-testid="live-text">
          {x.text}
          {running && <span className="caret" aria-hidden="true" />}
        </pre>
      ) : (
        running && !x.toolCalls.length && <p className="muted">No text yet…</p>
      )}
      {x.toolCalls.length > 0 && (
        <ul className="tool-calls" aria-label="Tool calls">
          {x.toolCalls.map((t, i) => (
            <li key={i}>
              <span className="tool-name">{t.name}</span>
              <code className="tool-args">{t.args}</code>
            </li>
          ))}
        </ul>
      )}
      {x.error && <p className="text-error">{x.error}</p>}
    </article>
  );
}

export function LivePage() {
  const { live } = useStores();
  const initial = useLive((s) => s.initial);
  const items = useLive((s) => s.items);
  const recent = useLive((s) => s.recent);
  const cancelError = useLive((s) => s.cancelError);
  const now = useNow(250, items.length > 0);
  useEffect(() => {
    void live.getState().load();
  }, [live]);

  return (
    <section>
      <PageHeader title="Live" description="Requests in flight, streamed as they arrive." />
      {cancelError && <ErrorNote error={cancelError} />}
      <AsyncView what="The live view" state={initial} onRetry={() => void live.getState().load()}>
        {() => (
          <>
            <h2 className="section-title">In flight ({items.length})</h2>
            {items.length === 0 ? (
              <EmptyState title="Nothing in flight">
                <p>Send a request through the proxy (for example a Claude Code turn) and watch it stream here.</p>
              </EmptyState>
            ) : (
              items.map((x) => <LiveCard key={x.exchangeId} x={x} now={now} onCancel={() => void live.getState().cancel(x.exchangeId)} />)
            )}
            {recent.length > 0 && (
              <>
                <div className="section-row">
                  <h2 className="section-title">Just finished</h2>
                  <button type="button" className="btn btn-small" onClick={() => live.getState().clearRecent()}>
                    Clear
                  </button>
                </div>
                {recent.map((x) => (
                  <LiveCard key={x.exchangeId} x={x} now={now} />
                ))}
              </>
            )}
          </>
        )}
      </AsyncView>
    </section>
  );
}
