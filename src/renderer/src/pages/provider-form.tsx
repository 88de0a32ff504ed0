import { useState, type FormEvent } from 'react';
import type { ProviderInput, ProviderPreset, ProviderView } from '../../../shared/domain';
import type { Protocol } from '../../../shared/ir';
import { toUiError, type UiError } from '../api/errors';
import { ErrorNote } from '../components/async-view';
import { Field } from '../components/field';

const PROTOCOLS: Array<{ value: Protocol; label: string }> = [
  { value: 'anthropic', label: 'Anthropic Messages' },
  { value: 'openai-chat', label: 'OpenAI Chat Completions' },
  { value: 'openai-responses', label: 'OpenAI Responses' },
];

export function PresetPicker({ presets, onPick }: { presets: ProviderPreset[]; onPick: (p: ProviderPreset) => void }) {
  return (
    <ul className="preset-grid" aria-label="Provider presets">
      {presets.map((p) => (
        <li key={p.id}>
          <button type="button" className="preset" onClick={() => onPick(p)}>
            <span className="preset-name">{p.name}</span>
            <span className="preset-meta">
              {p.protocol} · {p.needsKey ? 'API key' : 'no key'}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function fromPreset(p: ProviderPreset | null, existing: ProviderView | null) {
  if (existing)
    return {
      id: existing.id,
      name: existing.name ?? '',
      protocol: existing.protocol,
      baseUrl: existing.baseUrl,
      apiKey: '',
      models: (existing.models ?? []).join(', '),
    };
  return {
    id: p?.id ?? '',
    name: p?.name ?? '',
    protocol: p?.protocol ?? ('openai-chat' as Protocol),
    baseUrl: p?.baseUrl ?? '',
    apiKey: p?.needsKey && p.apiKeyEnv ? `ENV:${p.apiKeyEnv}` : '',
    models: (p?.models ?? []).join(', '),
  };
}

interface Props {
  preset: ProviderPreset | null;
  existing: ProviderView | null;
  onSave: (input: ProviderInput) => Promise<unknown>;
  onCancel: () => void;
}

export function ProviderForm({ preset, existing, onSave, onCancel }: Props) {
  const [f, setF] = useState(() => fromPreset(preset, existing));
  const [error, setError] = useState<UiError | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<typeof f>) => setF((cur) => ({ ...cur, ...patch }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    const models = f.models
      .split(/[,\n]/)
      .map((m) => m.trim())
      .filter(Boolean);
    try {
      await onSave({
        ...(existing ? { ...stripView(existing), previousId: existing.id } : {}),
        id: f.id.trim(),
        name: f.name.trim() || undefined,
        protocol: f.protocol,
        baseUrl: f.baseUrl.trim(),
        // Empty when editing = keep the stored key; the form never sees it in clear.
        apiKey: f.apiKey.trim() || undefined,
        models: models.length ? models : undefined,
        capabilities: existing?.capabilities ?? preset?.capabilities,
        preset: existing?.preset ?? preset?.id,
      });
    } catch (err) {
      setError(toUiError(err));
      setSaving(false);
    }
  };

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} aria-label={existing ? `Edit ${existing.id}` : 'Add provider'}>
      <h2 className="card-title">{existing ? `Edit ${existing.id}` : `Add ${preset?.name ?? 'a custom provider'}`}</h2>
      <div className="form-grid">
        <Field label="Id" help={<>Used in slots and routes, e.g. “{f.id || 'deepseek'}/model”.</>}>
          {(p) => (
            <input
              {...p}
              value={f.id}
              onChange={(e) => set({ id: e.target.value })}
              required
              pattern="[A-Za-z0-9._\-]+"
              autoComplete="off"
            />
          )}
        </Field>
        <Field label="Name">
          {(p) => <input {...p} value={f.name} onChange={(e) => set({ name: e.target.value })} autoComplete="off" />}
        </Field>
        <Field label="Protocol">
          {(p) => (
            <select {...p} value={f.protocol} onChange={(e) => set({ protocol: e.target.value as Protocol })}>
              {PROTOCOLS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Base URL" help={f.protocol === 'anthropic' ? 'Without /v1.' : 'Including /v1.'}>
          {(p) => (
            <input {...p} value={f.baseUrl} onChange={(e) => set({ baseUrl: e.target.value })} required type="url" autoComplete="off" />
          )}
        </Field>
        <Field
          label="API key"
          help={
            <>
              <code>ENV:NAME</code> reads the key from the environment (recommended); a pasted key is stored in the config file.
            </>
          }
        >
          {(p) => (
            <input
              {...p}
              value={f.apiKey}
              onChange={(e) => set({ apiKey: e.target.value })}
              type={f.apiKey.startsWith('ENV:') ? 'text' : 'password'}
              placeholder={existing?.apiKeyDisplay ? `Keep ${existing.apiKeyDisplay}` : 'ENV:NAME or paste a key'}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        <Field label="Models" help="Comma-separated; offered in Model slots.">
          {(p) => <textarea {...p} value={f.models} onChange={(e) => set({ models: e.target.value })} rows={2} />}
        </Field>
      </div>
      {error && <ErrorNote error={error} />}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {saving ? 'Saving…' : existing ? 'Save changes' : 'Add provider'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function stripView(v: ProviderView): Omit<ProviderInput, 'id' | 'protocol' | 'baseUrl'> {
  const { apiKeyDisplay: _a, apiKeyIsEnv: _b, health: _c, ...rest } = v;
  return rest;
}
