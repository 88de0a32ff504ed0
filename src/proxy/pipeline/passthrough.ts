/**
 * Passthrough relay (inbound protocol == lane protocol): the upstream bytes go to the client
 * as they arrive, unchanged. A StreamObserver watches the same bytes for usage, the proper
 * end and progress. Failures after the head become the protocol's error event; an upstream
 * stream that ends without its protocol's end gets one too (never a silent truncation).
 */
import type { Dispatcher } from 'undici';
import { SwitchyardError, type ErrorClass } from '../../shared/errors';
import type { IRUsage } from '../../shared/ir';
import { StreamObserver, usageFromBody } from '../recording/usage';
import type { RuntimeInternals } from '../runtime';
import type { LaneTarget } from '../routing/router';
import { eachChunk } from '../upstream/each-chunk';
import { transportError } from '../upstream/forward';
import { clientResponseHeaders } from '../upstream/lanes';
import type { Exchange } from './exchange';
import { startPings } from './pings';
import { SecretScrubber, scrubBuffer } from './redact';

export interface RelayOptions {
  internals: RuntimeInternals;
  pingIntervalMs: number;
}

/** True when the bytes so far end with a blank line (LF LF, CR CR or CRLF CRLF): an event boundary. */
function isEventBoundary(tail: Buffer): boolean {
  const n = tail.length;
  if (n >= 2 && ((tail[n - 1] === 10 && tail[n - 2] === 10) || (tail[n - 1] === 13 && tail[n - 2] === 13))) return true;
  return n >= 4 && tail[n - 4] === 13 && tail[n - 3] === 10 && tail[n - 2] === 13 && tail[n - 1] === 10;
}

export async function relayPassthrough(x: Exchange, res: Dispatcher.ResponseData, lane: LaneTarget, o: RelayOptions): Promise<void> {
  const status = res.statusCode;
  const contentType = String(res.headers['content-type'] ?? 'application/json');
  const isStream = status < 300 && contentType.includes('text/event-stream');
  const headers = clientResponseHeaders(res.headers);
  headers['content-type'] = contentType;
  if (isStream) headers['cache-control'] = 'no-cache';
  // A stream's head goes out at once unless its first bytes came in with the upstream head:
  // then head and first event leave in one write (see the loop), as the upstream sent them.
  // A JSON answer (not a stream) is read whole and sent as one write with its length: the
  // client cannot use half a JSON document, and a body that breaks off upstream becomes a
  // proper error instead of truncated JSON.
  if (isStream) x.writeHead(status, headers, res.body.readableLength === 0);

  const rec = x.rec;
  const observer = isStream
    ? new StreamObserver(lane.provider.protocol, rec ? (p) => rec.emit({ type: 'progress', ...p }) : undefined)
    : undefined;
  // Streams go through the scrubber (the same bytes unless a secret shows up); a JSON body
  // is scrubbed whole once it is in.
  const bodyChunks: Buffer[] | undefined = isStream ? undefined : [];
  const scrubber = isStream ? new SecretScrubber(x.secrets) : undefined;
  const stats = { events: 0, bytes: 0, maxGapMs: 0 };
  let lastAt = x.upstreamHeadAt ?? performance.now();
  let endedOnBoundary = true;
  let tail: Buffer = Buffer.alloc(0);
  const pings =
    isStream && x.inbound === 'anthropic'
      ? startPings(
          o.pingIntervalMs,
          () => lastAt,
          () => observer!.started && endedOnBoundary && !x.ended,
          x,
        )
      : undefined;
  x.onCancelStreaming = () => {
    if (!isStream) x.sendError(x.abortError());
    else if (endedOnBoundary) x.end(x.streamErrorEvent(x.abortError(), errCtx()));
    else x.end();
  };
  const errCtx = () => ({
    sequenceNumber: observer?.lastSequence === undefined ? undefined : observer.lastSequence + 1,
    responseId: observer?.responseId,
  });

  let failure: SwitchyardError | undefined;
  try {
    await eachChunk(res.body, (chunk) => {
      const now = performance.now();
      const gap = now - lastAt;
      if (gap > stats.maxGapMs) stats.maxGapMs = gap;
      lastAt = now;
      x.lastByteAt = now;
      stats.bytes += chunk.length;
      // The client first: the write starts here; watching and recording run while the bytes
      // travel, and a full socket buffer pauses the upstream body.
      const out = scrubber?.push(chunk);
      const wrote = out !== undefined && out.length > 0;
      const full = wrote ? x.send(out) : undefined;
      if (!wrote && isStream) x.flushHead(); // all held back: the head still goes out now
      if (observer) observer.push(chunk);
      if (bodyChunks) bodyChunks.push(chunk);
      if (rec && isStream) rec.upstreamChunk(chunk);
      tail = chunk.length >= 4 ? chunk.subarray(chunk.length - 4) : Buffer.concat([tail, chunk]).subarray(-4);
      endedOnBoundary = isEventBoundary(tail);
      return full;
    });
  } catch (e) {
    failure = x.signal.aborted ? x.abortError() : transportError(e, x.secrets, lane.provider.id);
  } finally {
    pings?.stop();
  }
  const held = scrubber?.flush();
  if (held && !x.signal.aborted) await x.write(held);
  observer?.end();
  if (observer) stats.events = observer.events;

  let usage: IRUsage | undefined = observer?.usage;
  let upstreamResponseBody: string | undefined;
  if (bodyChunks && !failure) {
    const bytes = bodyChunks.length === 1 ? bodyChunks[0]! : Buffer.concat(bodyChunks);
    const text = rec || status < 300 ? bytes.toString('utf8') : undefined;
    // The recording keeps the upstream's words (the store redacts on its own).
    if (rec) upstreamResponseBody = text;
    if (!x.signal.aborted) {
      const safe = scrubBuffer(bytes, x.secrets);
      headers['content-length'] = String(safe.length);
      x.writeHead(status, headers, false);
      x.end(safe);
    }
    if (status < 300 && text !== undefined) {
      try {
        usage = usageFromBody(lane.provider.protocol, JSON.parse(text) as Record<string, unknown>);
      } catch {
        // not JSON: nothing to extract
      }
    }
  }

  let partial = false;
  let errorClass: ErrorClass | undefined;
  let errorMessage: string | undefined;
  let clientStatus = status;
  if (failure) {
    partial = true;
    errorClass = failure.errorClass;
    errorMessage = failure.message;
    if (x.abortKind === 'client_abort') {
      // nobody to tell
    } else if (x.abortKind === 'cancel' || x.abortKind === 'shutdown') {
      // onCancelStreaming already closed the stream with the error event
    } else {
      if (failure.errorClass !== 'timeout') o.internals.recordFailure(lane.provider.id, failure.message);
      // Only inject an event on an event boundary; a torn event would be unparseable anyway.
      if (!isStream) {
        x.sendError(failure);
        clientStatus = failure.status;
      } else if (endedOnBoundary) x.end(x.streamErrorEvent(failure, errCtx()));
      else x.end();
    }
  } else if (observer && !observer.completed && !observer.errored) {
    partial = true;
    const err = new SwitchyardError('stream_interrupted', `${lane.provider.id}: the upstream stream ended before its proper end`);
    errorClass = err.errorClass;
    errorMessage = err.message;
    x.end((endedOnBoundary ? '' : '\n\n') + x.streamErrorEvent(err, errCtx()));
  } else {
    if (observer?.errored) {
      errorClass = 'upstream_error';
      errorMessage = observer.errorMessage;
      partial = true;
    } else if (status >= 400) {
      errorClass = 'upstream_error';
      errorMessage = `${lane.provider.id}: HTTP ${status}`;
    }
    x.end();
  }
  x.finish({
    status: x.abortKind === 'client_abort' ? 499 : clientStatus,
    partial,
    errorClass,
    errorMessage,
    usage,
    upstreamResponseBody,
    streamStats: isStream ? { ...stats, maxGapMs: Math.round(stats.maxGapMs) } : undefined,
    finalProviderId: lane.provider.id,
    finalModel: lane.model,
  });
}
