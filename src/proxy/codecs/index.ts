/** Codec registry: one codec per wire format. */
import type { Protocol } from '../../shared/ir';
import type { Codec } from './codec';
import { anthropicCodec } from './anthropic';
import { openaiChatCodec } from './openai-chat';
import { openaiResponsesCodec } from './openai-responses';

const CODECS: Record<Protocol, Codec> = {
  anthropic: anthropicCodec,
  'openai-chat': openaiChatCodec,
  'openai-responses': openaiResponsesCodec,
};

export function getCodec(protocol: Protocol): Codec {
  return CODECS[protocol];
}

export { anthropicCodec, openaiChatCodec, openaiResponsesCodec };
export { createToolNameMap, identityToolNames } from './shared/tool-names';
