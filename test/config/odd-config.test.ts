/**
 * Any config text (YAML of any shape, including near-misses of the real keys) either loads
 * or is refused with a config error that names the problem; loading never trips over a
 * shape (a TypeError would take down a config reload or the start-up).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfigText, resolveConfig } from '../../src/main/services/config/load';
import { isSwitchyardError } from '../../src/shared/errors';

const leaf = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -5, max: 70000 }),
  fc.boolean(),
  fc.constantFrom('', 'x', 'ENV:NOPE', 'ENV:HOME', 'anthropic', 'openai-chat', 'http://127.0.0.1:1', 'a/b', 'a b'),
  fc.constant([]),
  fc.constant({}),
);
const some = <T>(a: fc.Arbitrary<T>) => fc.oneof(leaf, a);
const provider = fc.record(
  {
    id: some(fc.constantFrom('a', 'b', 'a b')),
    protocol: some(fc.constantFrom('anthropic', 'openai-chat', 'openai-responses')),
    baseUrl: leaf,
    apiKey: leaf,
    headers: some(fc.dictionary(fc.string({ maxLength: 3 }), leaf)),
    models: some(fc.array(leaf)),
    timeouts: some(fc.dictionary(fc.constantFrom('connectMs', 'idleMs', 'x'), leaf)),
    enabled: leaf,
  },
  { requiredKeys: [] },
);
const config = fc.record(
  {
    server: some(
      fc.record(
        { port: leaf, host: leaf, tokens: some(fc.array(leaf)), allowedOrigins: some(fc.array(leaf)), bodyLimitMb: leaf },
        { requiredKeys: [] },
      ),
    ),
    providers: some(fc.array(some(provider), { maxLength: 3 })),
    routes: some(
      fc.array(
        some(
          fc.record(
            { name: leaf, provider: some(fc.constantFrom('a', 'b')), model: leaf, fallback: some(fc.array(leaf)) },
            { requiredKeys: [] },
          ),
        ),
        { maxLength: 3 },
      ),
    ),
    slots: some(
      fc.dictionary(
        fc.constantFrom('claude-code', 'codex', 'x'),
        some(fc.dictionary(fc.constantFrom('opus', 'sonnet', 'default', 'x'), leaf)),
      ),
    ),
    routing: some(
      fc.dictionary(
        fc.constantFrom('background', 'think', 'longContext', 'active', 'effortTable', 'x'),
        some(fc.dictionary(fc.constantFrom('target', 'thresholdTokens', 'claude-code', 'low'), leaf)),
      ),
    ),
    recording: some(fc.dictionary(fc.constantFrom('enabled', 'trajectoryDir', 'retention', 'queueLimit'), leaf)),
    prices: some(fc.dictionary(fc.string({ maxLength: 4 }), some(fc.dictionary(fc.constantFrom('input', 'output'), leaf)))),
  },
  { requiredKeys: [] },
);

describe('config text of any shape', () => {
  it('loads, or is refused with a config error naming the problem', () => {
    fc.assert(
      fc.property(fc.oneof(config, fc.jsonValue({ maxDepth: 3 })), (value) => {
        // JSON is YAML: every generated value is a syntactically valid config file.
        const text = JSON.stringify(value);
        try {
          const { config: c } = parseConfigText(text, 'odd.yaml');
          resolveConfig(c, { HOME: '/home/x' }, 1);
        } catch (e) {
          expect(isSwitchyardError(e), `not a config error: ${String(e)} for ${text}`).toBe(true);
          if (isSwitchyardError(e)) {
            expect(e.code).toMatch(/^config_/);
            expect(e.message.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });
});
