/**
 * Translation between an inbound protocol and a lane's protocol, composed from the codecs.
 * The proxy calls only these functions for conversion lanes; passthrough lanes skip them.
 *
 * PLACEHOLDER SIGNATURES: the codec work replaces the bodies; the signatures are the contract
 * between the proxy pipeline and the codecs.
 */
import type { IRErrorInfo, IRRequest, IRUsage, Protocol } from '../../shared/ir';
import { SwitchyardError } from '../../shared/errors';
import type { ClientContext, LaneOptions, ToolNameMap } from '../codecs/codec';

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
export function decodeRequest(_inbound: Protocol, _body: unknown): IRRequest {
  throw new SwitchyardError('not_available', 'Protocol translation is not available yet');
}

/** IR → the lane's request body. */
export function encodeRequest(_lane: Protocol, _ir: IRRequest, _opts: LaneOptions): Record<string, unknown> {
  throw new SwitchyardError('not_available', 'Protocol translation is not available yet');
}

/** A lane's non-stream response body → the client protocol's body. */
export function translateResponse(_lane: Protocol, _inbound: Protocol, _body: unknown, _ctx: ClientContext): { body: Record<string, unknown>; usage: IRUsage } {
  throw new SwitchyardError('not_available', 'Protocol translation is not available yet');
}

export function createStreamTranslator(_lane: Protocol, _inbound: Protocol, _ctx: ClientContext): StreamTranslator {
  throw new SwitchyardError('not_available', 'Protocol translation is not available yet');
}

/** Upstream error (status + body in the lane protocol) → the client protocol's error body. */
export function translateError(_lane: Protocol, _inbound: Protocol, _status: number, _body: unknown): { status: number; body: Record<string, unknown> } {
  throw new SwitchyardError('not_available', 'Protocol translation is not available yet');
}

export function createToolNameMap(_maxLength?: number): ToolNameMap {
  throw new SwitchyardError('not_available', 'Protocol translation is not available yet');
}
