/**
 * Translation between an inbound protocol and a lane's protocol, composed from the codecs
 * (decode with one, encode with the other; never pairwise). The proxy calls only these
 * functions for conversion lanes; passthrough lanes skip them.
 */
import type { IRErrorInfo, IRRequest, IRUsage, Protocol } from '../../shared/ir';
import { SwitchyardError } from '../../shared/errors';
import type { ClientContext, LaneOptions, ToolNameMap } from '../codecs/codec';
import { getCodec } from '../codecs';
import { createToolNameMap as makeToolNameMap } from '../codecs/shared/tool-names';
import { createStreamTranslator as makeStreamTranslator } from './stream';

export { estimateInputTokens } from './estimate';
/** For Anthropic passthrough lanes: drop unsigned (foreign) thinking Claude Code sends back. */
export { stripUnsignedThinking } from '../codecs/anthropic/history';

export interface StreamTranslator {
  /** Feed raw upstream bytes; returns client-protocol SSE text to write (may be ''). */
  push(chunk: Uint8Array | string): string;
  /** Upstream ended: returns the closing text (or an error event if the upstream stream was cut short). */
  end(): string;
  /** Abort with an error event in the client protocol (timeouts, upstream failure mid-stream). */
  fail(error: IRErrorInfo): string;
  /** Usage seen so far (IR convention). */
  usage(): IRUsage | undefined;
  /** True when the client stream got its protocol's proper end. */
  readonly completed: boolean;
}

/** Decode an inbound body to IR (used for routing decisions on any protocol). */
export function decodeRequest(inbound: Protocol, body: unknown): IRRequest {
  return getCodec(inbound).decodeRequest(body);
}

/** IR → the lane's request body. */
export function encodeRequest(lane: Protocol, ir: IRRequest, opts: LaneOptions): Record<string, unknown> {
  try {
    return getCodec(lane).encodeRequest(ir, opts);
  } catch (e) {
    if (e instanceof SwitchyardError) throw e;
    throw new SwitchyardError('conversion_failed', `could not convert the request for a ${lane} lane: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

/** A lane's non-stream response body → the client protocol's body. */
export function translateResponse(
  lane: Protocol,
  inbound: Protocol,
  body: unknown,
  ctx: ClientContext,
): { body: Record<string, unknown>; usage: IRUsage } {
  try {
    const ir = getCodec(lane).decodeResponse(body);
    return { body: getCodec(inbound).encodeResponse(ir, ctx), usage: ir.usage };
  } catch (e) {
    if (e instanceof SwitchyardError) throw e;
    throw new SwitchyardError(
      'conversion_failed',
      `could not convert a ${lane} response for a ${inbound} client: ${(e as Error).message}`,
      { cause: e },
    );
  }
}

export function createStreamTranslator(lane: Protocol, inbound: Protocol, ctx: ClientContext): StreamTranslator {
  return makeStreamTranslator(getCodec(lane), getCodec(inbound), ctx);
}

/** OpenAI clients do not know Anthropic's 529. */
function statusFor(inbound: Protocol, status: number): number {
  if (inbound !== 'anthropic' && status === 529) return 503;
  return status;
}

/** Upstream error (status + body in the lane protocol) → the client protocol's error body. */
export function translateError(
  lane: Protocol,
  inbound: Protocol,
  status: number,
  body: unknown,
): { status: number; body: Record<string, unknown> } {
  const info = getCodec(lane).decodeError(status, body);
  const out = statusFor(inbound, status);
  return { status: out, body: getCodec(inbound).encodeError({ ...info, status: out }) };
}

export function createToolNameMap(maxLength?: number): ToolNameMap {
  return makeToolNameMap(maxLength);
}
