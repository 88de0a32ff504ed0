import fc from 'fast-check';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { configureClaudeSettings, unconfigureClaudeSettings } from '../../src/main/services/integrations/claude-code';
import { configureCodexConfig, unconfigureCodexConfig } from '../../src/main/services/integrations/codex';
import { parseJsonText } from '../../src/main/services/integrations/json-text';

const target = { proxyUrl: 'http://127.0.0.1:18080', token: 'sy_prop_token_0123456789' };
const key = fc
  .string({ minLength: 1, maxLength: 8 })
  .filter((k) => !k.startsWith('ANTHROPIC') && k !== 'API_TIMEOUT_MS' && k !== '__proto__');
const leaf = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null));
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(key, tie('value'), { maxKeys: 3 })),
})).value;
const settings = fc.record({
  base: fc.dictionary(key, jsonValue, { maxKeys: 5 }),
  env: fc.option(fc.dictionary(key, fc.string({ maxLength: 6 }), { maxKeys: 3 }), { nil: undefined }),
  indent: fc.constantFrom(0, 2, 4, '\t'),
  crlf: fc.boolean(),
  trailingNewline: fc.boolean(),
});

describe('settings.json edits (property)', () => {
  it('apply changes only managed keys; restore gives back the exact bytes', () => {
    fc.assert(
      fc.property(settings, ({ base, env, indent, crlf, trailingNewline }) => {
        const obj = env === undefined ? base : { ...base, env };
        let text = JSON.stringify(obj, null, indent);
        if (crlf) text = text.replace(/\n/g, '\r\n');
        if (trailingNewline) text += crlf ? '\r\n' : '\n';
        const applied = configureClaudeSettings(text, 'settings.json', target);
        const parsed = JSON.parse(applied) as { env: Record<string, string> };
        expect(parsed.env.ANTHROPIC_BASE_URL).toBe(target.proxyUrl);
        expect(configureClaudeSettings(applied, 'settings.json', target)).toBe(applied);
        // An empty env object the user had is removed on restore; everything else is byte-exact.
        if (!(env && Object.keys(env).length === 0)) expect(unconfigureClaudeSettings(applied, 'settings.json')).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('reports the line and column of the first syntax error', () => {
    expect(() => parseJsonText('{\n  "a": [1, 2,, 3]\n}')).toThrow(expect.objectContaining({ line: 2, column: 14 }));
    expect(() => parseJsonText('\uFEFF{"a": 1}')).not.toThrow();
  });
});

describe('config.toml edits (property)', () => {
  const tomlKey = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/).filter((k) => k !== 'model_provider' && k !== 'model_providers');
  const tomlLeaf = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean());
  const config = fc.record({
    top: fc.dictionary(tomlKey, tomlLeaf, { maxKeys: 3 }),
    tables: fc.dictionary(tomlKey, fc.dictionary(tomlKey, fc.oneof(tomlLeaf, fc.array(fc.integer(), { maxLength: 3 })), { maxKeys: 3 }), {
      maxKeys: 3,
    }),
    comment: fc.boolean(),
  });

  it('apply keeps the meaning of everything else; restore gives back the exact bytes', () => {
    fc.assert(
      fc.property(config, ({ top, tables, comment }) => {
        const text = (comment ? '# my codex config\n' : '') + stringifyToml({ ...top, ...tables });
        const applied = configureCodexConfig(text, 'config.toml', target);
        const data = parseToml(applied) as Record<string, unknown>;
        expect(data.model_provider).toBe('switchyard');
        const { model_provider: _mp, model_providers: _mps, ...rest } = data;
        expect(rest).toEqual(parseToml(text));
        expect(configureCodexConfig(applied, 'config.toml', target)).toBe(applied);
        expect(unconfigureCodexConfig(applied, 'config.toml')).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
