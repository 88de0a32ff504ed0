/**
 * Key display and redaction. The UI never receives a literal key: it gets `ENV:NAME` as written
 * or a masked form that keeps only a recognisable prefix and the last four characters.
 */

const MASK = '••••';

// Not the config loader's type guard: narrowing a string by it would leave `never` behind.
const isEnvRef = (v: string): boolean => v.startsWith('ENV:');

/** "sk-ant-api03-…" → "sk-…f3a9"; short literals show no characters at all. */
export function maskSecret(value: string | undefined | null): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (isEnvRef(value)) return value;
  // Below 16 characters even the last four would give away too much of the secret.
  if (value.length < 16) return MASK;
  const prefix = /^[A-Za-z]{1,5}[-_]/.exec(value)?.[0] ?? '';
  return `${prefix}…${value.slice(-4)}`;
}

/** True when `display` is what maskSecret() shows for `value` (a UI round-trip, keep the key). */
export function isMaskOf(display: string, value: string): boolean {
  return !isEnvRef(value) && maskSecret(value) === display;
}

const SECRET_PATTERNS: RegExp[] = [
  /\b(?:sk|pk|rk|gsk|xai|sy)[-_][A-Za-z0-9_-]{8,}/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\bAIza[0-9A-Za-z_-]{20,}/g,
];

/** Remove known secrets and anything shaped like an API key from text shown to people. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  }
  for (const re of SECRET_PATTERNS)
    out = out.replace(re, (m) => (m.toLowerCase().startsWith('bearer') ? 'Bearer [redacted]' : '[redacted]'));
  return out;
}

/** Header names whose values are credentials (masked in views like API keys). */
export function isSensitiveHeader(name: string): boolean {
  return /authorization|api[-_]?key|token|secret|cookie|password/i.test(name);
}

/** Headers as the UI sees them: credential values masked, the rest as written. */
export function maskHeaders(headers: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!headers) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = isSensitiveHeader(k) ? (maskSecret(v) ?? '') : v;
  return out;
}
