import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EscapeCache, LONG_STRING, stringifyBody } from './json-out';

/** Long strings with the characters JSON must escape (quotes, backslashes, controls, non-ASCII, lone surrogates). */
const longString = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
      fc.constantFrom('"', '\\', '\n', '\u0000', '\u2028', '\ud800', 'é', '😀'),
    ),
    {
      minLength: 60,
      maxLength: 200,
    },
  )
  .map((parts) => parts.join('').padEnd(LONG_STRING, 'x'));

const jsonValue = (pool: fc.Arbitrary<string>) =>
  fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      pool,
      fc.string(),
      fc.integer(),
      fc.double({ noNaN: false }),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(fc.oneof(fc.string(), pool), tie('value'), { maxKeys: 5 }),
    ),
  })).value;

describe('stringifyBody', () => {
  it('is exactly JSON.stringify, for any JSON-ish value, with long strings repeating across calls', () => {
    const cache = new EscapeCache(20_000); // small: eviction runs too
    fc.assert(
      fc.property(fc.array(longString, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 3 }), (longs, rounds) => {
        const pool = fc.constantFrom(...longs);
        const values = fc.sample(jsonValue(pool), { numRuns: 3 });
        for (let r = 0; r < rounds; r++) for (const v of values) expect(stringifyBody(v, cache)).toBe(JSON.stringify(v));
      }),
      { numRuns: 150 },
    );
  });

  it('reuses the escaped form of a string seen before, and only for the identical string', () => {
    const cache = new EscapeCache();
    const system = `You are Claude Code.\n${'Use the tools "carefully".\n'.repeat(40)}`;
    const body = (s: string) => ({
      model: 'gpt-x',
      messages: [
        { role: 'system', content: s },
        { role: 'user', content: 'hi' },
      ],
    });
    expect(stringifyBody(body(system), cache)).toBe(JSON.stringify(body(system)));
    expect(cache.misses).toBe(1);
    // A fresh copy of the same text (as a new request's JSON.parse makes) hits.
    const copy = JSON.parse(JSON.stringify(system)) as string;
    expect(stringifyBody(body(copy), cache)).toBe(JSON.stringify(body(copy)));
    expect(cache.hits).toBe(1);
    // Same length and same ends, different middle: never mistaken for the cached one.
    const twin = `${system.slice(0, 200)}X${system.slice(201)}`;
    expect(twin.length).toBe(system.length);
    expect(stringifyBody(body(twin), cache)).toBe(JSON.stringify(body(twin)));
    expect(cache.misses).toBe(2);
  });

  it('stays within its size bound', () => {
    const cache = new EscapeCache(50_000);
    for (let i = 0; i < 200; i++) stringifyBody({ text: `${i} `.padEnd(2_000, 'y') }, cache);
    expect(cache.cachedChars).toBeLessThanOrEqual(50_000);
    expect(cache.size).toBeGreaterThan(0);
  });

  it('leaves strings that look like markers alone', () => {
    const v = { a: '\u0000', b: ['\u0000sy-0000000000000000', 'z'.repeat(LONG_STRING)], '\u0000': 1 };
    expect(stringifyBody(v)).toBe(JSON.stringify(v));
  });
});
