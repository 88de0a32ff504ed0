import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startIdleGc } from '../../src/main/services/memory/idle-gc';
import { canReleaseFreedMemory, releaseFreedMemory } from '../../src/main/services/memory/trim';

const MB = 1024 * 1024;

describe('idle GC after a burst', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup(opts: { growthBytes: number; young?: () => number }) {
    const state = { inFlight: 0, started: 0 };
    const calls: boolean[] = [];
    const trims: number[] = [];
    const stop = startIdleGc({
      activity: () => ({ ...state }),
      quietMs: 6000,
      intervalMs: 1000,
      growthBytes: opts.growthBytes,
      collect: (compact) => calls.push(compact),
      youngBytes: opts.young ?? (() => 1 * MB),
      release: () => trims.push(calls.length),
    });
    return { state, calls, trims, stop };
  }

  it('never collects while exchanges are in flight or starting, then once after the quiet time', () => {
    const { state, calls, stop } = setup({ growthBytes: 0 });
    state.inFlight = 3;
    vi.advanceTimersByTime(20_000);
    expect(calls).toEqual([]);
    state.inFlight = 0;
    for (let i = 0; i < 5; i++) {
      state.started++;
      vi.advanceTimersByTime(3000);
    }
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(6000);
    expect(calls).toEqual([true]);
    // Young generation already small: no follow-up collections, and no second round without traffic.
    vi.advanceTimersByTime(60_000);
    expect(calls).toEqual([true]);
    stop();
  });

  it('does not collect when the heap has not grown enough, but releases free allocator pages once per quiet period', () => {
    const { state, calls, trims, stop } = setup({ growthBytes: 1e15 });
    vi.advanceTimersByTime(5000);
    expect(trims).toEqual([]);
    vi.advanceTimersByTime(60_000);
    expect(calls).toEqual([]);
    expect(trims).toEqual([0]);
    state.started++;
    vi.advanceTimersByTime(8000);
    expect(trims).toEqual([0, 0]);
    stop();
  });

  it('without growth, shrinks a large young generation with one collection per quiet period', () => {
    const { state, calls, trims, stop } = setup({ growthBytes: 1e15, young: () => 16 * MB });
    vi.advanceTimersByTime(60_000);
    expect(calls).toEqual([true]);
    expect(trims).toEqual([1]);
    state.started++;
    vi.advanceTimersByTime(8000);
    expect(calls).toEqual([true, true]);
    stop();
  });

  it('follows a compacting collection with up to two plain ones, quietMs apart, while the young generation stays large', () => {
    let young = 32 * MB;
    const { calls, trims, stop } = setup({ growthBytes: 0, young: () => young });
    vi.advanceTimersByTime(6000);
    expect(calls).toEqual([true]);
    vi.advanceTimersByTime(5000);
    expect(calls).toEqual([true]);
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual([true, false]);
    young = 2 * MB;
    vi.advanceTimersByTime(60_000);
    expect(calls).toEqual([true, false]);
    // Allocator pages go back after each collection (trims record how many collections preceded them).
    expect(trims).toEqual([1, 2]);
    stop();
  });

  it('stops after two plain tries, and starts over after new traffic', () => {
    const { state, calls, stop } = setup({ growthBytes: 0, young: () => 32 * MB });
    vi.advanceTimersByTime(60_000);
    expect(calls).toEqual([true, false, false]);
    state.started++;
    vi.advanceTimersByTime(1000);
    vi.advanceTimersByTime(6000);
    expect(calls).toEqual([true, false, false, true]);
    stop();
  });
});

describe('the real collector', () => {
  it('runs without leaving gc exposed to new contexts', async () => {
    const vm = await import('node:vm');
    const calls: boolean[] = [];
    const stop = startIdleGc({ activity: () => ({ inFlight: 0, started: 0 }), quietMs: 0, intervalMs: 20, growthBytes: 0 });
    // Same trigger with a spy, to know the real one had its turn too.
    const stopSpy = startIdleGc({
      activity: () => ({ inFlight: 0, started: 0 }),
      quietMs: 0,
      intervalMs: 20,
      growthBytes: 0,
      collect: (c) => calls.push(c),
    });
    await new Promise((r) => setTimeout(r, 200));
    stop();
    stopSpy();
    expect(calls[0]).toBe(true);
    expect(vm.runInNewContext('typeof gc')).toBe('undefined');
  });
});

describe('releasing free allocator pages', () => {
  it('is available on Linux with glibc (koffi installed), and a call never throws', () => {
    const onGlibc =
      process.platform === 'linux' &&
      !!(process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime;
    expect(canReleaseFreedMemory()).toBe(onGlibc);
    expect(typeof releaseFreedMemory()).toBe('boolean');
  });
});
