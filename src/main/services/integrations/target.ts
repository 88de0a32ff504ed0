/** What a client is pointed at: the proxy's base URL (no /v1) and the token it authenticates with. */
export interface ClientTarget {
  proxyUrl: string;
  token: string;
  /** Codex `model` to set (only when chosen). */
  model?: string;
}

/** Compare URLs ignoring a trailing slash and host case (localhost and 127.0.0.1 stay distinct). */
export function sameUrl(a: string, b: string): boolean {
  const norm = (u: string) => {
    try {
      const url = new URL(u);
      return `${url.protocol}//${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, '')}`;
    } catch {
      return u.replace(/\/+$/, '');
    }
  };
  return norm(a) === norm(b);
}
