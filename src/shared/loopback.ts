/**
 * Loopback names accepted in Host headers (DNS-rebinding guard) and origins. A Host of
 * "evil.example:18080" that resolves to 127.0.0.1 is refused.
 */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  if (!host) return false;
  let name = host.trim().toLowerCase();
  if (name.startsWith('[')) {
    const end = name.indexOf(']');
    name = end === -1 ? name : name.slice(0, end + 1);
  } else {
    const colon = name.lastIndexOf(':');
    if (colon !== -1 && name.indexOf(':') === colon) name = name.slice(0, colon);
  }
  if (LOOPBACK_NAMES.has(name)) return true;
  if (name.endsWith('.localhost')) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}
