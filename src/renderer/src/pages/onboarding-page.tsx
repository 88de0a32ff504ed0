import { useEffect } from 'react';
import { AsyncView, ErrorNote, Spinner } from '../components/async-view';
import { DiffView } from '../components/code-views';
import { Field } from '../components/field';
import { formatMs } from '../format/format';
import { navigate } from '../router';
import { useOnboarding, useProviders, useStores } from '../store';
import { PresetPicker } from './provider-form';

const STEPS = [
  { id: 'preset', label: 'Provider' },
  { id: 'key', label: 'Key' },
  { id: 'test', label: 'Test' },
  { id: 'client', label: 'Claude Code' },
] as const;

export function OnboardingPage() {
  const { providers, app } = useStores();
  const presets = useProviders((s) => s.presets);
  const o = useOnboarding((s) => s);
  useEffect(() => {
    void providers.getState().loadPresets();
  }, [providers]);

  const finish = () => {
    o.dismiss();
    void providers.getState().load();
    void app.getState().load();
    navigate('');
  };
  const stepIndex = STEPS.findIndex((s) => s.id === o.step);

  return (
    <section className="onboarding" aria-labelledby="onboarding-title">
      <h1 id="onboarding-title">Welcome to Switchyard</h1>
      <p className="page-desc">Connect a provider and point Claude Code at it. It takes about a minute.</p>
      <ol className="steps" aria-label="Setup steps">
        {STEPS.map((s, i) => (
          <li
            key={s.id}
            className={i < stepIndex || o.step === 'done' ? 'step done' : i === stepIndex ? 'step current' : 'step'}
            aria-current={i === stepIndex ? 'step' : undefined}
          >
            <span className="step-num">{i + 1}</span>
            {s.label}
          </li>
        ))}
      </ol>

      {o.step === 'preset' && (
        <div className="card">
          <h2 className="card-title">Which provider should your agents use?</h2>
          <AsyncView what="Provider presets" state={presets} onRetry={() => void providers.getState().loadPresets()}>
            {(ps) => <PresetPicker presets={ps} onPick={(p) => o.choosePreset(p)} />}
          </AsyncView>
        </div>
      )}

      {o.step === 'key' && o.preset && (
        <form
          className="card form"
          onSubmit={(e) => {
            e.preventDefault();
            void o.saveAndTest();
          }}
        >
          <h2 className="card-title">Connect {o.preset.name}</h2>
          <div className="form-grid">
            {o.preset.needsKey && (
              <Field
                label="API key"
                help={
                  <>
                    Paste the key, or write <code>ENV:NAME</code> to read it from the environment Switchyard runs in.
                  </>
                }
              >
                {(p) => (
                  <input
                    {...p}
                    value={o.key}
                    onChange={(e) => o.setField({ key: e.target.value })}
                    type={o.key.startsWith('ENV:') ? 'text' : 'password'}
                    placeholder={o.preset?.apiKeyEnv ? `ENV:${o.preset.apiKeyEnv} or paste a key` : 'Paste a key or ENV:NAME'}
                    autoComplete="off"
                    spellCheck={false}
                    autoFocus
                  />
                )}
              </Field>
            )}
            <Field
              label="Model"
              help={
                o.preset.models.some((m) => /opus|sonnet|haiku/i.test(m))
                  ? 'Used for the test; Claude Code’s opus, sonnet and haiku slots get this provider’s model of each family.'
                  : 'Claude Code’s opus, sonnet and haiku slots all go to this model (change it later in Model slots).'
              }
            >
              {(p) => (
                <input
                  {...p}
                  value={o.model}
                  onChange={(e) => o.setField({ model: e.target.value })}
                  list="onboarding-models"
                  spellCheck={false}
                />
              )}
            </Field>
            <datalist id="onboarding-models">
              {o.preset.models.map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
            <Field label="Base URL" help={o.preset.protocol === 'anthropic' ? 'Without /v1.' : 'Including /v1.'}>
              {(p) => (
                <input
                  {...p}
                  type="url"
                  value={o.baseUrl}
                  onChange={(e) => o.setField({ baseUrl: e.target.value })}
                  required
                  spellCheck={false}
                />
              )}
            </Field>
            <Field label="Provider id">
              {(p) => (
                <input
                  {...p}
                  value={o.providerId}
                  onChange={(e) => o.setField({ providerId: e.target.value })}
                  required
                  pattern="[A-Za-z0-9._\-]+"
                />
              )}
            </Field>
          </div>
          {o.error && <ErrorNote error={o.error} />}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={o.busy || (o.preset.needsKey && !o.key.trim())}>
              {o.busy ? 'Saving…' : 'Save and test'}
            </button>
            <button type="button" className="btn" onClick={o.back}>
              Back
            </button>
          </div>
        </form>
      )}

      {o.step === 'test' && (
        <div className="card">
          <h2 className="card-title">Test {o.providerId}</h2>
          {o.busy && <Spinner label="Sending a tiny request…" />}
          {o.error && <ErrorNote error={o.error} />}
          {o.test &&
            (o.test.ok ? (
              <p className="text-ok" role="status">
                It works: {o.test.model} answered in {formatMs(o.test.latencyMs)} (first token after {formatMs(o.test.ttftMs)}).
              </p>
            ) : (
              <div className="note note-error" role="alert">
                <strong>
                  {o.test.status ? `HTTP ${o.test.status}: ` : ''}
                  {o.test.error ?? 'The test failed.'}
                </strong>
                <p className="note-hint">Check the key and model, then test again. You can also continue and fix it later.</p>
              </div>
            ))}
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={() => void o.previewClient()} disabled={o.busy}>
              Next: configure Claude Code
            </button>
            <button type="button" className="btn" onClick={() => void o.retest()} disabled={o.busy}>
              Test again
            </button>
            <button type="button" className="btn" onClick={o.back} disabled={o.busy}>
              Back
            </button>
          </div>
        </div>
      )}

      {o.step === 'client' && (
        <div className="card">
          <h2 className="card-title">Point Claude Code at Switchyard</h2>
          <p className="muted small">Switchyard edits Claude Code’s settings file and keeps a backup you can restore from Clients.</p>
          {o.busy && !o.plan && <Spinner />}
          {o.plan && (
            <>
              <p className="small">
                Changes to <code>{o.plan.configPath}</code>:
              </p>
              <DiffView diff={o.plan.diff} />
            </>
          )}
          {o.error && <ErrorNote error={o.error} />}
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={() => void o.configureClient()} disabled={o.busy || !o.plan}>
              Configure Claude Code
            </button>
            <button type="button" className="btn" onClick={o.skipClient} disabled={o.busy}>
              Skip for now
            </button>
          </div>
        </div>
      )}

      {o.step === 'done' && (
        <div className="card">
          <h2 className="card-title">You are set up</h2>
          {o.applied ? (
            <p className="text-ok" role="status">
              Claude Code now talks to Switchyard{o.applied.backup ? `; the old settings are backed up at ${o.applied.backup.path}` : ''}.
            </p>
          ) : (
            <p>Configure Claude Code or Codex any time from Clients.</p>
          )}
          <p>
            Run <code>claude</code> in a terminal, then watch the request in Live and find it in Sessions.
          </p>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={finish}>
              Go to Switchyard
            </button>
          </div>
        </div>
      )}
      {o.step !== 'done' && (
        <p className="skip">
          <button type="button" className="link-button" onClick={finish}>
            Skip setup
          </button>
        </p>
      )}
    </section>
  );
}
