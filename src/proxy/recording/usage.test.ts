import { describe, expect, it } from 'vitest';
import { getCodec } from '../codecs';
import { StreamObserver, usageFromBody } from './usage';

describe('passthrough usage', () => {
  it('maps a Chat body with DeepSeek cache hits like the Chat codec does', () => {
    const body = {
      id: 'c1',
      object: 'chat.completion',
      model: 'deepseek-chat',
      choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 100, completion_tokens: 5, prompt_cache_hit_tokens: 60 },
    };
    const recorded = usageFromBody('openai-chat', body);
    expect(recorded).toEqual({ inputTokens: 40, outputTokens: 5, cacheReadTokens: 60, cacheWriteTokens: 0 });
    expect(recorded).toEqual(getCodec('openai-chat').decodeResponse(body).usage);
  });

  it('accumulates Anthropic stream usage from message_start and message_delta', () => {
    const obs = new StreamObserver('anthropic');
    const sse = (e: string, d: unknown) => `event: ${e}\ndata: ${JSON.stringify(d)}\n\n`;
    obs.push(
      Buffer.from(
        sse('message_start', {
          type: 'message_start',
          message: { usage: { input_tokens: 12, cache_read_input_tokens: 30, output_tokens: 1 } },
        }) +
          sse('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 9 } }) +
          sse('message_stop', { type: 'message_stop' }),
      ),
    );
    obs.end();
    expect(obs.usage).toEqual({ inputTokens: 12, outputTokens: 9, cacheReadTokens: 30, cacheWriteTokens: 0 });
  });
});
