import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OPENAI_KEY, auth, messagesBody, post, sseEvents, startHarness, waitFor, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());
beforeEach(() => {
  h.mock.reset();
  h.events.length = 0;
});

const globTool = {
  name: 'Glob',
  description: 'find files',
  input_schema: { type: 'object', properties: { pattern: { type: 'string' } }, required: ['pattern'] },
};

describe('conversion lanes', () => {
  it('Claude Code → OpenAI Chat lane: stream converted to Anthropic events, tool call included', async () => {
    const res = await post(`${h.url}/v1/messages?beta=true`, messagesBody('oai/gpt-mock-1', { stream: true, tools: [globTool] }));
    expect(res.status).toBe(200);
    const up = h.mock.requests[0]!;
    expect(up.path).toBe('/v1/chat/completions');
    expect(up.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(up.body?.model).toBe('gpt-mock-1');
    const events = sseEvents(res.text);
    expect(events[0]!.event).toBe('message_start');
    expect(events.at(-1)!.event).toBe('message_stop');
    const start = events.find((e) => e.event === 'content_block_start' && e.data.includes('tool_use'));
    expect(JSON.parse(start!.data).content_block.name).toBe('Glob');
    expect(JSON.parse(events.find((e) => e.event === 'message_delta')!.data).delta.stop_reason).toBe('tool_use');
    await waitFor(() => h.events.some((e) => e.type === 'end'));
    const types = h.events.map((e) => e.type);
    expect(types).toContain('client_chunk');
    const end = h.events.at(-1)!;
    expect(end.type === 'end' && end.partial).toBe(false);
    expect(end.type === 'end' && end.usage?.outputTokens).toBeGreaterThan(0);
  });

  it('Claude Code → OpenAI Chat lane: JSON answer converted to an Anthropic message', async () => {
    const res = await post(`${h.url}/v1/messages`, messagesBody('oai/gpt-mock-1'));
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text);
    expect(body.type).toBe('message');
    expect(body.model).toBe('oai/gpt-mock-1');
    expect(body.content[0]).toMatchObject({ type: 'text', text: 'Hello from the Switchyard mock upstream.' });
  });

  it('Codex (Responses) → Anthropic lane: stream ends with response.completed', async () => {
    const res = await post(
      `${h.url}/v1/responses`,
      {
        model: 'anthropic/claude-x',
        input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }],
        stream: true,
        store: false,
      },
      auth,
    );
    expect(res.status).toBe(200);
    expect(h.mock.requests[0]!.path).toBe('/v1/messages');
    const events = sseEvents(res.text);
    expect(events.at(-1)!.event).toBe('response.completed');
    expect(events.some((e) => e.event === 'response.output_item.done')).toBe(true);
  });

  it('converts an upstream error into the client protocol', async () => {
    h.mock.enqueue('error:400,message:bad thing');
    const res = await post(`${h.url}/v1/messages`, messagesBody('oai/gpt-mock-1'));
    expect(res.status).toBe(400);
    const body = JSON.parse(res.text);
    expect(body.type).toBe('error');
    expect(body.error.message).toContain('bad thing');
  });

  it('a mid-stream drop on a conversion lane ends with the client protocol error event', async () => {
    h.mock.enqueue('drop:3');
    const res = await post(`${h.url}/v1/messages`, messagesBody('oai/gpt-mock-1', { stream: true }));
    const events = sseEvents(res.text);
    expect(events.at(-1)!.event).toBe('error');
  });
});
