/**
 * Provider management behind the providers:* channels: masked views for the UI and edits of
 * switchyard.yaml through the config service (comments kept, validated before writing).
 */
import { CLIENT_KINDS, providerSchema, type ProviderConfig } from '../../../shared/config-schema';
import type { ProviderHealth, ProviderInput, ProviderView } from '../../../shared/domain';
import { SwitchyardError } from '../../../shared/errors';
import { formatKeyPath, isEnvRef } from '../config/load';
import type { ServiceContext } from '../context';
import { findPreset } from './presets';
import type { ProviderTestTarget } from './provider-test';
import { describeReferences, findReferences, renameReferencesInDoc } from './references';
import { isMaskOf, maskHeaders, maskSecret } from './secrets';
import { createNode, pruneEmptyMap, syncValue, unflowEmpty } from './yaml-edit';

const PROVIDER_KEYS = Object.keys(providerSchema.shape) as Array<keyof ProviderConfig>;

export function toProviderView(p: ProviderConfig, health?: ProviderHealth): ProviderView {
  const { apiKey, headers, ...rest } = p;
  const view: ProviderView = { ...rest, apiKeyDisplay: maskSecret(apiKey), apiKeyIsEnv: isEnvRef(apiKey) };
  if (headers) view.headers = maskHeaders(headers);
  if (health) view.health = health;
  return view;
}

export function providerHealth(ctx: ServiceContext): ProviderHealth[] {
  return ctx.runtime.health(ctx.config.current());
}

export function listProviders(ctx: ServiceContext): ProviderView[] {
  const health = new Map(providerHealth(ctx).map((h) => [h.providerId, h]));
  return ctx.config.rawConfig().providers.map((p) => toProviderView(p, health.get(p.id)));
}

/** Decide the key to store: undefined keeps, '' removes, a masked echo of the current key keeps. */
function nextApiKey(input: string | undefined, current: string | undefined): string | undefined {
  if (input === undefined) return current;
  const key = input.trim();
  if (key === '') return undefined;
  if (current !== undefined && isMaskOf(key, current)) return current;
  return key;
}

/** Build and validate the provider config an upsert would write. Throws invalid_request. */
export function buildProviderConfig(input: ProviderInput, current?: ProviderConfig): ProviderConfig {
  const picked: Record<string, unknown> = {};
  for (const key of PROVIDER_KEYS) {
    const v = (input as unknown as Record<string, unknown>)[key];
    if (v !== undefined && v !== null && key !== 'apiKey') picked[key] = v;
  }
  if (typeof picked.id === 'string') picked.id = picked.id.trim();
  if (typeof picked.baseUrl === 'string') picked.baseUrl = picked.baseUrl.trim().replace(/\/+$/, '');
  if (typeof picked.name === 'string' && picked.name.trim() === '') delete picked.name;
  if (Array.isArray(picked.models)) picked.models = [...new Set((picked.models as string[]).map((m) => m.trim()).filter(Boolean))];
  if (picked.headers && typeof picked.headers === 'object') {
    // A masked credential header sent back unchanged keeps its real value.
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(picked.headers as Record<string, string>)) {
      const prev = current?.headers?.[k];
      headers[k] = prev !== undefined && isMaskOf(v, prev) ? prev : v;
    }
    picked.headers = headers;
  }
  const apiKey = nextApiKey(input.apiKey, current?.apiKey);
  if (apiKey !== undefined) picked.apiKey = apiKey;

  const parsed = providerSchema.safeParse(picked);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${formatKeyPath(i.path)}: ${i.message}`).join('; ');
    throw new SwitchyardError('invalid_request', `Invalid provider: ${msg}`, {
      hint: 'Correct the fields named above; nothing was changed.',
    });
  }
  const p = parsed.data;
  if (p.protocol === 'anthropic' && /\/v1$/.test(p.baseUrl)) {
    throw new SwitchyardError(
      'invalid_request',
      `Invalid provider: baseUrl: anthropic lanes take the base URL without /v1 (got ${p.baseUrl})`,
      {
        hint: `Use ${p.baseUrl.replace(/\/v1$/, '')}: the proxy appends /v1/messages itself.`,
      },
    );
  }
  if (p.apiKey !== undefined && isEnvRef(p.apiKey) && !/^ENV:[A-Za-z_][A-Za-z0-9_]*$/.test(p.apiKey)) {
    throw new SwitchyardError('invalid_request', `Invalid provider: apiKey: "${p.apiKey}" is not a valid ENV:NAME reference`, {
      hint: 'Write ENV: followed by the variable name, e.g. ENV:DEEPSEEK_API_KEY.',
    });
  }
  return p;
}

export async function upsertProvider(ctx: ServiceContext, input: ProviderInput): Promise<ProviderView> {
  const raw = ctx.config.rawConfig();
  const oldId = input.previousId ?? input.id;
  const index = raw.providers.findIndex((p) => p.id === oldId);
  if (input.previousId !== undefined && index === -1) {
    throw new SwitchyardError('provider_not_found', `No provider "${input.previousId}" to edit.`, {
      hint: 'Reload the provider list; it may have been removed.',
    });
  }
  const current = index === -1 ? undefined : raw.providers[index];
  const next = buildProviderConfig(input, current);
  const renamed = current !== undefined && next.id !== oldId;
  if (renamed && raw.providers.some((p) => p.id === next.id)) {
    throw new SwitchyardError('invalid_request', `A provider with id "${next.id}" already exists.`, { hint: 'Pick another id.' });
  }

  await ctx.config.update((doc) => {
    if (index === -1) {
      if (!doc.hasIn(['providers'])) doc.setIn(['providers'], createNode(doc, []));
      unflowEmpty(doc, ['providers']);
      doc.addIn(['providers'], createNode(doc, next));
      return;
    }
    // Key order in the file stays; absent fields are removed, present ones updated in place.
    syncValue(doc, ['providers', index], next);
    if (renamed) renameReferencesInDoc(doc, raw, oldId, next.id);
  });

  if (renamed) {
    for (const client of CLIENT_KINDS) if (ctx.runtime.getActive(client) === oldId) ctx.runtime.setActive(client, next.id);
  }
  const health = providerHealth(ctx).find((h) => h.providerId === next.id);
  const saved = ctx.config.rawConfig().providers.find((p) => p.id === next.id) ?? next;
  return toProviderView(saved, health);
}

export async function removeProvider(ctx: ServiceContext, id: string): Promise<void> {
  const raw = ctx.config.rawConfig();
  const index = raw.providers.findIndex((p) => p.id === id);
  if (index === -1) throw new SwitchyardError('provider_not_found', `No provider "${id}".`, { hint: 'Reload the provider list.' });
  const refs = findReferences(raw, id);
  const blocking = refs.filter((r) => !r.transient);
  if (blocking.length > 0) {
    throw new SwitchyardError('invalid_request', `Provider "${id}" is still used by ${describeReferences(blocking)}.`, {
      hint: 'Point those routes, slots and rules at another provider first; nothing was changed.',
    });
  }
  await ctx.config.update((doc) => {
    for (const ref of refs) {
      doc.deleteIn(ref.path);
      pruneEmptyMap(doc, ref.path.slice(0, -1));
    }
    doc.deleteIn(['providers', index]);
  });
  for (const client of CLIENT_KINDS) if (ctx.runtime.getActive(client) === id) ctx.runtime.setActive(client, null);
}

/** What providers:test should call: a saved provider by id, or an unsaved form's values. */
export function resolveTestTarget(
  ctx: ServiceContext,
  args: { id: string; model?: string } | { provider: ProviderInput; model?: string },
): { target: ProviderTestTarget; model: string } {
  let config: ProviderConfig;
  if ('id' in args) {
    const found = ctx.config.rawConfig().providers.find((p) => p.id === args.id);
    if (!found)
      throw new SwitchyardError('provider_not_found', `No provider "${args.id}".`, { hint: 'Save the provider first or reload the list.' });
    config = found;
  } else {
    const currentId = args.provider.previousId ?? args.provider.id;
    config = buildProviderConfig(
      args.provider,
      ctx.config.rawConfig().providers.find((p) => p.id === currentId),
    );
  }
  const model = args.model?.trim() || config.models?.[0] || findPreset(config.preset)?.models[0];
  if (!model)
    throw new SwitchyardError('invalid_request', `No model to test "${config.id}" with.`, {
      hint: 'Add a model name to the provider or pick one.',
    });

  const read = (v: string): { value?: string; missing?: string } => {
    if (!isEnvRef(v)) return { value: v };
    const name = v.slice(4);
    const value = ctx.env[name];
    return value ? { value } : { missing: name };
  };
  const target: ProviderTestTarget = { id: config.id, protocol: config.protocol, baseUrl: config.baseUrl, headers: {} };
  if (config.apiKey !== undefined) {
    const k = read(config.apiKey);
    if (k.value !== undefined) target.apiKey = k.value;
    else target.apiKeyMissing = k.missing;
  }
  for (const [name, v] of Object.entries(config.headers ?? {})) {
    const h = read(v);
    if (h.value !== undefined) target.headers![name] = h.value;
  }
  return { target, model };
}
