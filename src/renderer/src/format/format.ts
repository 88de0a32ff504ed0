/** Numbers for people: 1.2k tokens, $0.031, 840 ms, "3 min ago". */

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  if (abs < 1000) return String(Math.round(n));
  const units: Array<[number, string]> = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, suffix] of units) {
    if (abs >= size) {
      const v = n / size;
      // One decimal below 100 (1.2k, 12.5k), none above (125k).
      const text = Math.abs(v) >= 100 ? Math.round(v).toString() : (Math.round(v * 10) / 10).toString();
      return `${text}${suffix}`;
    }
  }
  return String(n);
}

export function formatTokens(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return `${formatCount(n)} ${n === 1 ? 'token' : 'tokens'}`;
}

export function formatUsd(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  if (n === 0) return '$0';
  const abs = Math.abs(n);
  // Small amounts keep two significant digits so cents of a cent stay visible.
  if (abs < 0.01) return `$${n.toPrecision(2).replace(/0+$/, '').replace(/\.$/, '')}`;
  if (abs < 1) return `$${n.toFixed(3).replace(/0+$/, '').replace(/\.$/, '')}`;
  if (abs < 1000) return `$${n.toFixed(2)}`;
  return `$${formatCount(n)}`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const min = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${min} min ${s} s`;
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export function formatPercent(part: number, whole: number): string {
  if (!whole) return '—';
  const p = (part / whole) * 100;
  if (p === 0) return '0%';
  if (p < 0.1) return '<0.1%';
  return `${p < 10 ? p.toFixed(1) : Math.round(p)}%`;
}

export function formatRelative(at: number | null | undefined, now: number = Date.now()): string {
  if (!at) return '—';
  const diff = now - at;
  const future = diff < 0;
  const s = Math.abs(diff) / 1000;
  let text: string;
  if (s < 45) return future ? 'in a few seconds' : 'just now';
  else if (s < 90) text = '1 min';
  else if (s < 3600) text = `${Math.round(s / 60)} min`;
  else if (s < 5400) text = '1 h';
  else if (s < 86_400) text = `${Math.round(s / 3600)} h`;
  else if (s < 172_800) return future ? 'tomorrow' : 'yesterday';
  else if (s < 30 * 86_400) text = `${Math.round(s / 86_400)} days`;
  else return formatDate(at);
  return future ? `in ${text}` : `${text} ago`;
}

export function formatDate(at: number): string {
  const d = new Date(at);
  return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatDateTime(at: number | null | undefined): string {
  if (!at) return '—';
  const d = new Date(at);
  return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Tokens per second over a window; null when it is too short to mean anything. */
export function tokensPerSecond(tokens: number | undefined, fromMs: number | undefined, toMs: number): number | null {
  if (!tokens || !fromMs) return null;
  const seconds = (toMs - fromMs) / 1000;
  if (seconds < 0.2) return null;
  return tokens / seconds;
}
