/** The OpenAI Chat Completions codec (/v1/chat/completions). */
import type { Codec } from '../codec';
import { decodeChatRequest, encodeChatRequest } from './request';
import { decodeChatError, decodeChatResponse, encodeChatError, encodeChatResponse } from './response';
import { createChatStreamDecoder } from './stream-decoder';
import { createChatStreamEncoder } from './stream-encoder';

export const openaiChatCodec: Codec = {
  protocol: 'openai-chat',
  decodeRequest: decodeChatRequest,
  encodeRequest: encodeChatRequest,
  decodeResponse: decodeChatResponse,
  encodeResponse: encodeChatResponse,
  createStreamDecoder: createChatStreamDecoder,
  createStreamEncoder: createChatStreamEncoder,
  encodeError: encodeChatError,
  decodeError: decodeChatError,
};
