/**
 * Secret scrubbing before anything reaches the database or the file mirror. Known secrets
 * (resolved provider keys, the app token, session tokens) are replaced wherever they occur;
 * key-shaped strings (`sk-…`, `Bearer …`) are caught by pattern even when unknown.
 */

export const REDACTED = '[REDACTED]';

/** Headers that carry credentials: never stored. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'cookie', 'set-cookie', 'x-goog-api-key']);

/** [cheap literal pre-check, pattern] */
const PATTERNS: Array<[string, RegExp]> = [
  ['sk-', /\bsk-[A-Za-z0-9_-]{16,}/g],
  ['Bearer', /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g],
  ['sy_sess_', /\bsy_sess_[A-Za-z0-9_-]{8,}/g],
];

export class Redactor {
  private key = '';
  private secrets: string[] = [];

  constructor(private readonly provider: () => string[]) {}

  /** Bound `text` for callbacks. */
  readonly fn = (s: string): string => this.text(s);

  /** Re-read the secret list (once per write batch). Returns true when it changed. */
  refresh(): boolean {
    let list: string[];
    try {
      list = this.provider();
    } catch {
      list = [];
    }
    const key = list.join('\u0000');
    if (key === this.key) return false;
    this.key = key;
    // Longest first so a secret containing another is replaced whole; short strings would
    // shred ordinary text, so they are ignored.
    this.secrets = [...new Set(list.filter((s) => typeof s === 'string' && s.length >= 8))].sort((a, b) => b.length - a.length);
    return true;
  }

  text(s: string): string;
  text(s: string | null | undefined): string | null | undefined;
  text(s: string | null | undefined): string | null | undefined {
    if (!s) return s;
    for (const secret of this.secrets) if (s.includes(secret)) s = s.split(secret).join(REDACTED);
    for (const [lit, re] of PATTERNS) {
      if (!s.includes(lit)) continue;
      re.lastIndex = 0;
      if (re.test(s)) {
        re.lastIndex = 0;
        s = s.replace(re, (m) => (m.startsWith('Bearer') ? `Bearer ${REDACTED}` : REDACTED));
      }
    }
    return s;
  }

  headers(h: Record<string, string> | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    if (!h) return out;
    for (const [k, v] of Object.entries(h)) {
      if (SECRET_HEADERS.has(k.toLowerCase())) continue;
      out[k] = this.text(String(v));
    }
    return out;
  }

  /** URLs: query values of key-like params are dropped, then the text rules apply. */
  url(u: string): string {
    const cleaned = u.replace(/([?&](?:key|api_key|apikey|token|access_token)=)[^&#]*/gi, `$1${REDACTED}`);
    return this.text(cleaned);
  }
}
