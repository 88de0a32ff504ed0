import { afterEach, describe, expect, it } from 'vitest';
import { providerSchema } from '../../src/shared/config-schema';
import { createApiHandlers } from '../../src/main/services/api';
import { parseConfigText } from '../../src/main/services/config/load';
import { PROVIDER_PRESETS, presetToProvider } from '../../src/main/services/providers/presets';
import { maskSecret, redactSecrets } from '../../src/main/services/providers/secrets';
import { makeContext, rejection, type TestContext } from './service-context';

const SECRET = 'sk-ant-api03-Zq8vN2xLr7Tb0KpWm4Yc9dEf3a9';

const CONFIG = `# Top comment kept
server:
  port: 18080
  tokens: []

providers:
  # The real Anthropic
  - id: anthropic # inline comment
    protocol: anthropic
    baseUrl: https://api.anthropic.com
    apiKey: ENV:SY_TEST_ANTHROPIC_KEY
  - id: deepseek
    protocol: openai-chat
    baseUrl: https://api.deepseek.com/v1
    apiKey: ${SECRET}
    models: [deepseek-chat]

routes:
  - { name: deepseek-chat, provider: deepseek, fallback: [anthropic/claude-sonnet-4-5] } # keep me
slots:
  claude-code: { sonnet: deepseek/deepseek-chat, opus: anthropic/claude-opus-4-1 }
routing:
  background: deepseek/deepseek-chat
  active: { codex: deepseek }
`;

let t: TestContext;
afterEach(() => t?.cleanup());

describe('providers:list', () => {
  it('masks literal keys and shows ENV: references as written', async () => {
    t = await makeContext(CONFIG);
    const h = createApiHandlers(t.ctx);
    const list = await h['providers:list']();
    expect(list.map((p) => p.id)).toEqual(['anthropic', 'deepseek']);
    expect(list[0]).toMatchObject({ apiKeyDisplay: 'ENV:SY_TEST_ANTHROPIC_KEY', apiKeyIsEnv: true });
    expect(list[1]).toMatchObject({ apiKeyDisplay: 'sk-…f3a9', apiKeyIsEnv: false });
    const wire = JSON.stringify(list);
    expect(wire).not.toContain(SECRET);
    expect(wire).not.toContain(SECRET.slice(3, 20));
    expect(list[1]).not.toHaveProperty('apiKey');
  });

  it('attaches health from the runtime: an unresolved ENV key is reported', async () => {
    t = await makeContext(CONFIG);
    const list = await createApiHandlers(t.ctx)['providers:list']();
    expect(list[0]!.health).toMatchObject({ providerId: 'anthropic', keyResolved: false, keyMissingEnv: 'SY_TEST_ANTHROPIC_KEY' });
    expect(list[1]!.health).toMatchObject({ providerId: 'deepseek', keyResolved: true });
  });
});

describe('maskSecret', () => {
  it('never contains the secret or more than its last four characters', () => {
    const secrets = [
      SECRET,
      'gsk_abcdefghijklmnopqrstuvwx1234',
      'AIzaSyD-abcdefghijklmnopqrstuvwxyz12',
      'short-key-12',
      '0123456789abcdef0123',
    ];
    for (const s of secrets) {
      const m = maskSecret(s)!;
      expect(m).not.toContain(s);
      const visible = m.replace(/^[A-Za-z]{1,5}[-_]/, '').replace(/[…•]/g, '');
      expect(visible.length).toBeLessThanOrEqual(4);
    }
    expect(maskSecret('short-key-12')).toBe('••••');
    expect(maskSecret('ENV:FOO')).toBe('ENV:FOO');
    expect(maskSecret(undefined)).toBeNull();
  });

  it('redactSecrets removes given secrets and key-shaped strings', () => {
    const out = redactSecrets(`bad key ${SECRET} and Bearer abcdefghijklmnop and raw xyzSECRETxyz`, ['xyzSECRETxyz']);
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain('abcdefghijklmnop');
    expect(out).not.toContain('xyzSECRETxyz');
  });
});

describe('providers:presets', () => {
  it('every preset becomes a valid provider config with the base URL rule for its protocol', async () => {
    t = await makeContext(undefined);
    const presets = await createApiHandlers(t.ctx)['providers:presets']();
    const ids = presets.map((p) => p.id);
    for (const id of [
      'anthropic',
      'openai',
      'openrouter',
      'deepseek',
      'zai',
      'moonshot',
      'qwen',
      'minimax',
      'gemini',
      'groq',
      'ollama',
      'lmstudio',
      'vllm',
      'custom',
    ]) {
      expect(ids).toContain(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
    for (const preset of presets) {
      const parsed = providerSchema.safeParse(presetToProvider(preset));
      expect(parsed.success, `${preset.id}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      if (preset.protocol === 'anthropic') expect(preset.baseUrl, preset.id).not.toMatch(/\/v1\/?$/);
      else expect(preset.baseUrl, preset.id).toMatch(/\/v\d+(beta)?(\/openai)?$/);
      if (preset.id !== 'custom' && preset.id !== 'vllm') expect(preset.models.length, preset.id).toBeGreaterThan(0);
      if (preset.needsKey && preset.id !== 'custom') expect(preset.apiKeyEnv, preset.id).toMatch(/^[A-Z][A-Z0-9_]*$/);
    }
    expect(PROVIDER_PRESETS.filter((p) => p.protocol === 'anthropic').map((p) => p.id)).toEqual(
      expect.arrayContaining(['anthropic', 'deepseek-anthropic', 'zai-anthropic', 'moonshot-anthropic', 'minimax-anthropic']),
    );
  });

  it('a preset added through upsert loads as config', async () => {
    t = await makeContext(undefined);
    const h = createApiHandlers(t.ctx);
    for (const preset of PROVIDER_PRESETS) await h['providers:upsert'](presetToProvider(preset));
    expect(t.ctx.config.rawConfig().providers).toHaveLength(PROVIDER_PRESETS.length);
    expect(() => parseConfigText(t.configText())).not.toThrow();
  });
});

describe('providers:upsert', () => {
  it('adds a provider and keeps every comment in the file', async () => {
    t = await makeContext(CONFIG);
    const h = createApiHandlers(t.ctx);
    const view = await h['providers:upsert']({
      id: 'groq',
      protocol: 'openai-chat',
      baseUrl: 'https://api.groq.com/openai/v1/',
      apiKey: 'ENV:GROQ_API_KEY',
      models: ['qwen/qwen3-32b'],
    });
    expect(view).toMatchObject({ id: 'groq', baseUrl: 'https://api.groq.com/openai/v1', apiKeyDisplay: 'ENV:GROQ_API_KEY' });
    const text = t.configText();
    for (const c of ['# Top comment kept', '# The real Anthropic', '# inline comment', '# keep me']) expect(text).toContain(c);
    expect(text).toContain('apiKey: ENV:GROQ_API_KEY');
    expect(t.ctx.config.current().providers.map((p) => p.id)).toEqual(['anthropic', 'deepseek', 'groq']);
  });

  it('adds the first provider to the default config as a block list', async () => {
    t = await makeContext(undefined);
    await createApiHandlers(t.ctx)['providers:upsert']({
      id: 'ollama',
      protocol: 'openai-chat',
      baseUrl: 'http://127.0.0.1:11434/v1',
      models: ['llama3.1:8b'],
    });
    const text = t.configText();
    expect(text).toMatch(/providers:\n {2}- id: ollama\n/);
    expect(text).toContain('# Values written as ENV:NAME are read from the environment');
    expect(text).toContain('models: [llama3.1:8b]');
  });

  it('writes a literal key as given; undefined keeps it; a masked echo keeps it; "" removes it', async () => {
    t = await makeContext(CONFIG);
    const h = createApiHandlers(t.ctx);
    const base = {
      id: 'deepseek',
      protocol: 'openai-chat' as const,
      baseUrl: 'https://api.deepseek.com/v1',
      models: ['deepseek-chat', 'deepseek-reasoner'],
    };
    await h['providers:upsert'](base);
    expect(t.ctx.config.rawConfig().providers[1]!.apiKey).toBe(SECRET);
    expect(t.ctx.config.rawConfig().providers[1]!.models).toEqual(['deepseek-chat', 'deepseek-reasoner']);
    await h['providers:upsert']({ ...base, apiKey: 'sk-…f3a9' });
    expect(t.ctx.config.rawConfig().providers[1]!.apiKey).toBe(SECRET);
    await h['providers:upsert']({ ...base, apiKey: 'sk-new-literal-key-0000000000' });
    expect(t.configText()).toContain('apiKey: sk-new-literal-key-0000000000');
    await h['providers:upsert']({ ...base, apiKey: '' });
    expect(t.ctx.config.rawConfig().providers[1]!.apiKey).toBeUndefined();
  });

  it('masks credential headers in views and keeps them when the masked value comes back', async () => {
    t = await makeContext(CONFIG);
    const h = createApiHandlers(t.ctx);
    const headerSecret = 'hdr-secret-0123456789abcdef';
    await h['providers:upsert']({
      id: 'or',
      protocol: 'openai-chat',
      baseUrl: 'https://openrouter.ai/api/v1',
      headers: { 'HTTP-Referer': 'https://example.dev', 'X-Api-Key': headerSecret },
    });
    const view = (await h['providers:list']()).find((p) => p.id === 'or')!;
    expect(view.headers).toEqual({ 'HTTP-Referer': 'https://example.dev', 'X-Api-Key': 'hdr-…cdef' });
    expect(JSON.stringify(view)).not.toContain(headerSecret);
    await h['providers:upsert']({ ...view, apiKey: undefined });
    expect(t.ctx.config.rawConfig().providers.find((p) => p.id === 'or')!.headers).toEqual({
      'HTTP-Referer': 'https://example.dev',
      'X-Api-Key': headerSecret,
    });
  });

  it('rejects invalid input and leaves the file untouched', async () => {
    t = await makeContext(CONFIG);
    const h = createApiHandlers(t.ctx);
    const before = t.configText();
    const cases = [
      { id: 'bad id!', protocol: 'openai-chat' as const, baseUrl: 'https://x.example/v1' },
      { id: 'x', protocol: 'openai-chat' as const, baseUrl: 'not a url' },
      { id: 'x', protocol: 'anthropic' as const, baseUrl: 'https://api.anthropic.com/v1' },
      { id: 'x', protocol: 'grpc' as never, baseUrl: 'https://x.example/v1' },
      { id: 'x', protocol: 'openai-chat' as const, baseUrl: 'https://x.example/v1', apiKey: 'ENV:not valid' },
    ];
    for (const input of cases) {
      const err = await rejection(() => h['providers:upsert'](input));
      expect(err.code, JSON.stringify(input)).toBe('invalid_request');
    }
    expect(t.configText()).toBe(before);
  });

  it('renaming carries routes, fallbacks, slots, rules and the active switch along', async () => {
    t = await makeContext(CONFIG);
    const h = createApiHandlers(t.ctx);
    t.ctx.runtime.setActive('codex', 'deepseek');
    await h['providers:upsert']({ previousId: 'deepseek', id: 'ds', protocol: 'openai-chat', baseUrl: 'https://api.deepseek.com/v1' });
    const raw = t.ctx.config.rawConfig();
    expect(raw.providers.map((p) => p.id)).toEqual(['anthropic', 'ds']);
    expect(raw.providers[1]!.apiKey).toBe(SECRET);
    expect(raw.routes[0]).toMatchObject({ name: 'deepseek-chat', provider: 'ds' });
    expect(raw.slots['claude-code']).toEqual({ sonnet: 'ds/deepseek-chat', opus: 'anthropic/claude-opus-4-1' });
    expect(raw.routing?.background).toBe('ds/deepseek-chat');
    expect(raw.routing?.active?.codex).toBe('ds');
    expect(t.ctx.runtime.getActive('codex')).toBe('ds');
    expect(t.configText()).toContain('# keep me');
    const err = await rejection(() =>
      h['providers:upsert']({ previousId: 'ds', id: 'anthropic', protocol: 'openai-chat', baseUrl: 'https://a.example/v1' }),
    );
    expect(err.code).toBe('invalid_request');
  });
});

describe('providers:remove', () => {
  it('refuses while routes or slots use the provider, naming them', async () => {
    t = await makeContext(CONFIG);
    const before = t.configText();
    const err = await rejection(() => createApiHandlers(t.ctx)['providers:remove']({ id: 'deepseek' }));
    expect(err.code).toBe('invalid_request');
    expect(err.message).toContain('routes[0].provider');
    expect(err.message).toContain('slots.claude-code.sonnet');
    expect(t.configText()).toBe(before);
  });

  it('removes an unused provider and clears a switch pointing at it', async () => {
    t = await makeContext(
      CONFIG.replace('active: { codex: deepseek }', 'active: { codex: groq }').replace(
        'providers:\n',
        'providers:\n  - { id: groq, protocol: openai-chat, baseUrl: "https://api.groq.com/openai/v1" }\n',
      ),
    );
    t.ctx.runtime.setActive('codex', 'groq');
    await createApiHandlers(t.ctx)['providers:remove']({ id: 'groq' });
    const raw = t.ctx.config.rawConfig();
    expect(raw.providers.map((p) => p.id)).toEqual(['anthropic', 'deepseek']);
    expect(raw.routing?.active).toBeUndefined();
    expect(raw.routing?.background).toBe('deepseek/deepseek-chat');
    expect(t.ctx.runtime.getActive('codex')).toBeNull();
    expect(t.configText()).toContain('# The real Anthropic');
  });

  it('unknown id is provider_not_found', async () => {
    t = await makeContext(CONFIG);
    const err = await rejection(() => createApiHandlers(t.ctx)['providers:remove']({ id: 'nope' }));
    expect(err.code).toBe('provider_not_found');
  });
});
