import { useEffect, useState } from 'react';
import type { ProviderPreset, ProviderView } from '../../../shared/domain';
import { isNotAvailable, toUiError, type UiError } from '../api/errors';
import { AsyncView, EmptyState, ErrorNote } from '../components/async-view';
import { PageHeader } from '../components/layout';
import { formatMs, formatRelative } from '../format/format';
import { useProviders, useStores } from '../store';
import type { TestState } from '../store/providers';
import { PresetPicker, ProviderForm } from './provider-form';

type Mode = { kind: 'list' } | { kind: 'pick' } | { kind: 'add'; preset: ProviderPreset | null } | { kind: 'edit'; provider: ProviderView };

export function HealthBadge({ p }: { p: ProviderView }) {
  const h = p.health;
  if (p.enabled === false) return <span className="pill pill-muted">Disabled</span>;
  if (!h) return <span className="pill pill-muted">Unknown</span>;
  if (!h.keyResolved)
    return (
      <span className="pill pill-warn" title={h.keyMissingEnv ? `${h.keyMissingEnv} is not set` : undefined}>
        Key missing
      </span>
    );
  if (h.circuit === 'open')
    return (
      <span className="pill pill-error" title={h.lastError}>
        Failing
      </span>
    );
  if (h.circuit === 'half-open')
    return (
      <span className="pill pill-warn" title={h.lastError}>
        Recovering
      </span>
    );
  if (h.lastFailureAt && (!h.lastSuccessAt || h.lastFailureAt > h.lastSuccessAt))
    return (
      <span className="pill pill-warn" title={h.lastError}>
        Last call failed
      </span>
    );
  return <span className="pill pill-ok">{h.lastSuccessAt ? 'Healthy' : 'Ready'}</span>;
}

export function TestOutcome({ t }: { t: TestState | undefined }) {
  if (!t) return null;
  if (t.running)
    return (
      <span className="muted" role="status">
        Testing…
      </span>
    );
  if (t.error)
    return (
      <span className="text-error" role="status">
        {t.error.message}
      </span>
    );
  const r = t.result;
  if (!r) return null;
  if (!r.ok)
    return (
      <span className="text-error" role="status">
        {r.status ? `HTTP ${r.status}: ` : ''}
        {r.error ?? 'Failed'}
      </span>
    );
  return (
    <span className="text-ok" role="status">
      OK · {r.model} · latency {formatMs(r.latencyMs)} · first token {formatMs(r.ttftMs)}
    </span>
  );
}

export function ProvidersPage() {
  const { providers } = useStores();
  const list = useProviders((s) => s.list);
  const presets = useProviders((s) => s.presets);
  const tests = useProviders((s) => s.tests);
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [removeError, setRemoveError] = useState<UiError | null>(null);

  useEffect(() => {
    void providers.getState().load();
  }, [providers]);

  const startAdd = () => {
    setMode({ kind: 'pick' });
    void providers.getState().loadPresets();
  };
  const save = async (input: Parameters<ReturnType<typeof providers.getState>['upsert']>[0]) => {
    await providers.getState().upsert(input);
    setMode({ kind: 'list' });
  };
  const remove = async (id: string) => {
    if (!window.confirm(`Remove provider “${id}”? Slots and routes that use it stop working.`)) return;
    try {
      await providers.getState().remove(id);
      setRemoveError(null);
    } catch (e) {
      setRemoveError(toUiError(e));
    }
  };

  return (
    <section>
      <PageHeader
        title="Providers"
        description="The upstream lanes requests can be routed to."
        actions={
          mode.kind === 'list' && !isNotAvailable(list.error) ? (
            <button type="button" className="btn btn-primary" onClick={startAdd}>
              Add provider
            </button>
          ) : null
        }
      />
      {mode.kind === 'pick' && (
        <div className="card">
          <h2 className="card-title">Start from a preset</h2>
          <AsyncView what="Provider presets" state={presets} onRetry={() => void providers.getState().loadPresets()}>
            {(ps) => <PresetPicker presets={ps} onPick={(p) => setMode({ kind: 'add', preset: p })} />}
          </AsyncView>
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => setMode({ kind: 'add', preset: null })}>
              Custom provider
            </button>
            <button type="button" className="btn" onClick={() => setMode({ kind: 'list' })}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {mode.kind === 'add' && (
        <ProviderForm preset={mode.preset} existing={null} onSave={save} onCancel={() => setMode({ kind: 'list' })} />
      )}
      {mode.kind === 'edit' && (
        <ProviderForm
          key={mode.provider.id}
          preset={null}
          existing={mode.provider}
          onSave={save}
          onCancel={() => setMode({ kind: 'list' })}
        />
      )}
      {removeError && <ErrorNote error={removeError} />}
      <AsyncView what="Provider management" state={list} onRetry={() => void providers.getState().load()}>
        {(rows) =>
          rows.length === 0 ? (
            mode.kind === 'list' && (
              <EmptyState
                title="No providers yet"
                action={
                  <>
                    <a className="btn btn-primary" href="#/welcome">
                      Guided setup
                    </a>{' '}
                    <button type="button" className="btn" onClick={startAdd}>
                      Add provider
                    </button>
                  </>
                }
              >
                <p>Add the provider your agents should talk to: Anthropic, OpenAI, DeepSeek, a local Ollama…</p>
              </EmptyState>
            )
          ) : (
            <div className="table-wrap">
              <table className="table" aria-label="Providers">
                <thead>
                  <tr>
                    <th scope="col">Provider</th>
                    <th scope="col">Protocol</th>
                    <th scope="col">Base URL</th>
                    <th scope="col">Key</th>
                    <th scope="col">Health</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((p) => (
                    <tr key={p.id} data-provider={p.id}>
                      <td>
                        <strong>{p.id}</strong>
                        {p.name && p.name !== p.id && <div className="muted">{p.name}</div>}
                        {p.models && p.models.length > 0 && (
                          <div className="muted small">
                            {p.models.slice(0, 3).join(', ')}
                            {p.models.length > 3 ? ` +${p.models.length - 3}` : ''}
                          </div>
                        )}
                      </td>
                      <td className="nowrap">{p.protocol}</td>
                      <td className="mono small">{p.baseUrl}</td>
                      <td className="mono small">{p.apiKeyDisplay ?? <span className="muted">none</span>}</td>
                      <td>
                        <HealthBadge p={p} />
                        {p.health?.lastSuccessAt && <div className="muted small">ok {formatRelative(p.health.lastSuccessAt)}</div>}
                        <div>
                          <TestOutcome t={tests[p.id]} />
                        </div>
                      </td>
                      <td className="actions">
                        <button
                          type="button"
                          className="btn btn-small"
                          onClick={() => void providers.getState().test(p.id)}
                          disabled={tests[p.id]?.running}
                          aria-label={`Test ${p.id}`}
                        >
                          Test
                        </button>
                        <button
                          type="button"
                          className="btn btn-small"
                          onClick={() => setMode({ kind: 'edit', provider: p })}
                          aria-label={`Edit ${p.id}`}
                        >
                          Edit
                        </button>
                        <button
                          type="button"
                          className="btn btn-small btn-danger"
                          onClick={() => void remove(p.id)}
                          aria-label={`Remove ${p.id}`}
                        >
                          Remove
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </AsyncView>
    </section>
  );
}
