import { useEffect, useState } from 'react';
import { AsyncView, EmptyState } from '../components/async-view';
import { PageHeader } from '../components/layout';
import { formatCount, formatDateTime, formatRelative, formatUsd } from '../format/format';
import { useProviders, useSessions, useStores } from '../store';
import { PAGE_SIZE } from '../store/sessions';

export function SessionsPage() {
  const { sessions, providers } = useStores();
  const list = useSessions((s) => s.list);
  const filter = useSessions((s) => s.filter);
  const providerList = useProviders((s) => s.list.data);
  const [text, setText] = useState(filter.text ?? '');

  useEffect(() => {
    void sessions.getState().load();
    if (!providers.getState().list.data) void providers.getState().load();
  }, [sessions, providers]);

  const apply = (patch: Parameters<ReturnType<typeof sessions.getState>['setFilter']>[0]) => {
    sessions.getState().setFilter(patch);
    void sessions.getState().load();
  };

  return (
    <section>
      <PageHeader title="Sessions" description="Every conversation that went through the proxy, with its full trajectory." />
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          apply({ text: text.trim() || undefined });
        }}
      >
        <label>
          <span className="sr-only">Search messages</span>
          <input type="search" placeholder="Search messages…" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <label>
          <span className="sr-only">Client</span>
          <select
            value={filter.client ?? ''}
            onChange={(e) => apply({ client: (e.target.value || undefined) as typeof filter.client })}
            aria-label="Client"
          >
            <option value="">All clients</option>
            <option value="claude-code">Claude Code</option>
            <option value="codex">Codex</option>
            <option value="unknown">Other</option>
          </select>
        </label>
        <label>
          <span className="sr-only">Provider</span>
          <select
            value={filter.providerId ?? ''}
            onChange={(e) => apply({ providerId: e.target.value || undefined })}
            aria-label="Provider"
          >
            <option value="">All providers</option>
            {(providerList ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.id}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn">
          Search
        </button>
      </form>
      <AsyncView what="Sessions" state={list} onRetry={() => void sessions.getState().load()}>
        {({ sessions: rows, total }) =>
          rows.length === 0 ? (
            <EmptyState title={filter.text || filter.client || filter.providerId ? 'No sessions match' : 'No sessions yet'}>
              <p>
                {filter.text || filter.client || filter.providerId
                  ? 'Try a different search or clear the filters.'
                  : 'Point Claude Code or Codex at the proxy (Clients → Configure) and run a turn.'}
              </p>
            </EmptyState>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table" aria-label="Sessions">
                  <thead>
                    <tr>
                      <th scope="col">Session</th>
                      <th scope="col">Client</th>
                      <th scope="col">Provider · model</th>
                      <th scope="col" className="num">
                        Requests
                      </th>
                      <th scope="col" className="num">
                        Tokens in / out
                      </th>
                      <th scope="col" className="num">
                        Cost
                      </th>
                      <th scope="col" className="num">
                        Last activity
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((s) => (
                      <tr key={s.id}>
                        <td>
                          <a href={`#/sessions/${encodeURIComponent(s.id)}`} className="row-link">
                            {s.title || s.taskName || s.id}
                          </a>
                          {s.label && <span className="pill pill-muted">{s.label}</span>}
                        </td>
                        <td>{s.client}</td>
                        <td className="small">
                          {s.providers.join(', ') || '—'}
                          <div className="muted mono">{s.models.join(', ')}</div>
                        </td>
                        <td className="num">{formatCount(s.exchangeCount)}</td>
                        <td className="num">
                          {formatCount(s.totals.inputTokens)} / {formatCount(s.totals.outputTokens)}
                        </td>
                        <td className="num">{formatUsd(s.totals.costUsd)}</td>
                        <td className="num" title={formatDateTime(s.lastAt)}>
                          {formatRelative(s.lastAt)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="pager">
                <span className="muted">
                  {(filter.offset ?? 0) + 1}–{(filter.offset ?? 0) + rows.length} of {formatCount(total)}
                </span>
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={!filter.offset}
                  onClick={() => apply({ offset: Math.max(0, (filter.offset ?? 0) - PAGE_SIZE) })}
                >
                  Previous
                </button>
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={(filter.offset ?? 0) + rows.length >= total}
                  onClick={() => apply({ offset: (filter.offset ?? 0) + PAGE_SIZE })}
                >
                  Next
                </button>
              </div>
            </>
          )
        }
      </AsyncView>
    </section>
  );
}
