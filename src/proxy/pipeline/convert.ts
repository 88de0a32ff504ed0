/**
 * Conversion relay (inbound protocol != lane protocol): the translate layer turns the lane's
 * answer into the client's protocol — stream chunk by chunk, JSON bodies and error bodies.
 */
import type { Dispatcher } from 'undici';
import { SwitchyardError, toSwitchyardError, type ErrorClass } from '../../shared/errors';
import type { IRUsage } from '../../shared/ir';
import type { ClientContext } from '../codecs/codec';
import { StreamObserver } from '../recording/usage';
import type { RuntimeInternals } from '../runtime';
import type { LaneTarget } from '../routing/router';
import { createStreamTranslator, translateError, translateResponse } from '../translate/index';
import { eachChunk } from '../upstream/each-chunk';
import { transportError } from '../upstream/forward';
import { clientResponseHeaders } from '../upstream/lanes';
import { redactSecrets } from '../errors/render';
import type { Exchange } from './exchange';
import { startPings } from './pings';
import { SecretScrubber } from './redact';

export interface ConvertOptions {
  internals: RuntimeInternals;
  pingIntervalMs: number;
  ctx: ClientContext;
  stream: boolean;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: { message: text.slice(0, 2000) } };
  }
}

/** Relay a lane error (status + body in the lane protocol) in the client's protocol. */
export function relayConvertedError(
  x: Exchange,
  lane: LaneTarget,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  text: string,
): void {
  let out: { status: number; body: Record<string, unknown> };
  // The upstream message is copied into the client's error: scrub echoed keys first (the
  // recording keeps the raw text; the store redacts on its own).
  const safeText = redactSecrets(text, x.secrets);
  try {
    out = translateError(lane.provider.protocol, x.inbound, status, parseJson(safeText));
  } catch {
    // translate layer not available: render our own error with the upstream status
    const err = new SwitchyardError('upstream_error', `${lane.provider.id}: HTTP ${status}: ${safeText.slice(0, 500)}`, { status });
    x.sendError(err, clientResponseHeaders(headers));
    x.finish({
      status,
      partial: false,
      errorClass: 'upstream_error',
      errorMessage: err.message,
      upstreamResponseBody: text,
      finalProviderId: lane.provider.id,
      finalModel: lane.model,
    });
    return;
  }
  const body = redactSecrets(JSON.stringify(out.body), x.secrets);
  x.writeHead(out.status, { ...clientResponseHeaders(headers), 'content-type': 'application/json' }, false);
  x.end(body);
  x.finish({
    status: out.status,
    partial: false,
    errorClass: 'upstream_error',
    errorMessage: `${lane.provider.id}: HTTP ${status}`,
    upstreamResponseBody: text,
    clientResponseBody: body,
    finalProviderId: lane.provider.id,
    finalModel: lane.model,
  });
}

export async function relayConverted(x: Exchange, res: Dispatcher.ResponseData, lane: LaneTarget, o: ConvertOptions): Promise<void> {
  const status = res.statusCode;
  if (status >= 400) {
    let text = '';
    try {
      text = await res.body.text();
    } catch {
      // cut body: status alone
    }
    relayConvertedError(x, lane, status, res.headers, text);
    return;
  }
  const contentType = String(res.headers['content-type'] ?? '');
  if (!o.stream || !contentType.includes('text/event-stream')) return relayConvertedJson(x, res, lane, o);

  const translator = createStreamTranslator(lane.provider.protocol, x.inbound, o.ctx);
  const rec = x.rec;
  const observer = rec ? new StreamObserver(lane.provider.protocol, (p) => rec.emit({ type: 'progress', ...p })) : undefined;
  // The head goes out at once, or with the first event when the upstream's first bytes are here.
  x.writeHead(
    200,
    { ...clientResponseHeaders(res.headers), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
    res.body.readableLength === 0,
  );
  const stats = { events: 0, bytes: 0, maxGapMs: 0 };
  let lastAt = x.upstreamHeadAt ?? performance.now();
  let wroteAny = false;
  const pings =
    x.inbound === 'anthropic'
      ? startPings(
          o.pingIntervalMs,
          () => lastAt,
          () => wroteAny && !x.ended,
          x,
        )
      : undefined;
  // Upstream bytes are scrubbed before translation (catches a key split across chunks); the
  // translated text is checked again (catches a key the decoder un-escaped).
  const scrubber = new SecretScrubber(x.secrets);
  const scrub = (text: string): string => redactSecrets(text, x.secrets);
  const record = (chunk: Buffer, out: string): void => {
    rec!.upstreamChunk(chunk);
    observer!.push(chunk);
    rec!.clientChunk(out);
  };
  x.onCancelStreaming = () =>
    x.end(translator.fail({ type: x.abortKind === 'shutdown' ? 'overloaded_error' : 'api_error', message: x.abortError().message }));

  let failure: SwitchyardError | undefined;
  try {
    await eachChunk(res.body, (chunk) => {
      const now = performance.now();
      if (now - lastAt > stats.maxGapMs) stats.maxGapMs = now - lastAt;
      lastAt = now;
      x.lastByteAt = now;
      stats.bytes += chunk.length;
      const bytes = scrubber.push(chunk);
      let out: string;
      try {
        out = bytes.length > 0 ? scrub(translator.push(bytes)) : '';
      } catch (e) {
        if (rec) record(chunk, '');
        throw e;
      }
      // The client first; recording runs while the bytes travel (a full socket buffer pauses
      // the upstream body).
      const full = out ? x.send(out) : undefined;
      if (out) wroteAny = true;
      else x.flushHead(); // nothing to send yet: the head still goes out now
      if (rec) record(chunk, out);
      return full;
    });
  } catch (e) {
    failure = x.signal.aborted ? x.abortError() : e instanceof SwitchyardError ? e : transportError(e, x.secrets, lane.provider.id);
  } finally {
    pings?.stop();
  }
  observer?.end();
  if (observer) stats.events = observer.events;

  let partial = false;
  let errorClass: ErrorClass | undefined;
  let errorMessage: string | undefined;
  if (failure) {
    partial = true;
    errorClass = failure.errorClass;
    errorMessage = failure.message;
    if (x.abortKind !== 'client_abort' && x.abortKind !== 'cancel' && x.abortKind !== 'shutdown') {
      if (failure.errorClass === 'upstream_error') o.internals.recordFailure(lane.provider.id, failure.message);
      const tail = translator.fail({
        type: failure.errorClass === 'timeout' ? 'timeout_error' : 'api_error',
        message: x.safe(failure).message,
        status: failure.status,
      });
      rec?.clientChunk(tail);
      x.end(tail);
    }
  } else {
    let tail: string;
    try {
      const held = scrubber.flush();
      tail = (held ? translator.push(held) : '') + translator.end();
    } catch (e) {
      const err = toSwitchyardError(e);
      tail = translator.fail({ type: 'api_error', message: x.safe(err).message });
    }
    tail = scrub(tail);
    if (!translator.completed) {
      partial = true;
      errorClass = 'upstream_error';
      errorMessage = `${lane.provider.id}: the upstream stream ended before its proper end`;
    }
    rec?.clientChunk(tail);
    x.end(tail);
  }
  let usage: IRUsage | undefined;
  try {
    usage = translator.usage();
  } catch {
    usage = observer?.usage;
  }
  x.finish({
    status: x.abortKind === 'client_abort' ? 499 : 200,
    partial,
    errorClass,
    errorMessage,
    usage,
    streamStats: { ...stats, maxGapMs: Math.round(stats.maxGapMs) },
    finalProviderId: lane.provider.id,
    finalModel: lane.model,
  });
}

async function relayConvertedJson(x: Exchange, res: Dispatcher.ResponseData, lane: LaneTarget, o: ConvertOptions): Promise<void> {
  let text: string;
  try {
    text = await res.body.text();
  } catch (e) {
    throw x.signal.aborted ? x.abortError() : transportError(e, x.secrets, lane.provider.id);
  }
  x.lastByteAt = performance.now();
  let out: { body: Record<string, unknown>; usage: IRUsage };
  try {
    out = translateResponse(lane.provider.protocol, x.inbound, JSON.parse(text), o.ctx);
  } catch (e) {
    const err =
      e instanceof SwitchyardError
        ? e
        : new SwitchyardError('conversion_failed', `Cannot translate the ${lane.provider.protocol} answer: ${(e as Error).message}`);
    x.sendError(err);
    x.finish({
      status: err.status,
      partial: false,
      errorClass: err.errorClass,
      errorMessage: err.message,
      upstreamResponseBody: text,
      finalProviderId: lane.provider.id,
      finalModel: lane.model,
    });
    return;
  }
  const body = redactSecrets(JSON.stringify(out.body), x.secrets);
  const headers: Record<string, string> = { ...clientResponseHeaders(res.headers), 'content-type': 'application/json' };
  headers['content-length'] = String(Buffer.byteLength(body));
  x.writeHead(200, headers, false);
  x.end(body);
  x.finish({
    status: 200,
    partial: false,
    usage: out.usage,
    upstreamResponseBody: x.rec ? text : undefined,
    clientResponseBody: x.rec ? body : undefined,
    finalProviderId: lane.provider.id,
    finalModel: lane.model,
  });
}
