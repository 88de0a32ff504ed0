/** Shared test helpers for the codec suites. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientContext, LaneOptions } from '../../src/proxy/codecs/codec';
import { createToolNameMap } from '../../src/proxy/translate';
import type { Protocol } from '../../src/shared/ir';
import { sseEvents } from './grammar';

export const FIXTURES = join(__dirname, 'fixtures');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function fixtureJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixture(name)) as T;
}

export type Capabilities = NonNullable<LaneOptions['provider']['capabilities']>;

export function laneFor(protocol: Protocol, capabilities: Capabilities = {}, upstreamModel = 'upstream-model'): LaneOptions {
  return { upstreamModel, provider: { id: `test-${protocol}`, protocol, capabilities }, toolNames: createToolNameMap(64) };
}

export function ctxFor(lane?: LaneOptions, extra: Partial<ClientContext> = {}): ClientContext {
  return { requestedModel: 'client-model', toolNames: lane?.toolNames ?? createToolNameMap(64), ...extra };
}

/** Split a string's UTF-8 bytes at the given offsets (so multi-byte characters can be cut). */
export function splitBytes(text: string, cuts: number[]): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const sorted = [...new Set(cuts.map((c) => Math.max(0, Math.min(bytes.length, c))))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of sorted) {
    if (c > prev) out.push(bytes.slice(prev, c));
    prev = c;
  }
  if (prev < bytes.length) out.push(bytes.slice(prev));
  return out;
}

export function eventsOf(text: string): Array<{ event?: string; data: Record<string, unknown> | string }> {
  return sseEvents(text).map((e) => {
    try {
      return { event: e.event, data: JSON.parse(e.data) as Record<string, unknown> };
    } catch {
      return { event: e.event, data: e.data };
    }
  });
}
