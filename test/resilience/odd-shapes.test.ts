/**
 * Valid JSON with odd shapes where the proxy looks inside a request (null or mistyped
 * messages, content blocks, tools, tool choices, system prompts, metadata, thinking,
 * reasoning, stop sequences...), sent on every inbound protocol to a passthrough and a
 * conversion lane. Whatever the shape, the answer is never a 500 of the proxy's own: it is
 * the upstream's answer, or a 4xx in the client's protocol, and the proxy keeps serving.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Protocol } from '../../src/shared/ir';
import {
  CONVERSION_MODEL,
  PASSTHROUGH_MODEL,
  PROTOCOLS,
  bodyFor,
  errorShape,
  headersFor,
  send,
  startProxy,
  type ProxyHarness,
} from './support';
import { startTestHost, type TestHost } from './host-support';

let h: ProxyHarness;
beforeAll(async () => {
  h = await startProxy();
});
afterAll(async () => h?.close());

const odd = fc.oneof(
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.constant([null]),
  fc.constant([{}]),
  fc.constant(['x']),
  fc.constant([42]),
  fc.constant([[]]),
  fc.integer(),
  fc.string({ maxLength: 4 }),
  fc.boolean(),
  fc.jsonValue({ maxDepth: 3 }),
);
/** A content block (or item) whose fields are odd. */
const oddBlock = fc.record(
  {
    type: fc.oneof(
      fc.constantFrom(
        'text',
        'image',
        'tool_use',
        'tool_result',
        'thinking',
        'redacted_thinking',
        'input_text',
        'input_image',
        'image_url',
      ),
      fc.constantFrom('function_call', 'function_call_output', 'reasoning', 'message', 'output_text', 'document', 'server_tool_use'),
      odd,
    ),
    text: odd,
    content: odd,
    source: odd,
    image_url: odd,
    input: odd,
    id: odd,
    name: odd,
    arguments: odd,
    output: odd,
    tool_use_id: odd,
    call_id: odd,
    thinking: odd,
    signature: odd,
    summary: odd,
    role: odd,
    is_error: odd,
  },
  { requiredKeys: [] },
);
const oddMessage = fc.record(
  {
    role: fc.oneof(fc.constantFrom('user', 'assistant', 'system', 'developer', 'tool'), odd),
    content: fc.oneof(odd, fc.array(fc.oneof(oddBlock, odd), { maxLength: 3 })),
    tool_calls: fc.oneof(
      odd,
      fc.array(fc.oneof(fc.record({ id: odd, type: odd, function: fc.oneof(odd, fc.record({ name: odd, arguments: odd })) }), odd), {
        maxLength: 2,
      }),
    ),
    tool_call_id: odd,
    reasoning_content: odd,
    name: odd,
  },
  { requiredKeys: [] },
);
const oddTool = fc.oneof(
  odd,
  fc.record(
    {
      type: fc.oneof(fc.constantFrom('function', 'custom', 'web_search_20250305'), odd),
      name: odd,
      description: odd,
      input_schema: odd,
      parameters: odd,
      function: fc.oneof(odd, fc.record({ name: odd, parameters: odd })),
    },
    { requiredKeys: [] },
  ),
);
/** Fields to overwrite in an otherwise valid body. */
const oddFields = fc.record(
  {
    messages: fc.oneof(odd, fc.array(fc.oneof(oddMessage, odd), { maxLength: 3 })),
    input: fc.oneof(odd, fc.array(fc.oneof(oddBlock, oddMessage, odd), { maxLength: 3 })),
    system: fc.oneof(odd, fc.array(fc.oneof(oddBlock, odd), { maxLength: 2 })),
    instructions: odd,
    tools: fc.oneof(odd, fc.array(oddTool, { maxLength: 2 })),
    tool_choice: odd,
    metadata: odd,
    thinking: odd,
    reasoning: odd,
    reasoning_effort: odd,
    stop: odd,
    stop_sequences: odd,
    max_tokens: odd,
    max_completion_tokens: odd,
    max_output_tokens: odd,
    temperature: odd,
    stream_options: odd,
    parallel_tool_calls: odd,
    output_config: odd,
    user: odd,
  },
  { requiredKeys: [] },
);

const lanes: Array<[Protocol, 'passthrough' | 'conversion', string]> = PROTOCOLS.flatMap(
  (p): Array<[Protocol, 'passthrough' | 'conversion', string]> => [
    [p, 'passthrough', PASSTHROUGH_MODEL[p]],
    [p, 'conversion', CONVERSION_MODEL[p]],
  ],
);

describe.each(lanes)('%s → %s lane: odd shapes inside a valid JSON body', (protocol, _kind, model) => {
  it('never get a 500 from the proxy; errors are in the client protocol; the proxy keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(oddFields, fc.boolean(), async (fields, stream) => {
        const body = { ...bodyFor(protocol, model, 'odd', stream), ...fields, model };
        const res = await send(h.url, protocol, body);
        if (res.status >= 400) {
          expect(res.status, `${res.status} for ${JSON.stringify(body)}: ${res.text.slice(0, 300)}`).not.toBe(500);
          // a 4xx/5xx answer is an error body in the client's protocol (proxy's or upstream's)
          if (!res.headers.get('content-type')?.includes('text/event-stream'))
            expect(errorShape(protocol, res.text), `not a ${protocol} error: ${res.text.slice(0, 300)}`).toBeDefined();
        }
      }),
      { numRuns: Number(process.env.ODD_RUNS ?? 60) },
    );
    const ok = await send(h.url, protocol, bodyFor(protocol, PASSTHROUGH_MODEL[protocol], 'still there?'));
    expect(ok.status).toBe(200);
  }, 120_000);
});

// ------------------------------------------------------------------ odd upstream answers

/** An upstream that answers every request with what the test put in `next`. */
async function rawUpstream(): Promise<{ url: string; next: { status: number; type: string; body: string }; close(): Promise<void> }> {
  const state = { next: { status: 200, type: 'application/json', body: '{}' } };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(state.next.status, { 'content-type': state.next.type });
      res.end(state.next.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get next() {
      return state.next;
    },
    set next(v) {
      state.next = v;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const oddAnswerJson: Record<Protocol, fc.Arbitrary<unknown>> = {
  anthropic: fc.record(
    {
      type: fc.oneof(fc.constant('message'), odd),
      id: odd,
      role: odd,
      content: fc.oneof(odd, fc.array(fc.oneof(oddBlock, odd), { maxLength: 3 })),
      stop_reason: fc.oneof(fc.constantFrom('end_turn', 'tool_use', 'max_tokens', 'refusal'), odd),
      usage: fc.oneof(odd, fc.record({ input_tokens: odd, output_tokens: odd, cache_read_input_tokens: odd }, { requiredKeys: [] })),
    },
    { requiredKeys: [] },
  ),
  'openai-chat': fc.record(
    {
      id: odd,
      object: odd,
      choices: fc.oneof(
        odd,
        fc.array(
          fc.oneof(
            odd,
            fc.record(
              {
                index: odd,
                message: fc.oneof(
                  odd,
                  fc.record(
                    {
                      role: odd,
                      content: odd,
                      tool_calls: fc.oneof(
                        odd,
                        fc.array(
                          fc.oneof(
                            odd,
                            fc.record({ id: odd, type: odd, function: fc.oneof(odd, fc.record({ name: odd, arguments: odd })) }),
                          ),
                          { maxLength: 2 },
                        ),
                      ),
                      reasoning_content: odd,
                      refusal: odd,
                    },
                    { requiredKeys: [] },
                  ),
                ),
                finish_reason: fc.oneof(fc.constantFrom('stop', 'length', 'tool_calls', 'content_filter'), odd),
              },
              { requiredKeys: [] },
            ),
          ),
          { maxLength: 2 },
        ),
      ),
      usage: fc.oneof(odd, fc.record({ prompt_tokens: odd, completion_tokens: odd, prompt_tokens_details: odd }, { requiredKeys: [] })),
    },
    { requiredKeys: [] },
  ),
  'openai-responses': fc.record(
    {
      id: odd,
      object: odd,
      status: fc.oneof(fc.constantFrom('completed', 'incomplete', 'failed'), odd),
      output: fc.oneof(odd, fc.array(fc.oneof(oddBlock, odd), { maxLength: 3 })),
      usage: fc.oneof(odd, fc.record({ input_tokens: odd, output_tokens: odd, input_tokens_details: odd }, { requiredKeys: [] })),
      incomplete_details: odd,
      error: odd,
    },
    { requiredKeys: [] },
  ),
};

/** A stream of events with odd payloads (event names of the protocol, or not). */
const oddStream: Record<Protocol, fc.Arbitrary<string>> = {
  anthropic: fc
    .array(
      fc.tuple(
        fc.constantFrom(
          'message_start',
          'content_block_start',
          'content_block_delta',
          'content_block_stop',
          'message_delta',
          'message_stop',
          'ping',
          'error',
          'other',
        ),
        fc.record(
          {
            type: odd,
            index: odd,
            message: odd,
            content_block: fc.oneof(odd, oddBlock),
            delta: fc.oneof(odd, oddBlock),
            usage: odd,
            error: odd,
          },
          { requiredKeys: [] },
        ),
      ),
      { maxLength: 6 },
    )
    .map((evs) => evs.map(([name, data]) => `event: ${name}\ndata: ${JSON.stringify({ ...data, type: data.type ?? name })}\n\n`).join('')),
  'openai-chat': fc
    .array(
      fc.record(
        {
          id: odd,
          choices: fc.oneof(
            odd,
            fc.array(fc.oneof(odd, fc.record({ index: odd, delta: fc.oneof(odd, oddMessage), finish_reason: odd }, { requiredKeys: [] })), {
              maxLength: 2,
            }),
          ),
          usage: odd,
        },
        { requiredKeys: [] },
      ),
      { maxLength: 5 },
    )
    .chain((chunks) =>
      fc.boolean().map((done) => chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + (done ? 'data: [DONE]\n\n' : '')),
    ),
  'openai-responses': fc
    .array(
      fc.tuple(
        fc.constantFrom(
          'response.created',
          'response.output_item.added',
          'response.output_text.delta',
          'response.function_call_arguments.delta',
          'response.output_item.done',
          'response.completed',
          'response.failed',
          'other',
        ),
        fc.record(
          { response: odd, item: fc.oneof(odd, oddBlock), output_index: odd, item_id: odd, delta: odd, sequence_number: odd },
          { requiredKeys: [] },
        ),
      ),
      { maxLength: 6 },
    )
    .map((evs) => evs.map(([name, data]) => `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`).join('')),
};

describe('odd upstream answers, passthrough and conversion', () => {
  let up: Awaited<ReturnType<typeof rawUpstream>>;
  let p: ProxyHarness;
  const target: Record<Protocol, string> = { anthropic: 'to-anthropic', 'openai-chat': 'to-chat', 'openai-responses': 'to-responses' };
  beforeAll(async () => {
    up = await rawUpstream();
    p = await startProxy({
      yaml: () => `
providers:
  - { id: ant, protocol: anthropic, baseUrl: "${up.url}", apiKey: k-ant-odd-1234 }
  - { id: chat, protocol: openai-chat, baseUrl: "${up.url}/v1", apiKey: k-chat-odd-1234 }
  - { id: resp, protocol: openai-responses, baseUrl: "${up.url}/v1", apiKey: k-resp-odd-1234 }
routes:
  - { name: to-anthropic, provider: ant, model: m }
  - { name: to-chat, provider: chat, model: m }
  - { name: to-responses, provider: resp, model: m }
`,
    });
  });
  afterAll(async () => {
    await p?.close();
    await up?.close();
  });

  // Same protocol too: a passthrough lane's observer (usage, the stream's end) reads the same events.
  const pairs = PROTOCOLS.flatMap((inbound) => PROTOCOLS.map((upstream) => [inbound, upstream] as [Protocol, Protocol]));
  it.each(pairs)(
    '%s client, %s upstream: never a 500 of the proxy, streamed or not',
    async (inbound, upstream) => {
      await fc.assert(
        fc.asyncProperty(fc.boolean(), oddAnswerJson[upstream], oddStream[upstream], async (stream, json, sse) => {
          up.next = stream
            ? { status: 200, type: 'text/event-stream', body: sse }
            : { status: 200, type: 'application/json', body: JSON.stringify(json) };
          const res = await send(p.url, inbound, bodyFor(inbound, target[upstream], 'odd answer', stream));
          expect(res.status, `${res.status}: ${res.text.slice(0, 300)} for ${up.next.body.slice(0, 300)}`).not.toBe(500);
          if (res.status >= 400) expect(errorShape(inbound, res.text), `not a ${inbound} error: ${res.text.slice(0, 300)}`).toBeDefined();
        }),
        { numRuns: Number(process.env.ODD_RUNS ?? 60) },
      );
      up.next = { status: 200, type: 'application/json', body: '{}' };
    },
    120_000,
  );
});

describe('count_tokens: odd shapes', () => {
  it.each([
    ['forwarded (Anthropic lane)', PASSTHROUGH_MODEL.anthropic],
    ['estimated locally (other lanes)', CONVERSION_MODEL.anthropic],
  ])(
    '%s: never a 500 of the proxy',
    async (_name, model) => {
      await fc.assert(
        fc.asyncProperty(oddFields, async (fields) => {
          const body = { ...bodyFor('anthropic', model, 'count me'), ...fields, model };
          const res = await fetch(`${h.url}/v1/messages/count_tokens`, {
            method: 'POST',
            headers: headersFor('anthropic'),
            body: JSON.stringify(body),
          });
          const text = await res.text();
          expect(res.status, `${res.status} for ${JSON.stringify(body)}: ${text.slice(0, 300)}`).not.toBe(500);
          if (res.status >= 400) expect(errorShape('anthropic', text)).toBeDefined();
          else expect(typeof (JSON.parse(text) as { input_tokens: unknown }).input_tokens).toBe('number');
        }),
        { numRuns: Number(process.env.ODD_RUNS ?? 60) },
      );
    },
    120_000,
  );
});

describe('odd header values', () => {
  // Printable latin1 (what an HTTP header can carry), long values, path-like and empty ones.
  const value = fc.oneof(
    fc.constantFrom('', ' ', '..', '../../etc/passwd', '%00', 'null', '{}', 'x'.repeat(8000)),
    fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
    fc.string({ unit: fc.integer({ min: 0xa0, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
  );
  const names = [
    'x-claude-code-session-id',
    'x-claude-code-agent-id',
    'anthropic-beta',
    'anthropic-version',
    'originator',
    'session_id',
    'conversation_id',
    'user-agent',
    'x-switchyard-session',
    'content-type',
    'accept',
  ];
  it.each(PROTOCOLS)(
    '%s: never a 500, and the proxy keeps serving',
    async (protocol) => {
      await fc.assert(
        fc.asyncProperty(fc.dictionary(fc.constantFrom(...names), value, { maxKeys: 4 }), async (extra) => {
          const headers = { ...headersFor(protocol), ...extra };
          let res: Awaited<ReturnType<typeof send>>;
          try {
            res = await send(h.url, protocol, bodyFor(protocol, PASSTHROUGH_MODEL[protocol], 'headers'), headers);
          } catch (e) {
            // fetch itself refuses some header values (that never reach the proxy)
            if (e instanceof TypeError) return;
            throw e;
          }
          expect(res.status, `${res.status} for ${JSON.stringify(extra).slice(0, 300)}: ${res.text.slice(0, 300)}`).not.toBe(500);
        }),
        { numRuns: Number(process.env.ODD_RUNS ?? 40) },
      );
      const ok = await send(h.url, protocol, bodyFor(protocol, PASSTHROUGH_MODEL[protocol], 'still there?'));
      expect(ok.status).toBe(200);
    },
    120_000,
  );
});

describe('odd shapes through the whole host (recording on)', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(async () => host?.close());

  it('every exchange is recorded and readable, the store stays healthy', async () => {
    const sent: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...lanes), oddFields, fc.boolean(), async ([protocol, , model], fields, stream) => {
        const body = { ...bodyFor(protocol, model, 'odd', stream), ...fields, model };
        const res = await send(host.url, protocol, body, { ...headersFor(protocol), authorization: `Bearer ${host.token}` });
        expect(res.status).not.toBe(500);
        const id = res.headers.get('x-switchyard-exchange-id');
        if (id) sent.push(id);
      }),
      { numRuns: Number(process.env.ODD_RUNS ?? 40) },
    );
    const store = host.app.ctx.store!;
    await store.flush();
    const status = store.status();
    expect(status.degraded).toBeUndefined();
    expect(status.droppedEvents).toBe(0);
    for (const id of sent) expect(store.getExchange(id).id).toBe(id);
    // Sessions list, search and export still work over what was recorded.
    const list = await host.api('sessions:list', {});
    expect(list.status).toBe(200);
    expect(list.body.result.total).toBeGreaterThan(0);
    const first = list.body.result.sessions[0].id as string;
    for (const format of ['jsonl', 'html']) expect((await host.api('sessions:export', { id: first, format })).status, format).toBe(200);
    // Every session renders (its conversation is decoded from the odd bodies).
    const all = await host.api('sessions:list', { limit: 1000 });
    for (const s of all.body.result.sessions as Array<{ id: string }>)
      expect((await host.api('sessions:get', { id: s.id })).status, s.id).toBe(200);
    for (const id of sent.slice(0, 50)) expect((await host.api('exchanges:get', { id })).status, id).toBe(200);
    expect((await host.api('sessions:search', { text: 'odd' })).status).toBe(200);
  }, 120_000);
});
