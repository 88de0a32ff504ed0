/**
 * Where a provider id is referenced in the config: routes, fallbacks, slot targets and routing
 * rules ("provider/model" or "provider"). Used to refuse removing a provider still in use and
 * to carry references along when a provider is renamed (only the referencing scalars change).
 */
import type { Document } from 'yaml';
import type { SwitchyardConfig } from '../../../shared/config-schema';
import { formatKeyPath } from '../config/load';

export type KeyPath = Array<string | number>;

export interface ProviderReference {
  path: KeyPath;
  value: string;
  /** routing.active: switch state rather than configuration. */
  transient?: boolean;
}

export function targetProvider(target: string): string {
  const slash = target.indexOf('/');
  return slash === -1 ? target : target.slice(0, slash);
}

export function renameTarget(target: string, from: string, to: string): string {
  return targetProvider(target) === from ? to + target.slice(from.length) : target;
}

const RULE_KEYS = ['background', 'think', 'image', 'webSearch'] as const;

export function findReferences(config: SwitchyardConfig, id: string): ProviderReference[] {
  const refs: ProviderReference[] = [];
  const check = (path: KeyPath, value: string | null | undefined, transient = false): void => {
    if (typeof value === 'string' && targetProvider(value) === id) refs.push({ path, value, ...(transient ? { transient } : {}) });
  };
  config.routes.forEach((r, i) => {
    check(['routes', i, 'provider'], r.provider);
    r.fallback?.forEach((f, j) => check(['routes', i, 'fallback', j], f));
  });
  for (const [client, slots] of Object.entries(config.slots)) {
    for (const [slot, target] of Object.entries(slots ?? {})) check(['slots', client, slot], target);
  }
  const routing = config.routing;
  if (routing) {
    for (const key of RULE_KEYS) check(['routing', key], routing[key]);
    check(['routing', 'longContext', 'target'], routing.longContext?.target);
    for (const [client, active] of Object.entries(routing.active ?? {})) {
      // routing.active holds a bare provider id: compare exactly.
      if (active === id) refs.push({ path: ['routing', 'active', client], value: active, transient: true });
    }
  }
  return refs;
}

export function describeReferences(refs: ProviderReference[]): string {
  return refs.map((r) => formatKeyPath(r.path)).join(', ');
}

/** Point every reference to `from` at `to`, editing only those scalars in the document. */
export function renameReferencesInDoc(doc: Document, config: SwitchyardConfig, from: string, to: string): void {
  for (const ref of findReferences(config, from)) doc.setIn(ref.path, renameTarget(ref.value, from, to));
}
