import { useEffect } from 'react';
import { AsyncView } from '../components/async-view';
import { PageHeader } from '../components/layout';
import { formatCount, formatDateTime, formatRelative } from '../format/format';
import { useApp, useStores } from '../store';

export function StatusPage() {
  const { app } = useStores();
  const status = useApp((s) => s.status);
  const recordingError = useApp((s) => s.recordingError);
  useEffect(() => {
    void app.getState().load();
  }, [app]);

  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title="Status"
        description="The proxy your coding agents talk to, and what it is doing right now."
        actions={
          <button type="button" className="btn" onClick={() => void app.getState().load()}>
            Refresh
          </button>
        }
      />
      <AsyncView what="Status" state={status} onRetry={() => void app.getState().load()}>
        {(s) => {
          const rec = s.recording;
          const recText = !rec.enabled ? 'Off' : rec.paused ? 'Paused' : rec.degraded ? 'Degraded' : 'Recording';
          return (
            <>
              {s.configErrors.length > 0 && (
                <div className="note note-warn" role="alert" aria-label="Config problems">
                  <strong>
                    {s.configErrors.length === 1 ? 'The config has a problem' : `The config has ${s.configErrors.length} problems`} — the
                    last good config stays active.
                  </strong>
                  <ul>
                    {s.configErrors.map((e) => (
                      <li key={e}>{e}</li>
                    ))}
                  </ul>
                </div>
              )}
              <div className="stats" aria-label="Activity">
                <div className="stat">
                  <span className="stat-label">In flight</span>
                  <span className="stat-value" data-testid="in-flight">
                    {formatCount(s.inFlight)}
                  </span>
                </div>
                <div className="stat">
                  <span className="stat-label">Requests today</span>
                  <span className="stat-value" data-testid="requests-today">
                    {formatCount(s.requestsToday)}
                  </span>
                </div>
                <div className="stat">
                  <span className="stat-label">Recording</span>
                  <span className="stat-value" data-testid="recording-state">
                    {recText}
                  </span>
                </div>
                <div className="stat">
                  <span className="stat-label">Up since</span>
                  <span className="stat-value stat-small" title={formatDateTime(s.startedAt)}>
                    {formatRelative(s.startedAt)}
                  </span>
                </div>
              </div>

              <div className="card">
                <h2 className="card-title">Proxy</h2>
                <dl className="kv">
                  <dt>Proxy URL</dt>
                  <dd>
                    <code data-testid="proxy-url">{s.proxyUrl}</code>
                  </dd>
                  <dt>Port</dt>
                  <dd data-testid="proxy-port">{s.proxyPort}</dd>
                  <dt>Version</dt>
                  <dd data-testid="version">
                    {s.version}{' '}
                    <span className="muted">
                      · {s.host === 'headless' ? 'headless host' : 'desktop app'} · Node {s.nodeVersion}
                    </span>
                  </dd>
                  <dt>Data directory</dt>
                  <dd>
                    <code data-testid="data-dir">{s.dataDir}</code>
                  </dd>
                  <dt>Config file</dt>
                  <dd>
                    <code data-testid="config-path">{s.configPath}</code>
                  </dd>
                </dl>
              </div>

              <div className="card">
                <h2 className="card-title">Recording</h2>
                <p>
                  {!rec.enabled
                    ? 'Recording is off in the config: requests are proxied but not stored.'
                    : rec.paused
                      ? 'Recording is paused: requests are proxied but not stored until you resume.'
                      : 'Every exchange is stored with its full bodies, timing, tokens and cost.'}
                </p>
                {rec.degraded && <p className="note note-warn">{rec.degraded}</p>}
                {(rec.droppedBodies > 0 || rec.droppedEvents > 0) && (
                  <p className="muted">
                    Dropped under pressure: {formatCount(rec.droppedBodies)} bodies, {formatCount(rec.droppedEvents)} events.
                  </p>
                )}
                {rec.enabled && (
                  <button type="button" className="btn" onClick={() => void app.getState().setRecordingPaused(!rec.paused)}>
                    {rec.paused ? 'Resume recording' : 'Pause recording'}
                  </button>
                )}
                {recordingError && <p className="note note-error">{recordingError.message}</p>}
              </div>

              <div className="card">
                <h2 className="card-title">Point a client at it</h2>
                <p className="muted">Clients → Configure does this for you, with a backup. By hand:</p>
                <pre className="code" tabIndex={0}>
                  {`# Claude Code\nexport ANTHROPIC_BASE_URL=${s.proxyUrl}\nexport ANTHROPIC_AUTH_TOKEN=<a token from Settings>\n\n# Codex (~/.codex/config.toml)\n[model_providers.switchyard]\nbase_url = "${s.proxyUrl}/v1"\nwire_api = "responses"`}
                </pre>
                <ul className="features" aria-label="Services in this build">
                  <li className={s.features.store ? 'on' : 'off'}>Trajectory store {s.features.store ? 'on' : 'not available'}</li>
                  <li className={s.features.integrations ? 'on' : 'off'}>
                    Client integrations {s.features.integrations ? 'on' : 'not available'}
                  </li>
                  <li className={s.features.translation ? 'on' : 'off'}>
                    Protocol translation {s.features.translation ? 'on' : 'not available'}
                  </li>
                </ul>
              </div>
            </>
          );
        }}
      </AsyncView>
    </section>
  );
}
