/**
 * Golden transcripts: the exact Responses stream Codex receives for fixed IR input (random ids
 * and timestamps normalized). Review the .sse files to see what Codex reads.
 */
import { describe, expect, it } from 'vitest';
import type { IRStreamEvent } from '../../../src/shared/ir';
import { checkResponsesStream } from '../grammar/responses';
import { clientCtx, decodeSSEBytes, encodeIR, fixtureText, parseSSE } from './helpers';

function normalize(sse: string): string {
  let n = 0;
  const seen = new Map<string, string>();
  return sse
    .replace(/\b(resp|msg|fc|rs|ctc|call)_[0-9a-f]{24}\b/g, (m, p: string) => {
      if (!seen.has(m)) seen.set(m, `${p}_GEN${n++}`);
      return seen.get(m)!;
    })
    .replace(/"created_at":\d+/g, '"created_at":0');
}

const chatLaneTurn: IRStreamEvent[] = [
  { type: 'start', id: 'chatcmpl-42', model: 'deepseek-chat' },
  { type: 'block_start', index: 0, block: { type: 'thinking', provenance: 'openai-chat' } },
  { type: 'thinking_delta', index: 0, text: 'The user wants the tests run.' },
  { type: 'block_stop', index: 0 },
  { type: 'block_start', index: 1, block: { type: 'text' } },
  { type: 'text_delta', index: 1, text: 'Running ' },
  { type: 'text_delta', index: 1, text: 'them now.' },
  { type: 'block_stop', index: 1 },
  { type: 'block_start', index: 2, block: { type: 'tool_use', id: 'call_0', name: 'shell_command' } },
  { type: 'tool_input_delta', index: 2, partialJson: '{"command":"npm' },
  { type: 'tool_input_delta', index: 2, partialJson: ' test"}' },
  { type: 'block_stop', index: 2 },
  { type: 'block_start', index: 3, block: { type: 'tool_use', id: 'call_1', name: 'apply_patch' } },
  { type: 'tool_input_delta', index: 3, partialJson: '{"input":"*** Begin Patch\\n*** End Patch\\n"}' },
  { type: 'block_stop', index: 3 },
  { type: 'usage', usage: { inputTokens: 1200, cacheReadTokens: 800, outputTokens: 64, reasoningTokens: 10 } },
  { type: 'stop', stopReason: 'tool_use' },
  { type: 'end' },
];

describe('golden Codex-facing transcripts', () => {
  it('chat-lane turn with reasoning, text, a function call and a freeform apply_patch call', async () => {
    const sse = encodeIR(chatLaneTurn, clientCtx([{ name: 'apply_patch', inputSchema: {}, custom: {} }]));
    expect(checkResponsesStream(parseSSE(sse))).toEqual([]);
    await expect(normalize(sse)).toMatchFileSnapshot('fixtures/golden/codex-from-chat-lane.sse');
  });

  it('Responses-lane transcript re-encoded for the client', async () => {
    const bytes = new TextEncoder().encode(fixtureText('upstream-stream.sse'));
    const sse = encodeIR(decodeSSEBytes(bytes, 13), clientCtx());
    expect(checkResponsesStream(parseSSE(sse))).toEqual([]);
    await expect(normalize(sse)).toMatchFileSnapshot('fixtures/golden/codex-from-responses-lane.sse');
  });

  it('mid-stream rate limit becomes response.failed', async () => {
    const sse = encodeIR([
      ...chatLaneTurn.slice(0, 6),
      { type: 'error', error: { type: 'rate_limit_error', message: 'Rate limited. Please try again in 2s.', status: 429 } },
    ]);
    expect(checkResponsesStream(parseSSE(sse))).toEqual([]);
    await expect(normalize(sse)).toMatchFileSnapshot('fixtures/golden/codex-rate-limited.sse');
  });
});
