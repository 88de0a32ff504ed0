import { describe, expect, it, vi } from 'vitest';
import { createProxyRuntime, runtimeInternals } from '../../src/proxy/runtime';
import { configYaml, resolve } from './harness';

describe('proxy runtime', () => {
  it('opens the circuit after repeated failures, half-opens after the cooldown and closes on success', async () => {
    const runtime = createProxyRuntime({ circuit: { failureThreshold: 2, cooldownMs: 40 } });
    const c = runtimeInternals(runtime)!;
    const cfg = resolve(configYaml('http://127.0.0.1:9'));
    const state = () => runtime.health(cfg).find((p) => p.providerId === 'anthropic')!;
    c.recordFailure('anthropic', 'HTTP 500');
    expect(state().circuit).toBe('closed');
    c.recordFailure('anthropic', 'HTTP 502');
    expect(state()).toMatchObject({ circuit: 'open', usable: false, lastError: 'HTTP 502' });
    expect(c.tryAcquire('anthropic')).toBe(false);
    await new Promise((r) => setTimeout(r, 60));
    expect(state().circuit).toBe('half-open');
    expect(c.tryAcquire('anthropic')).toBe(true); // the single trial
    expect(c.tryAcquire('anthropic')).toBe(false);
    c.release('anthropic'); // trial abandoned (client left): another may try
    expect(c.tryAcquire('anthropic')).toBe(true);
    c.recordSuccess('anthropic');
    expect(state()).toMatchObject({ circuit: 'closed', usable: true });
    expect(state().lastSuccessAt).toBeGreaterThan(0);
  });

  it('a failed half-open trial re-opens the circuit at once', async () => {
    const runtime = createProxyRuntime({ circuit: { failureThreshold: 1, cooldownMs: 20 } });
    const c = runtimeInternals(runtime)!;
    c.recordFailure('x', 'boom');
    await new Promise((r) => setTimeout(r, 30));
    expect(c.tryAcquire('x')).toBe(true);
    c.recordFailure('x', 'boom again');
    expect(c.circuitState('x')).toBe('open');
  });

  it('tracks tokens, pins, the active provider and notifies listeners', () => {
    const runtime = createProxyRuntime();
    let calls = 0;
    const off = runtime.onChange(() => calls++);
    runtime.setActive('codex', 'oai');
    runtime.pinSession('s1', 'anthropic');
    runtime.registerToken({ token: 't1', sessionId: 's1', createdAt: 1 });
    expect(runtime.getActive('codex')).toBe('oai');
    expect(runtime.getActive('claude-code')).toBeNull();
    expect(runtime.getPin('s1')).toBe('anthropic');
    expect(runtime.lookupToken('t1')?.sessionId).toBe('s1');
    expect(runtime.listTokens()).toHaveLength(1);
    expect(runtime.revokeToken('t1')).toBe(true);
    expect(runtime.revokeToken('t1')).toBe(false);
    runtime.pinSession('s1', null);
    expect(runtime.getPin('s1')).toBeUndefined();
    expect(calls).toBe(5);
    off();
    runtime.setActive('codex', null);
    expect(calls).toBe(5);
  });

  it('counts in-flight exchanges and requests today, and cancels by id', () => {
    const runtime = createProxyRuntime();
    const c = runtimeInternals(runtime)!;
    let cancelled = '';
    c.beginExchange('e1', (reason) => (cancelled = reason ?? 'cancel'));
    c.beginExchange('e2', () => {});
    expect(runtime.stats()).toEqual({ inFlight: 2, requestsToday: 2 });
    expect(runtime.cancel('e1')).toBe(true);
    expect(cancelled).toBe('cancel');
    c.endExchange('e1');
    c.endExchange('e2');
    expect(runtime.stats()).toEqual({ inFlight: 0, requestsToday: 2 });
    expect(runtime.cancel('e1')).toBe(false);
  });

  it('starts counting requests again at local midnight', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date(2026, 10, 22, 23, 59, 0));
      const runtime = createProxyRuntime();
      const c = runtimeInternals(runtime)!;
      c.beginExchange('late-1', () => {});
      c.beginExchange('late-2', () => {});
      expect(runtime.stats().requestsToday).toBe(2);
      vi.setSystemTime(new Date(2026, 10, 23, 0, 0, 1));
      expect(runtime.stats().requestsToday).toBe(0);
      c.beginExchange('early', () => {});
      expect(runtime.stats()).toEqual({ inFlight: 3, requestsToday: 1 });
      vi.setSystemTime(new Date(2026, 10, 23, 23, 0, 0));
      c.beginExchange('same-day', () => {});
      expect(runtime.stats().requestsToday).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
