/**
 * Stream translation: raw upstream bytes → SSE events → lane decoder → IR → client encoder →
 * client SSE text. Nothing is buffered beyond one incomplete SSE event; the encoders enforce
 * the client's grammar and the decoders turn a cut upstream stream into an error event.
 */
import type { IRErrorInfo, IRStreamEvent, IRUsage } from '../../shared/ir';
import type { ClientContext, Codec } from '../codecs/codec';
import { SSEParser, type SSEEvent } from '../sse/parser';
import { completeUsage, mergeUsage } from '../codecs/shared/usage';
import type { StreamTranslator } from './index';

export function createStreamTranslator(lane: Codec, client: Codec, ctx: ClientContext): StreamTranslator {
  const parser = new SSEParser();
  const decoder = lane.createStreamDecoder();
  const encoder = client.createStreamEncoder(ctx);
  let usage: Partial<IRUsage> | undefined;
  let ended = false;
  // Some encoders count their error ending (response.failed) as closed; completed must not.
  let errored = false;

  function feed(events: IRStreamEvent[]): string {
    let s = '';
    for (const e of events) {
      if (e.type === 'error') errored = true;
      if (e.type === 'usage' || (e.type === 'start' && e.usage)) usage = mergeUsage(usage ?? {}, e.usage);
      s += encoder.push(e);
    }
    return s;
  }

  function decode(events: SSEEvent[]): string {
    let s = '';
    for (const ev of events) s += feed(decoder.push(ev));
    return s;
  }

  function safely(run: () => string): string {
    try {
      return run();
    } catch (e) {
      // A codec bug must not leave the client hanging: end with the protocol's error event.
      ended = true;
      errored = true;
      return encoder.fail({ type: 'api_error', message: `stream conversion failed: ${(e as Error).message}`, status: 500 });
    }
  }

  return {
    push(chunk: Uint8Array | string): string {
      if (ended) return '';
      return safely(() => decode(parser.push(chunk)));
    },
    end(): string {
      if (ended) return '';
      ended = true;
      return safely(() => {
        let s = decode(parser.end());
        s += feed(decoder.end());
        // The decoder guarantees an end or an error; this only guards a decoder that forgot.
        if (!encoder.closed && !errored) {
          errored = true;
          s += encoder.fail({ type: 'api_error', message: 'upstream stream ended unexpectedly', status: 502 });
        }
        return s;
      });
    },
    fail(error: IRErrorInfo): string {
      if (ended) return '';
      ended = true;
      errored = true;
      return encoder.fail(error);
    },
    usage(): IRUsage | undefined {
      return usage ? completeUsage(usage) : undefined;
    },
    get completed() {
      return encoder.closed && !errored;
    },
  };
}
