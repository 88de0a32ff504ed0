import { afterEach, describe, expect, it } from 'vitest';
import { createApiHandlers } from '../../src/main/services/api';
import { ConfigService } from '../../src/main/services/config/config-service';
import { makeContext, rejection, type TestContext } from './service-context';

const CONFIG = `server:
  port: 18080
providers:
  - { id: anthropic, protocol: anthropic, baseUrl: "https://api.anthropic.com" }
  - { id: deepseek, protocol: openai-chat, baseUrl: "https://api.deepseek.com/v1" } # cheap lane
routes:
  # exact model names
  - { name: deepseek-chat, provider: deepseek }
slots:
  # what Claude Code's model picker maps to
  claude-code: { opus: anthropic/claude-opus-4-1, sonnet: deepseek/deepseek-chat }
routing:
  background: deepseek/deepseek-chat # haiku-class traffic
`;

let t: TestContext;
afterEach(() => t?.cleanup());

describe('slots:get / slots:set', () => {
  it('returns slots, rules, routes and the active switch per client', async () => {
    t = await makeContext(CONFIG);
    const view = await createApiHandlers(t.ctx)['slots:get']();
    expect(view.slots['claude-code']).toEqual({ opus: 'anthropic/claude-opus-4-1', sonnet: 'deepseek/deepseek-chat' });
    expect(view.routing.background).toBe('deepseek/deepseek-chat');
    expect(view.routes).toEqual([{ name: 'deepseek-chat', provider: 'deepseek' }]);
    expect(view.active).toEqual({ 'claude-code': null, codex: null });
  });

  it('edits slots, rules and routes in place, keeping comments', async () => {
    t = await makeContext(CONFIG);
    const h = createApiHandlers(t.ctx);
    const view = await h['slots:set']({
      slots: {
        'claude-code': { opus: 'anthropic/claude-opus-4-1', sonnet: 'anthropic/claude-sonnet-4-5', haiku: 'deepseek/deepseek-chat' },
        codex: { default: 'deepseek/deepseek-chat' },
      },
      routing: {
        background: 'deepseek/deepseek-chat',
        longContext: { target: 'anthropic/claude-sonnet-4-5', thresholdTokens: 90000 },
        think: 'anthropic',
      },
      routes: [
        { name: 'deepseek-chat', provider: 'deepseek', fallback: ['anthropic/claude-sonnet-4-5'] },
        { name: 'deepseek-reasoner', provider: 'deepseek' },
      ],
    });
    expect(view.slots.codex).toEqual({ default: 'deepseek/deepseek-chat' });
    expect(view.slots['claude-code']?.haiku).toBe('deepseek/deepseek-chat');
    expect(view.routing.longContext).toEqual({ target: 'anthropic/claude-sonnet-4-5', thresholdTokens: 90000 });
    expect(view.routes).toHaveLength(2);
    const text = t.configText();
    for (const c of ['# cheap lane', '# exact model names', "# what Claude Code's model picker maps to", '# haiku-class traffic'])
      expect(text).toContain(c);
    // What was written is what a fresh load sees.
    const fresh = new ConfigService(t.ctx.paths.configPath, {});
    await fresh.init();
    expect(fresh.rawConfig().routes[0]!.fallback).toEqual(['anthropic/claude-sonnet-4-5']);
    expect(fresh.rawConfig().routing?.think).toBe('anthropic');
  });

  it('removes a slot left out of the patch and an emptied client', async () => {
    t = await makeContext(CONFIG);
    await createApiHandlers(t.ctx)['slots:set']({ slots: { codex: { default: 'anthropic/claude-sonnet-4-5' } } });
    expect(t.ctx.config.rawConfig().slots).toEqual({ codex: { default: 'anthropic/claude-sonnet-4-5' } });
  });

  it('rejects targets naming unknown providers and changes nothing', async () => {
    t = await makeContext(CONFIG);
    const before = t.configText();
    const h = createApiHandlers(t.ctx);
    const err = await rejection(() => h['slots:set']({ slots: { 'claude-code': { sonnet: 'nosuch/model' } } }));
    expect(err.code).toBe('invalid_request');
    expect(err.message).toContain('slots.claude-code.sonnet: unknown provider "nosuch"');
    const err2 = await rejection(() => h['slots:set']({ routes: [{ name: 'x', provider: 'ghost' }] }));
    expect(err2.message).toContain('routes[0].provider');
    const err3 = await rejection(() => h['slots:set']({ routing: { longContext: { target: 'a b c', thresholdTokens: -5 } } }));
    expect(err3.code).toMatch(/invalid_request|config_edit_invalid/);
    expect(t.configText()).toBe(before);
  });

  it('keeps routing.active when rules are saved without it', async () => {
    t = await makeContext(CONFIG);
    const h = createApiHandlers(t.ctx);
    await h['routing:switch']({ client: 'codex', providerId: 'deepseek' });
    await h['slots:set']({ routing: { background: 'anthropic/claude-haiku-4-5' } });
    expect(t.ctx.config.rawConfig().routing).toEqual({ background: 'anthropic/claude-haiku-4-5', active: { codex: 'deepseek' } });
  });
});

describe('routing:switch / routing:pin', () => {
  it('sets the runtime switch and persists it so a restart sees it', async () => {
    t = await makeContext(CONFIG);
    const h = createApiHandlers(t.ctx);
    const view = await h['routing:switch']({ client: 'claude-code', providerId: 'deepseek' });
    expect(view.active['claude-code']).toBe('deepseek');
    expect(t.ctx.runtime.getActive('claude-code')).toBe('deepseek');
    const fresh = new ConfigService(t.ctx.paths.configPath, {});
    await fresh.init();
    expect(fresh.rawConfig().routing?.active?.['claude-code']).toBe('deepseek');
    expect(t.configText()).toContain('# haiku-class traffic');

    await h['routing:switch']({ client: 'claude-code', providerId: null });
    expect(t.ctx.runtime.getActive('claude-code')).toBeNull();
    expect(t.ctx.config.rawConfig().routing?.active).toBeUndefined();
  });

  it('refuses an unknown provider or client without touching the runtime', async () => {
    t = await makeContext(CONFIG);
    const h = createApiHandlers(t.ctx);
    const err = await rejection(() => h['routing:switch']({ client: 'codex', providerId: 'ghost' }));
    expect(err.code).toBe('provider_not_found');
    const err2 = await rejection(() => h['routing:switch']({ client: 'cursor' as never, providerId: 'deepseek' }));
    expect(err2.code).toBe('invalid_request');
    expect(t.ctx.runtime.getActive('codex')).toBeNull();
  });

  it('pins a session in the runtime', async () => {
    t = await makeContext(CONFIG);
    const h = createApiHandlers(t.ctx);
    await h['routing:pin']({ sessionId: 's-1', providerId: 'anthropic' });
    expect(t.ctx.runtime.getPin('s-1')).toBe('anthropic');
    await h['routing:pin']({ sessionId: 's-1', providerId: null });
    expect(t.ctx.runtime.getPin('s-1')).toBeUndefined();
  });
});
