/**
 * The codec contract: one codec per wire format, each translating between its protocol and
 * the IR (src/shared/ir.ts). The proxy never converts pairwise; the translate layer composes
 * decode(inbound) → encode(lane) and back.
 */
import type { ResolvedProvider } from '../../shared/config-schema';
import type { IRErrorInfo, IRReasoningEffort, IRRequest, IRResponse, IRStreamEvent, IRTool, Protocol } from '../../shared/ir';
import type { SSEEvent } from '../sse/parser';

/**
 * Tool names longer than a lane accepts (64 chars on OpenAI) are replaced by a stable hash
 * on the way up and mapped back on the way down. One map per exchange.
 */
export interface ToolNameMap {
  /** Name to send upstream for a client tool name. */
  toUpstream(name: string): string;
  /** Client tool name for an upstream name (identity when not mapped). */
  toClient(name: string): string;
}

export interface LaneOptions {
  /** Model name to put in the upstream request. */
  upstreamModel: string;
  provider: Pick<ResolvedProvider, 'id' | 'protocol' | 'capabilities'>;
  toolNames: ToolNameMap;
  /** Thinking budget upper bounds per effort (config routing.effortTable). */
  effortTable?: Partial<Record<IRReasoningEffort, number>>;
}

export interface ClientContext {
  /** Model name the client asked for: responses echo it, not the upstream one. */
  requestedModel: string;
  toolNames: ToolNameMap;
  /** Input tokens estimated locally, for message_start when upstream reports usage late. */
  estimatedInputTokens?: number;
  /**
   * The client's tool definitions (from the decoded inbound request), so encoders can restore
   * tool kinds the lane cannot express (Responses `custom` tools come back as custom_tool_call).
   */
  tools?: IRTool[];
}

export interface StreamDecoder {
  /** Feed one upstream SSE event; get IR events out (valid order guaranteed). */
  push(event: SSEEvent): IRStreamEvent[];
  /** Upstream closed: emit what is needed to close (or an error event when the stream was cut). */
  end(): IRStreamEvent[];
}

export interface StreamEncoder {
  /** Encode IR events into the client protocol's SSE text, enforcing its event grammar. */
  push(event: IRStreamEvent): string;
  /** Close the stream properly if it is not closed yet. */
  finish(): string;
  /** Terminate with the protocol's error event (Anthropic `error`, chat error chunk, `response.failed`). */
  fail(error: IRErrorInfo): string;
  /** True once the protocol's proper end was written. */
  readonly closed: boolean;
}

export interface Codec {
  readonly protocol: Protocol;
  /** Throws SwitchyardError('invalid_request') with a message naming the field. */
  decodeRequest(body: unknown): IRRequest;
  encodeRequest(req: IRRequest, lane: LaneOptions): Record<string, unknown>;
  decodeResponse(body: unknown): IRResponse;
  encodeResponse(res: IRResponse, ctx: ClientContext): Record<string, unknown>;
  createStreamDecoder(): StreamDecoder;
  createStreamEncoder(ctx: ClientContext): StreamEncoder;
  /** Non-stream error body in this protocol. */
  encodeError(error: IRErrorInfo & { status: number }): Record<string, unknown>;
  /** Upstream error body in this protocol → IR error info. */
  decodeError(status: number, body: unknown): IRErrorInfo;
}
