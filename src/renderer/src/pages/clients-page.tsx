import { useEffect } from 'react';
import type { ClientKind } from '../../../shared/config-schema';
import type { ClientStatus } from '../../../shared/domain';
import { AsyncView, ErrorNote } from '../components/async-view';
import { DiffView } from '../components/code-views';
import { PageHeader } from '../components/layout';
import { formatBytes, formatDateTime } from '../format/format';
import { useClients, useStores } from '../store';

const LABEL: Record<ClientKind, string> = { 'claude-code': 'Claude Code', codex: 'Codex' };

function Backups({ client }: { client: ClientKind }) {
  const { clients } = useStores();
  const state = useClients((s) => s.backups[client]);
  const busy = useClients((s) => s.busy);
  useEffect(() => {
    void clients.getState().loadBackups(client);
  }, [clients, client]);
  if (!state) return null;
  return (
    <div className="backups">
      <h3 className="sub-title">Backups</h3>
      <AsyncView what="Backups" state={state}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted small">No backups yet: one is taken automatically before every change.</p>
          ) : (
            <table className="table compact" aria-label={`${LABEL[client]} backups`}>
              <tbody>
                {[...list]
                  .sort((a, b) => b.createdAt - a.createdAt)
                  .map((b) => (
                    <tr key={b.id}>
                      <td className="small">
                        {formatDateTime(b.createdAt)}
                        <div className="muted mono backup-path" title={b.path}>
                          {b.path}
                        </div>
                      </td>
                      <td className="num small">{formatBytes(b.bytes)}</td>
                      <td className="actions">
                        <button
                          type="button"
                          className="btn btn-small"
                          disabled={busy === client}
                          onClick={() => {
                            if (window.confirm(`Restore ${LABEL[client]}'s config from ${formatDateTime(b.createdAt)}?`))
                              void clients.getState().restore(client, b.id);
                          }}
                          aria-label={`Restore backup from ${formatDateTime(b.createdAt)}`}
                        >
                          Restore
                        </button>
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )
        }
      </AsyncView>
    </div>
  );
}

function ClientCard({ s }: { s: ClientStatus }) {
  const { clients } = useStores();
  const plan = useClients((st) => st.plans[s.client]);
  const outcome = useClients((st) => st.outcome[s.client]);
  const busy = useClients((st) => st.busy) === s.client;
  const conflict = s.issues.some((i) => i.kind === 'conflict');
  return (
    <article className="card" aria-label={LABEL[s.client]} data-client={s.client}>
      <header className="card-head">
        <h2 className="card-title">{LABEL[s.client]}</h2>
        {s.pointsAtSwitchyard ? (
          <span className="pill pill-ok">Uses Switchyard</span>
        ) : s.installed ? (
          <span className="pill pill-warn">Not configured</span>
        ) : (
          <span className="pill pill-muted">Not installed</span>
        )}
      </header>
      <dl className="kv">
        <dt>Installed</dt>
        <dd>{s.installed ? `yes${s.version ? ` · ${s.version}` : ''}` : 'no'}</dd>
        <dt>Config file</dt>
        <dd>
          <code>{s.configPath}</code> {!s.configExists && <span className="muted">(not created yet)</span>}
        </dd>
      </dl>
      {s.issues.length > 0 && (
        <ul className="issues" aria-label={`${LABEL[s.client]} issues`}>
          {s.issues.map((i, n) => (
            <li key={n} className={`issue issue-${i.kind}`}>
              {i.message}
              {i.fix && <div className="muted small">{i.fix}</div>}
            </li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="btn"
          onClick={() => void clients.getState().plan(s.client, conflict ? { removeConflictingKey: true } : undefined)}
          disabled={busy}
        >
          Preview changes
        </button>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => void clients.getState().apply(s.client, conflict ? { removeConflictingKey: true } : undefined)}
          disabled={busy}
        >
          {busy ? 'Working…' : s.pointsAtSwitchyard ? `Reconfigure ${LABEL[s.client]}` : `Configure ${LABEL[s.client]}`}
        </button>
      </div>
      {plan && (
        <AsyncView what="Diff preview" state={plan}>
          {(p) => (
            <div>
              <p className="muted small">
                Changes to <code>{p.configPath}</code>:
              </p>
              <DiffView diff={p.diff} />
            </div>
          )}
        </AsyncView>
      )}
      {outcome?.error && <ErrorNote error={outcome.error} />}
      {outcome?.plan && (
        <p className="text-ok" role="status">
          {outcome.plan.changed ? `Configured ${LABEL[s.client]}.` : 'Already configured; nothing changed.'}
          {outcome.plan.backup && ` Backup saved to ${outcome.plan.backup.path}.`}
        </p>
      )}
      {outcome?.restored && (
        <p className="text-ok" role="status">
          Restored {outcome.restored}.
        </p>
      )}
      <Backups client={s.client} />
    </article>
  );
}

export function ClientsPage() {
  const { clients } = useStores();
  const statuses = useClients((s) => s.statuses);
  useEffect(() => {
    void clients.getState().load();
  }, [clients]);
  return (
    <section>
      <PageHeader
        title="Clients"
        description="Point Claude Code and Codex at Switchyard in one click. Every change is backed up first."
        actions={
          <button type="button" className="btn" onClick={() => void clients.getState().load()}>
            Check again
          </button>
        }
      />
      <AsyncView what="Client integrations" state={statuses} onRetry={() => void clients.getState().load()}>
        {(list) => (
          <div className="client-grid">
            {list.map((s) => (
              <ClientCard key={s.client} s={s} />
            ))}
          </div>
        )}
      </AsyncView>
    </section>
  );
}
