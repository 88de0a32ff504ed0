import { useEffect, useState, type FormEvent } from 'react';
import type { SettingsView } from '../../../shared/domain';
import { AsyncView, ErrorNote } from '../components/async-view';
import { Field } from '../components/field';
import { PageHeader } from '../components/layout';
import { formatBytes } from '../format/format';
import { useApp, useSettings, useStores } from '../store';

function mask(token: string): string {
  return token.length > 12 ? `${token.slice(0, 6)}…${token.slice(-4)}` : '••••••';
}

function TokenRow({ token }: { token: string }) {
  const [shown, setShown] = useState(false);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
    } catch {
      setShown(true); // No clipboard permission: show it so it can be copied by hand.
    }
  };
  return (
    <div className="token-row">
      <code data-testid="app-token">{shown ? token : mask(token)}</code>
      <button type="button" className="btn btn-small" onClick={() => setShown(!shown)} aria-pressed={shown}>
        {shown ? 'Hide' : 'Show'}
      </button>
      <button type="button" className="btn btn-small" onClick={() => void copy()}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}

function SettingsForm({ v }: { v: SettingsView }) {
  const { settings, app } = useStores();
  const { saving, saveError, saved } = useSettings((s) => s);
  const paused = useApp((s) => s.status.data?.recording.paused ?? v.recording.paused);
  const livePort = useApp((s) => s.status.data?.proxyPort);
  const [port, setPort] = useState(String(v.port));
  const [enabled, setEnabled] = useState(v.recording.enabled);
  const [mirror, setMirror] = useState(v.recording.trajectoryDir ?? '');
  const [maxAgeDays, setMaxAgeDays] = useState(v.recording.retention?.maxAgeDays?.toString() ?? '');
  const [maxMb, setMaxMb] = useState(v.recording.retention?.maxBytes ? String(Math.round(v.recording.retention.maxBytes / 1_048_576)) : '');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const retention: { maxAgeDays?: number; maxBytes?: number } = {};
    if (maxAgeDays.trim()) retention.maxAgeDays = Number(maxAgeDays);
    if (maxMb.trim()) retention.maxBytes = Math.round(Number(maxMb) * 1_048_576);
    void settings.getState().update({
      port: Number(port),
      recording: { enabled, trajectoryDir: mirror.trim() || null, retention },
    });
  };

  return (
    <>
      <form className="card form" onSubmit={submit} aria-label="Settings">
        <h2 className="card-title">Proxy</h2>
        <div className="form-grid">
          <Field
            label="Port"
            className="narrow"
            help={`Listening on ${v.host}${livePort ? `:${livePort}` : ''} now. A new port applies after a restart.`}
          >
            {(p) => <input {...p} type="number" min={0} max={65535} value={port} onChange={(e) => setPort(e.target.value)} required />}
          </Field>
        </div>
        <h2 className="card-title">Recording</h2>
        <label className="check-row">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          <span>Record sessions (bodies, timing, tokens, cost)</span>
        </label>
        <div className="form-grid">
          <Field label="File mirror directory" help="When set, every exchange is also written as <dir>/<session>/query|answer/<ts>.json.">
            {(p) => <input {...p} value={mirror} onChange={(e) => setMirror(e.target.value)} placeholder="off" spellCheck={false} />}
          </Field>
          <Field label="Keep for (days)">
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                value={maxAgeDays}
                onChange={(e) => setMaxAgeDays(e.target.value)}
                placeholder="forever"
              />
            )}
          </Field>
          <Field label="Size cap (MB)">
            {(p) => <input {...p} type="number" min={1} value={maxMb} onChange={(e) => setMaxMb(e.target.value)} placeholder="no cap" />}
          </Field>
        </div>
        {saveError && <ErrorNote error={saveError} />}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save settings'}
          </button>
          {v.recording.enabled && (
            <button type="button" className="btn" onClick={() => void app.getState().setRecordingPaused(!paused)}>
              {paused ? 'Resume recording' : 'Pause recording'}
            </button>
          )}
          {saved && (
            <span className="text-ok" role="status">
              Saved.
            </span>
          )}
        </div>
      </form>
      <div className="card">
        <h2 className="card-title">Tokens</h2>
        <p className="muted small">Clients authenticate to the proxy with one of these (ANTHROPIC_AUTH_TOKEN / the Codex provider key).</p>
        <h3 className="sub-title">App token</h3>
        <TokenRow token={v.appToken} />
        <h3 className="sub-title">Extra tokens from the config</h3>
        {v.tokens.length ? (
          <ul className="plain-list">
            {v.tokens.map((t) => (
              <li key={t}>
                <code>{t}</code>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted small">
            None. Add them under server.tokens in the config file (ENV:NAME values are read from the environment).
          </p>
        )}
      </div>
    </>
  );
}

function DataBackup() {
  const { settings } = useStores();
  const backup = useSettings((s) => s.backup);
  const restore = useSettings((s) => s.restore);
  const [path, setPath] = useState('');
  return (
    <div className="card">
      <h2 className="card-title">Back up and restore Switchyard</h2>
      <p className="muted small">A copy of the config file and the trajectory database.</p>
      <div className="form-actions">
        <button type="button" className="btn" onClick={() => void settings.getState().backupData()} disabled={backup.loading}>
          {backup.loading ? 'Backing up…' : 'Back up now'}
        </button>
      </div>
      {backup.error && <ErrorNote error={backup.error} />}
      {backup.data && (
        <p className="text-ok" role="status">
          Saved {formatBytes(backup.data.bytes)} to <code>{backup.data.path}</code>
        </p>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim() && window.confirm('Restore replaces the current config and data. Continue?'))
            void settings.getState().restoreData(path.trim());
        }}
      >
        <label>
          <span>Restore from backup path</span>
          <input
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder={backup.data?.path ?? '/path/to/backup'}
            spellCheck={false}
          />
        </label>
        <button type="submit" className="btn" disabled={!path.trim() || restore.loading}>
          Restore
        </button>
      </form>
      {restore.error && <ErrorNote error={restore.error} />}
      {restore.data && (
        <p className="text-ok" role="status">
          Restored {restore.data.restored}
        </p>
      )}
    </div>
  );
}

export function SettingsPage() {
  const { settings } = useStores();
  const view = useSettings((s) => s.view);
  useEffect(() => {
    void settings.getState().load();
  }, [settings]);
  return (
    <section>
      <PageHeader
        title="Settings"
        description={
          view.data ? (
            <>
              Stored in <code>{view.data.configPath}</code>
            </>
          ) : undefined
        }
      />
      <AsyncView what="Settings" state={view} onRetry={() => void settings.getState().load()}>
        {(v) => (
          <>
            <SettingsForm key={JSON.stringify(v)} v={v} />
            <DataBackup />
          </>
        )}
      </AsyncView>
    </section>
  );
}
