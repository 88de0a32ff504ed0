/** Unit tests of the helpers every codec shares. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budgetToEffort, DEFAULT_EFFORT_TABLE, effortToBudget, parseEffort } from '../../src/proxy/codecs/shared/effort';
import { imageSourceFromUrl, imageSourceToUrl } from '../../src/proxy/codecs/shared/images';
import { cleanToolSchema } from '../../src/proxy/codecs/shared/schema-clean';
import {
  anthropicToIRUsage,
  chatToIRUsage,
  completeUsage,
  irToAnthropicUsage,
  irToChatUsage,
  irToResponsesUsage,
  responsesToIRUsage,
} from '../../src/proxy/codecs/shared/usage';
import { createToolNameMap, decodeRequest, encodeRequest, estimateInputTokens } from '../../src/proxy/translate';
import { fixtureJson, laneFor } from './helpers';

describe('tool name map', () => {
  it('keeps valid names and maps long or invalid ones to a stable ≤ 64-char name and back', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), (name) => {
        const a = createToolNameMap(64);
        const b = createToolNameMap(64);
        const up = a.toUpstream(name);
        expect(up).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
        expect(b.toUpstream(name)).toBe(up); // deterministic across exchanges
        expect(a.toClient(up)).toBe(name);
        if (name.length <= 64 && /^[a-zA-Z0-9_-]+$/.test(name)) expect(up).toBe(name);
      }),
    );
  });

  it('gives distinct long names distinct upstream names', () => {
    const m = createToolNameMap(64);
    const base = 'mcp__server__' + 'y'.repeat(70);
    expect(m.toUpstream(base + 'a')).not.toBe(m.toUpstream(base + 'b'));
  });
});

describe('schema cleaning', () => {
  it('drops $schema and additionalProperties, turns const into enum, never mutates the input', () => {
    const schema = {
      $schema: 'x',
      type: 'object',
      additionalProperties: false,
      properties: {
        kind: { const: 'a' },
        nested: { type: 'object', additionalProperties: { type: 'string' }, properties: { const: { type: 'number' } } },
        list: { type: 'array', items: [{ const: 1, enum: [1, 2] }] },
      },
    };
    const before = JSON.stringify(schema);
    expect(cleanToolSchema(schema)).toEqual({
      type: 'object',
      properties: {
        kind: { enum: ['a'] },
        nested: { type: 'object', properties: { const: { type: 'number' } } },
        list: { type: 'array', items: [{ enum: [1, 2] }] },
      },
    });
    expect(JSON.stringify(schema)).toBe(before);
    const clean = { type: 'object', properties: { a: { type: 'string' } } };
    expect(cleanToolSchema(clean)).toBe(clean); // untouched trees are shared, not copied
  });
});

describe('effort table', () => {
  it('maps budgets to efforts and back with defaults and overrides', () => {
    expect(budgetToEffort(1024)).toBe('minimal');
    expect(budgetToEffort(4000)).toBe('low');
    expect(budgetToEffort(10000)).toBe('medium');
    expect(budgetToEffort(32000)).toBe('high');
    expect(budgetToEffort(100000)).toBe('xhigh');
    expect(effortToBudget('high')).toBe(DEFAULT_EFFORT_TABLE.high);
    expect(budgetToEffort(10000, { medium: 8000 })).toBe('high');
    expect(effortToBudget('low', { low: 2000 })).toBe(2000);
    expect(parseEffort('max')).toBe('xhigh');
    expect(parseEffort('bogus')).toBeUndefined();
  });

  it('budget → effort → budget never lowers the effort', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1024, max: 65536 }), (b) => {
        expect(effortToBudget(budgetToEffort(b))).toBeGreaterThanOrEqual(b);
      }),
    );
  });

  it('a configured table changes what a chat lane is asked for', () => {
    const ir = decodeRequest('anthropic', {
      model: 'm',
      max_tokens: 50000,
      thinking: { type: 'enabled', budget_tokens: 20000 },
      messages: [{ role: 'user', content: 'hi' }],
    });
    const lane = laneFor('openai-chat', { thinking: true });
    expect(encodeRequest('openai-chat', ir, lane).reasoning_effort).toBe('high');
    expect(encodeRequest('openai-chat', ir, { ...lane, effortTable: { medium: 24000 } }).reasoning_effort).toBe('medium');
  });
});

describe('usage conversion', () => {
  const usageArb = fc.record({
    inputTokens: fc.nat(1e6),
    outputTokens: fc.nat(1e5),
    cacheReadTokens: fc.nat(1e6),
    cacheWriteTokens: fc.nat(1e5),
  });
  it('Anthropic input excludes cache; OpenAI prompt tokens include it', () => {
    expect(irToChatUsage({ inputTokens: 10, outputTokens: 5, cacheReadTokens: 100, cacheWriteTokens: 20 })).toMatchObject({
      prompt_tokens: 130,
      total_tokens: 135,
    });
    expect(chatToIRUsage({ prompt_tokens: 130, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 100 } })).toEqual({
      inputTokens: 30,
      outputTokens: 5,
      cacheReadTokens: 100,
      cacheWriteTokens: 0,
    });
    expect(chatToIRUsage({ prompt_tokens: 900, completion_tokens: 1, prompt_cache_hit_tokens: 640 })?.inputTokens).toBe(260);
  });
  it('round-trips through every protocol', () => {
    fc.assert(
      fc.property(usageArb, (u) => {
        expect(completeUsage(anthropicToIRUsage(irToAnthropicUsage(u)))).toEqual(u);
        expect(completeUsage(chatToIRUsage(irToChatUsage(u)))).toEqual(u);
        const r = completeUsage(responsesToIRUsage(irToResponsesUsage(u)));
        expect(r.inputTokens + r.cacheWriteTokens).toBe(u.inputTokens + u.cacheWriteTokens);
        expect([r.cacheReadTokens, r.outputTokens]).toEqual([u.cacheReadTokens, u.outputTokens]);
      }),
    );
  });
});

describe('images', () => {
  it('data URLs ↔ base64 sources', () => {
    expect(imageSourceFromUrl('data:image/webp;base64,AAAA')).toEqual({ kind: 'base64', mediaType: 'image/webp', data: 'AAAA' });
    expect(imageSourceFromUrl('https://x/y.png')).toEqual({ kind: 'url', url: 'https://x/y.png' });
    expect(imageSourceToUrl({ kind: 'base64', mediaType: 'image/png', data: 'QQ==' })).toBe('data:image/png;base64,QQ==');
  });
});

describe('input token estimate', () => {
  it('is in the right range for a Claude-Code-sized request and counts images flat', () => {
    const body = fixtureJson('anthropic-request.json');
    const n = estimateInputTokens(decodeRequest('anthropic', body));
    const textChars = JSON.stringify(body).length;
    expect(n).toBeGreaterThan(textChars / 12);
    expect(n).toBeLessThan(textChars / 2 + 2 * 1600);
    const ir = decodeRequest('anthropic', {
      model: 'm',
      messages: [
        { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'A'.repeat(100000) } }] },
      ],
    });
    expect(estimateInputTokens(ir)).toBe(1600);
  });
});

describe('request validation', () => {
  it('names the offending field', () => {
    expect(() => decodeRequest('anthropic', { model: 'm' })).toThrow(/messages/);
    expect(() => decodeRequest('anthropic', { model: 'm', messages: [{ role: 'robot', content: 'x' }] })).toThrow(/messages\.0\.role/);
    expect(() => decodeRequest('openai-chat', { messages: [] })).toThrow(/model/);
    expect(() => decodeRequest('openai-chat', { model: 'm', messages: [{ role: 'user', content: 5 }] })).toThrow(/messages\.0\.content/);
  });
});
