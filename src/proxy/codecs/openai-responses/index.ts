/**
 * The OpenAI Responses codec (`POST /v1/responses`): what Codex CLI speaks, and the protocol
 * of Responses lanes.
 */
import type { Codec } from '../codec';
import { decodeResponsesError, encodeResponsesError } from './errors';
import { decodeResponsesRequest } from './request-decode';
import { encodeResponsesRequest } from './request-encode';
import { decodeResponsesResponse, encodeResponsesResponse } from './response';
import { ResponsesStreamDecoder } from './stream-decoder';
import { ResponsesStreamEncoder } from './stream-encoder';

export const openaiResponsesCodec: Codec = {
  protocol: 'openai-responses',
  decodeRequest: decodeResponsesRequest,
  encodeRequest: encodeResponsesRequest,
  decodeResponse: decodeResponsesResponse,
  encodeResponse: encodeResponsesResponse,
  createStreamDecoder: () => new ResponsesStreamDecoder(),
  createStreamEncoder: (ctx) => new ResponsesStreamEncoder(ctx),
  encodeError: encodeResponsesError,
  decodeError: decodeResponsesError,
};

export { errorCodeFor } from './errors';
