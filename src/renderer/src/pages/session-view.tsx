import { useEffect, useState } from 'react';
import type { ExchangeSummary, ExportFormat, ExportResult } from '../../../shared/domain';
import { AsyncView, ErrorNote, Spinner } from '../components/async-view';
import { JsonBlock } from '../components/code-views';
import { PageHeader } from '../components/layout';
import { formatCount, formatDateTime, formatMs, formatUsd } from '../format/format';
import { useSessions, useStores } from '../store';
import { Conversation } from './conversation';

/** In a browser there is no file system to write to: hand the content to the user as a download. */
export function download(result: ExportResult): void {
  if (result.content === undefined) return;
  const type = result.format === 'html' ? 'text/html' : result.format === 'jsonl' ? 'application/x-ndjson' : 'application/json';
  const url = URL.createObjectURL(new Blob([result.content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = result.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function RawBodies({ id }: { id: string }) {
  const { sessions } = useStores();
  const state = useSessions((s) => s.exchanges[id]);
  useEffect(() => {
    void sessions.getState().loadExchange(id);
  }, [sessions, id]);
  if (!state || (state.loading && !state.data)) return <Spinner />;
  return (
    <AsyncView what="Raw exchange bodies" state={state}>
      {(d) => (
        <div className="raw-bodies">
          {d.bodies.dropped && d.bodies.dropped.length > 0 && (
            <p className="note note-warn">Dropped under load: {d.bodies.dropped.join(', ')}</p>
          )}
          <h4>Client request</h4>
          <JsonBlock text={d.bodies.clientRequest} label="Client request" />
          <h4>Upstream request</h4>
          <JsonBlock text={d.bodies.upstreamRequest} label="Upstream request" />
          <h4>Upstream response</h4>
          <JsonBlock text={d.bodies.upstreamResponse} label="Upstream response" />
          <h4>Client response</h4>
          <JsonBlock text={d.bodies.clientResponse} label="Client response" />
        </div>
      )}
    </AsyncView>
  );
}

function ExchangeRow({ x }: { x: ExchangeSummary }) {
  const [open, setOpen] = useState(false);
  const failed = x.status >= 400 || !!x.errorClass;
  return (
    <>
      <tr className={failed ? 'row-error' : undefined}>
        <td className="num">{x.seq}</td>
        <td className="small">{formatDateTime(x.receivedAt)}</td>
        <td>
          <span className="mono small">{x.finalProviderId ?? x.routing.providerId}</span>
          <div className="muted mono small">{x.finalModel ?? x.routing.upstreamModel}</div>
        </td>
        <td className="small" title={x.routing.rule}>
          {x.routing.reason}
          {x.attempts > 1 && <div className="muted">{x.attempts} attempts</div>}
        </td>
        <td className="num">
          {failed ? (
            <span className="text-error" title={x.errorMessage}>
              {x.status || x.errorClass}
            </span>
          ) : (
            x.status
          )}
          {x.partial && <div className="muted small">partial</div>}
        </td>
        <td className="num">{formatMs(x.ttfbMs)}</td>
        <td className="num">{formatMs(x.durationMs)}</td>
        <td className="num">
          {formatCount(x.usage?.inputTokens)} / {formatCount(x.usage?.outputTokens)}
        </td>
        <td className="num">{formatUsd(x.costUsd)}</td>
        <td className="actions">
          <button
            type="button"
            className="btn btn-small"
            aria-expanded={open}
            onClick={() => setOpen(!open)}
            aria-label={`Raw JSON of exchange ${x.seq}`}
          >
            {open ? 'Hide raw' : 'Raw'}
          </button>
        </td>
      </tr>
      {open && (
        <tr className="row-detail">
          <td colSpan={10}>
            {x.errorMessage && <p className="text-error">{x.errorMessage}</p>}
            <RawBodies id={x.id} />
          </td>
        </tr>
      )}
    </>
  );
}

export function SessionView({ id }: { id: string }) {
  const { sessions } = useStores();
  const detail = useSessions((s) => s.detail);
  const exportError = useSessions((s) => s.exportError);
  const [exported, setExported] = useState<string | null>(null);
  useEffect(() => {
    void sessions.getState().open(id);
  }, [sessions, id]);

  const doExport = async (format: ExportFormat) => {
    const r = await sessions.getState().exportSession(id, format);
    if (!r) return;
    if (r.content !== undefined) download(r);
    setExported(r.path ?? r.fileName);
  };

  const s = detail.data?.id === id ? detail.data : null;
  return (
    <section>
      <p className="crumbs">
        <a href="#/sessions">← Sessions</a>
      </p>
      <PageHeader
        title={s ? s.title || s.taskName || s.id : 'Session'}
        description={s ? `${s.client} · ${formatDateTime(s.firstAt)} – ${formatDateTime(s.lastAt)}` : undefined}
        actions={
          s && (
            <>
              <button type="button" className="btn" onClick={() => void doExport('jsonl')}>
                Export JSONL
              </button>
              <button type="button" className="btn" onClick={() => void doExport('html')}>
                Export HTML
              </button>
            </>
          )
        }
      />
      {exportError && <ErrorNote error={exportError} />}
      {exported && (
        <p className="text-ok" role="status">
          Exported {exported}
        </p>
      )}
      <AsyncView what="Sessions" state={{ ...detail, data: s }} onRetry={() => void sessions.getState().open(id)}>
        {(d) => (
          <>
            <div className="stats">
              <div className="stat">
                <span className="stat-label">Requests</span>
                <span className="stat-value">{formatCount(d.exchangeCount)}</span>
              </div>
              <div className="stat">
                <span className="stat-label">Tokens in / out</span>
                <span className="stat-value">
                  {formatCount(d.totals.inputTokens)} / {formatCount(d.totals.outputTokens)}
                </span>
              </div>
              <div className="stat">
                <span className="stat-label">Cache read</span>
                <span className="stat-value">{formatCount(d.totals.cacheReadTokens)}</span>
              </div>
              <div className="stat">
                <span className="stat-label">Cost</span>
                <span className="stat-value">{formatUsd(d.totals.costUsd)}</span>
              </div>
            </div>
            <div className="card">
              <h2 className="card-title">Conversation</h2>
              <Conversation turns={d.conversation} />
            </div>
            <div className="card">
              <h2 className="card-title">Exchanges</h2>
              <div className="table-wrap">
                <table className="table" aria-label="Exchanges">
                  <thead>
                    <tr>
                      <th scope="col" className="num">
                        #
                      </th>
                      <th scope="col">Time</th>
                      <th scope="col">Lane</th>
                      <th scope="col">Routing</th>
                      <th scope="col" className="num">
                        Status
                      </th>
                      <th scope="col" className="num">
                        TTFB
                      </th>
                      <th scope="col" className="num">
                        Duration
                      </th>
                      <th scope="col" className="num">
                        Tokens in / out
                      </th>
                      <th scope="col" className="num">
                        Cost
                      </th>
                      <th scope="col">
                        <span className="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.exchanges.map((x) => (
                      <ExchangeRow key={x.id} x={x} />
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          </>
        )}
      </AsyncView>
    </section>
  );
}
