import { useEffect, useMemo, useState } from 'react';
import type { ClientKind, RouteConfig, RoutingConfig, SlotName, SwitchyardConfig } from '../../../shared/config-schema';
import type { ProviderView, SlotsView } from '../../../shared/domain';
import { AsyncView, ErrorNote } from '../components/async-view';
import { Field } from '../components/field';
import { PageHeader } from '../components/layout';
import { useProviders, useSlots, useStores } from '../store';

// Listed here rather than imported: config-schema's values pull zod into the bundle.
const CLAUDE_CODE_SLOTS = ['opus', 'sonnet', 'haiku', 'subagent', 'default'] as const satisfies readonly SlotName[];
const CODEX_SLOTS = ['default'] as const;

const CLIENT_LABEL: Record<ClientKind, string> = { 'claude-code': 'Claude Code', codex: 'Codex' };
const SLOT_HELP: Record<string, string> = {
  opus: 'claude-opus-* requests',
  sonnet: 'claude-sonnet-* requests',
  haiku: 'claude-haiku-* (background) requests',
  subagent: 'Task-tool subagents',
  default: 'anything not matched above',
};

/** "provider/model" targets offered in every picker. */
function useTargets(providers: ProviderView[] | null): string[] {
  return useMemo(() => {
    const out: string[] = [];
    for (const p of providers ?? []) {
      out.push(p.id);
      for (const m of p.models ?? []) out.push(`${p.id}/${m}`);
    }
    return out;
  }, [providers]);
}

/** The single-target routing rules, in the order the page shows them. */
const TARGET_RULES: Array<{ key: 'background' | 'think' | 'image' | 'webSearch'; label: string; help: string }> = [
  { key: 'background', label: 'Background', help: 'haiku-class and title requests' },
  { key: 'think', label: 'Thinking', help: 'requests with extended thinking' },
  { key: 'image', label: 'Images', help: 'requests that carry an image' },
  { key: 'webSearch', label: 'Web search', help: 'requests with the web search tool' },
];

function TargetInput({ label, value, onChange, help }: { label: string; value: string; onChange: (v: string) => void; help?: string }) {
  return (
    <Field label={label} help={help}>
      {(p) => (
        <input
          {...p}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          list="slot-targets"
          placeholder="provider/model"
          autoComplete="off"
          spellCheck={false}
        />
      )}
    </Field>
  );
}

function ActiveSwitch({ client, view, providers }: { client: ClientKind; view: SlotsView; providers: ProviderView[] }) {
  const { slots } = useStores();
  const switching = useSlots((s) => s.switching);
  const active = view.active[client] ?? null;
  const name = `active-${client}`;
  return (
    <fieldset className="switch" disabled={switching === client}>
      <legend>Active provider for {CLIENT_LABEL[client]}</legend>
      <p className="muted small">Applies to the next request; the client does not need a restart.</p>
      <div className="radio-row">
        <label className={`radio ${active === null ? 'checked' : ''}`}>
          <input type="radio" name={name} checked={active === null} onChange={() => void slots.getState().switchActive(client, null)} />
          Slots decide
        </label>
        {providers.map((p) => (
          <label key={p.id} className={`radio ${active === p.id ? 'checked' : ''}`}>
            <input type="radio" name={name} checked={active === p.id} onChange={() => void slots.getState().switchActive(client, p.id)} />
            {p.name ?? p.id}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

interface Draft {
  slots: NonNullable<SwitchyardConfig['slots']>;
  routing: RoutingConfig;
  routes: RouteConfig[];
}

function SlotsEditor({ view, providers }: { view: SlotsView; providers: ProviderView[] }) {
  const { slots } = useStores();
  const saving = useSlots((s) => s.saving);
  const saveError = useSlots((s) => s.saveError);
  const [draft, setDraft] = useState<Draft>(() => ({ slots: view.slots ?? {}, routing: view.routing ?? {}, routes: view.routes ?? [] }));
  const savedAt = useSlots((s) => s.savedAt);
  const [dirty, setDirty] = useState(false);
  const targets = useTargets(providers);

  const setSlot = (client: ClientKind, slot: string, v: string) => {
    setDirty(true);
    setDraft((d) => ({ ...d, slots: { ...d.slots, [client]: { ...(d.slots[client] ?? {}), [slot]: v || undefined } } }));
  };
  const setRule = (patch: Partial<RoutingConfig>) => {
    setDirty(true);
    setDraft((d) => ({ ...d, routing: { ...d.routing, ...patch } }));
  };
  const setRoute = (i: number, patch: Partial<RouteConfig> | null) => {
    setDirty(true);
    setDraft((d) => ({
      ...d,
      routes: patch === null ? d.routes.filter((_, n) => n !== i) : d.routes.map((r, n) => (n === i ? { ...r, ...patch } : r)),
    }));
  };

  const addRoute = () => {
    setDirty(true);
    setDraft((d) => ({ ...d, routes: [...d.routes, { name: '', provider: providers[0]?.id ?? '' }] }));
  };

  const save = async () => {
    // The active switch is owned by routing:switch; never overwrite it from a stale draft.
    const routing: RoutingConfig = { ...draft.routing, active: view.routing?.active };
    const routes = draft.routes.filter((r) => r.name.trim() && r.provider.trim());
    if (await slots.getState().save({ slots: clean(draft.slots), routing, routes })) setDirty(false);
  };

  const lc = draft.routing.longContext;
  const slotGroups: Array<[ClientKind, readonly string[]]> = [
    ['claude-code', CLAUDE_CODE_SLOTS],
    ['codex', CODEX_SLOTS],
  ];

  return (
    <>
      <datalist id="slot-targets">
        {targets.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      {slotGroups.map(([client, names]) => (
        <div className="card" key={client}>
          <h2 className="card-title">{CLIENT_LABEL[client]}</h2>
          <ActiveSwitch client={client} view={view} providers={providers} />
          <div className="slot-grid">
            {names.map((slot) => (
              <TargetInput
                key={slot}
                label={`${CLIENT_LABEL[client]} ${slot}`}
                value={(draft.slots[client] as Record<string, string | undefined> | undefined)?.[slot] ?? ''}
                onChange={(v) => setSlot(client, slot, v)}
                help={client === 'codex' ? 'every Codex request' : SLOT_HELP[slot]}
              />
            ))}
          </div>
        </div>
      ))}

      <div className="card">
        <h2 className="card-title">Routing rules</h2>
        <p className="muted small">Checked before the slots. Leave empty to let the slots decide.</p>
        <div className="slot-grid">
          {TARGET_RULES.map(({ key, label, help }) => (
            <TargetInput
              key={key}
              label={label}
              value={draft.routing[key] ?? ''}
              onChange={(v) => setRule({ [key]: v || undefined })}
              help={help}
            />
          ))}
          <TargetInput
            label="Long context"
            value={lc?.target ?? ''}
            onChange={(v) => setRule({ longContext: v ? { target: v, thresholdTokens: lc?.thresholdTokens ?? 60000 } : undefined })}
            help="requests above the threshold"
          />
          <Field label="Long-context threshold (tokens)">
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                value={lc?.thresholdTokens ?? 60000}
                disabled={!lc}
                onChange={(e) => lc && setRule({ longContext: { ...lc, thresholdTokens: Number(e.target.value) || 60000 } })}
              />
            )}
          </Field>
        </div>
      </div>

      <div className="card">
        <h2 className="card-title">Routes and fallbacks</h2>
        <p className="muted small">
          Exact model names a client may ask for, the lane that serves them, and where to go when that lane fails.
        </p>
        {draft.routes.length > 0 && (
          <div className="table-wrap">
            <table className="table" aria-label="Routes">
              <thead>
                <tr>
                  <th scope="col">Requested model</th>
                  <th scope="col">Provider</th>
                  <th scope="col">Upstream model</th>
                  <th scope="col">Fallbacks</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {draft.routes.map((r, i) => (
                  <tr key={i}>
                    <td>
                      <input
                        aria-label={`Route ${i + 1} model name`}
                        value={r.name}
                        onChange={(e) => setRoute(i, { name: e.target.value })}
                      />
                    </td>
                    <td>
                      <select
                        aria-label={`Route ${i + 1} provider`}
                        value={r.provider}
                        onChange={(e) => setRoute(i, { provider: e.target.value })}
                      >
                        <option value="">—</option>
                        {providers.map((p) => (
                          <option key={p.id} value={p.id}>
                            {p.id}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input
                        aria-label={`Route ${i + 1} upstream model`}
                        value={r.model ?? ''}
                        placeholder="same as requested"
                        onChange={(e) => setRoute(i, { model: e.target.value || undefined })}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`Route ${i + 1} fallbacks`}
                        value={(r.fallback ?? []).join(', ')}
                        placeholder="provider/model, …"
                        list="slot-targets"
                        onChange={(e) => {
                          const fb = e.target.value
                            .split(',')
                            .map((s) => s.trim())
                            .filter(Boolean);
                          setRoute(i, { fallback: fb.length ? fb : undefined });
                        }}
                      />
                    </td>
                    <td className="actions">
                      <button
                        type="button"
                        className="btn btn-small btn-danger"
                        onClick={() => setRoute(i, null)}
                        aria-label={`Remove route ${i + 1}`}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <button type="button" className="btn" onClick={addRoute}>
          Add route
        </button>
      </div>

      {saveError && <ErrorNote error={saveError} />}
      <div className="sticky-actions">
        <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={saving}>
          {saving ? 'Saving…' : 'Save slots and routing'}
        </button>
        {savedAt !== null && !dirty && (
          <span className="text-ok" role="status">
            Saved to the config file.
          </span>
        )}
      </div>
    </>
  );
}

function clean(slots: Draft['slots']): Draft['slots'] {
  const out: Record<string, Record<string, string>> = {};
  for (const [client, map] of Object.entries(slots)) {
    const entries = Object.entries(map ?? {}).filter(([, v]) => typeof v === 'string' && v.trim());
    if (entries.length) out[client] = Object.fromEntries(entries.map(([k, v]) => [k, (v as string).trim()]));
  }
  return out as Draft['slots'];
}

export function SlotsPage() {
  const { slots, providers } = useStores();
  const view = useSlots((s) => s.view);
  const list = useProviders((s) => s.list);
  useEffect(() => {
    void slots.getState().load();
    void providers.getState().load();
  }, [slots, providers]);

  return (
    <section>
      <PageHeader title="Model slots" description="Which provider and model serve each client's requests." />
      <AsyncView what="Model slots" state={view} onRetry={() => void slots.getState().load()}>
        {(v) => (
          <SlotsEditor
            key={JSON.stringify([v.slots, { ...v.routing, active: undefined }, v.routes])}
            view={v}
            providers={list.data ?? []}
          />
        )}
      </AsyncView>
    </section>
  );
}
