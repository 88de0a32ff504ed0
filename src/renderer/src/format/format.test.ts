import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatMs, formatPercent, formatRelative, formatTokens, formatUsd, tokensPerSecond } from './format';

describe('format', () => {
  it('abbreviates counts the way people read them', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1234)).toBe('1.2k');
    expect(formatCount(12_500)).toBe('12.5k');
    expect(formatCount(125_000)).toBe('125k');
    expect(formatCount(3_400_000)).toBe('3.4M');
    expect(formatCount(undefined)).toBe('—');
    expect(formatTokens(1200)).toBe('1.2k tokens');
    expect(formatTokens(1)).toBe('1 token');
  });

  it('keeps small costs visible', () => {
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(0.031)).toBe('$0.031');
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(0.5)).toBe('$0.5');
    expect(formatUsd(12.5)).toBe('$12.50');
    expect(formatUsd(2500)).toBe('$2.5k');
  });

  it('formats durations in ms, s and min', () => {
    expect(formatMs(840)).toBe('840 ms');
    expect(formatMs(0.42)).toBe('0.42 ms');
    expect(formatMs(1530)).toBe('1.53 s');
    expect(formatMs(12_340)).toBe('12.3 s');
    expect(formatMs(125_000)).toBe('2 min 5 s');
    expect(formatMs(undefined)).toBe('—');
  });

  it('formats relative times', () => {
    const now = Date.UTC(2026, 0, 10, 12);
    expect(formatRelative(now - 10_000, now)).toBe('just now');
    expect(formatRelative(now - 3 * 60_000, now)).toBe('3 min ago');
    expect(formatRelative(now - 5 * 3_600_000, now)).toBe('5 h ago');
    expect(formatRelative(now - 30 * 3_600_000, now)).toBe('yesterday');
    expect(formatRelative(now - 4 * 86_400_000, now)).toBe('4 days ago');
    expect(formatRelative(now + 3 * 60_000, now)).toBe('in 3 min');
  });

  it('formats bytes, percents and throughput', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(formatPercent(1, 200)).toBe('0.5%');
    expect(formatPercent(0, 0)).toBe('—');
    expect(formatPercent(50, 100)).toBe('50%');
    expect(tokensPerSecond(100, 1000, 3000)).toBe(50);
    expect(tokensPerSecond(100, 1000, 1100)).toBeNull();
  });
});
