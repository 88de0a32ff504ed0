/** The Anthropic Messages codec (/v1/messages). */
import type { Codec } from '../codec';
import { decodeAnthropicRequest } from './request-decode';
import { encodeAnthropicRequest } from './request-encode';
import { decodeAnthropicError, decodeAnthropicResponse, encodeAnthropicError, encodeAnthropicResponse } from './response';
import { createAnthropicStreamDecoder } from './stream-decoder';
import { createAnthropicStreamEncoder } from './stream-encoder';

export const anthropicCodec: Codec = {
  protocol: 'anthropic',
  decodeRequest: decodeAnthropicRequest,
  encodeRequest: encodeAnthropicRequest,
  decodeResponse: decodeAnthropicResponse,
  encodeResponse: encodeAnthropicResponse,
  createStreamDecoder: createAnthropicStreamDecoder,
  createStreamEncoder: createAnthropicStreamEncoder,
  encodeError: encodeAnthropicError,
  decodeError: decodeAnthropicError,
};
