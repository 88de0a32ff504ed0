/**
 * Anthropic `ping` events during long upstream silences, so clients and middleboxes do not
 * give up on a stream that is merely thinking. Only written on an event boundary.
 */
import type { Exchange } from './exchange';

const PING = 'event: ping\ndata: {"type": "ping"}\n\n';

export function startPings(intervalMs: number, lastByteAt: () => number, safe: () => boolean, x: Exchange): { stop(): void } {
  if (!(intervalMs > 0)) return { stop() {} };
  let lastPing = 0;
  const timer = setInterval(
    () => {
      const now = performance.now();
      if (now - Math.max(lastByteAt(), lastPing) >= intervalMs && safe()) {
        lastPing = now;
        void x.write(PING);
      }
    },
    Math.max(10, Math.floor(intervalMs / 2)),
  );
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
