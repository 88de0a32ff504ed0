import { afterEach, describe, expect, it } from 'vitest';
import { createApiHandlers } from '../../src/main/services/api';
import { buildTrayMenu, compactNumber, trayTooltip, type TrayMenuItem, type TrayModel } from '../../src/main/services/tray/tray-menu';
import { trayModelFromContext } from '../../src/main/services/tray/tray-model';
import { makeContext, type TestContext } from './service-context';

const baseStatus: TrayModel['status'] = {
  proxyPort: 18080,
  inFlight: 2,
  requestsToday: 1234,
  configErrors: [],
  features: { store: true, integrations: true, translation: true },
  recording: { enabled: true, paused: false, queued: 0, droppedBodies: 0, droppedEvents: 0 },
};

function model(over: Partial<TrayModel> = {}, status: Partial<TrayModel['status']> = {}): TrayModel {
  return {
    status: { ...baseStatus, ...status },
    providers: [
      { id: 'anthropic', name: 'Anthropic', usable: true },
      { id: 'deepseek', usable: false, problem: 'DEEPSEEK_API_KEY not set' },
    ],
    active: { 'claude-code': null, codex: 'deepseek' },
    ...over,
  };
}

const byId = (items: TrayMenuItem[], id: string): TrayMenuItem => {
  for (const i of items) {
    if (i.id === id) return i;
    const inner = i.submenu && byIdOrNull(i.submenu, id);
    if (inner) return inner;
  }
  throw new Error(`no item ${id}`);
};
const byIdOrNull = (items: TrayMenuItem[], id: string): TrayMenuItem | null => {
  try {
    return byId(items, id);
  } catch {
    return null;
  }
};

describe('buildTrayMenu', () => {
  it('shows port, streams in flight and requests today', () => {
    const items = buildTrayMenu(model());
    expect(byId(items, 'status:proxy').label).toBe('Proxy on 127.0.0.1:18080');
    expect(byId(items, 'status:traffic').label).toBe('2 streams in flight · 1.2k requests today');
    expect(buildTrayMenu(model({}, { inFlight: 1, requestsToday: 1 })).find((i) => i.id === 'status:traffic')!.label).toBe(
      '1 stream in flight · 1 request today',
    );
  });

  it('has a radio switch per client reflecting the active provider', () => {
    const items = buildTrayMenu(model());
    const cc = byId(items, 'switch:claude-code');
    expect(cc.label).toBe('Claude Code: model slots');
    expect(cc.submenu!.filter((i) => i.type === 'radio').map((i) => [i.label, i.checked])).toEqual([
      ['Use model slots', true],
      ['Anthropic (anthropic)', false],
      ['deepseek — DEEPSEEK_API_KEY not set', false],
    ]);
    const codex = byId(items, 'switch:codex');
    expect(codex.label).toBe('Codex: deepseek');
    expect(byId(items, 'switch:codex:deepseek')).toMatchObject({
      checked: true,
      action: { type: 'switch', client: 'codex', providerId: 'deepseek' },
    });
    expect(byId(items, 'switch:codex:slots')).toMatchObject({
      checked: false,
      action: { type: 'switch', client: 'codex', providerId: null },
    });
  });

  it('falls back to "model slots" when the active provider no longer exists', () => {
    const items = buildTrayMenu(model({ active: { 'claude-code': 'gone', codex: null } }));
    expect(byId(items, 'switch:claude-code:slots').checked).toBe(true);
  });

  it('offers pause or resume depending on the recording state, and nothing to toggle without a store', () => {
    expect(byId(buildTrayMenu(model()), 'recording')).toMatchObject({
      label: 'Pause recording',
      action: { type: 'setRecordingPaused', paused: true },
    });
    const paused = buildTrayMenu(model({}, { recording: { ...baseStatus.recording, paused: true } }));
    expect(byId(paused, 'recording')).toMatchObject({ label: 'Resume recording', action: { type: 'setRecordingPaused', paused: false } });
    expect(byId(paused, 'status:paused').label).toBe('Recording paused');
    const noStore = buildTrayMenu(model({}, { features: { store: false, integrations: false, translation: false } }));
    expect(byId(noStore, 'recording')).toMatchObject({ label: 'Recording unavailable', enabled: false });
    expect(byId(noStore, 'recording').action).toBeUndefined();
  });

  it('has configure items per client, open and quit, and surfaces config problems', () => {
    const items = buildTrayMenu(model({}, { configErrors: ['switchyard.yaml: providers[0].protocol: Invalid option'] }));
    expect(byId(items, 'configure:claude-code')).toMatchObject({
      label: 'Configure Claude Code…',
      action: { type: 'configure', client: 'claude-code' },
    });
    expect(byId(items, 'configure:codex')).toMatchObject({ label: 'Configure Codex…', action: { type: 'configure', client: 'codex' } });
    expect(byId(items, 'open').action).toEqual({ type: 'open' });
    expect(items.at(-1)).toMatchObject({ id: 'quit', action: { type: 'quit' } });
    expect(byId(items, 'status:config').label).toMatch(/^⚠ switchyard\.yaml: providers\[0\]/);
    expect(trayTooltip(model())).toBe('Switchyard — 127.0.0.1:18080\n2 streams in flight\nCodex → deepseek');
  });

  it('formats counts for people', () => {
    expect([0, 999, 1000, 1234, 12_345, 1_250_000].map(compactNumber)).toEqual(['0', '999', '1k', '1.2k', '12k', '1.3M']);
  });
});

describe('trayModelFromContext', () => {
  let t: TestContext;
  afterEach(() => t?.cleanup());

  it('follows config edits and the provider switch', async () => {
    t = await makeContext(
      `providers:\n  - { id: anthropic, protocol: anthropic, baseUrl: "https://api.anthropic.com", apiKey: ENV:SY_NOT_SET }\n`,
    );
    const h = createApiHandlers(t.ctx);
    let m = trayModelFromContext(t.ctx);
    expect(m.providers).toEqual([{ id: 'anthropic', usable: false, problem: 'SY_NOT_SET not set' }]);
    expect(m.status.proxyPort).toBe(18080);

    await h['providers:upsert']({ id: 'ollama', name: 'Ollama', protocol: 'openai-chat', baseUrl: 'http://127.0.0.1:11434/v1' });
    await h['routing:switch']({ client: 'claude-code', providerId: 'ollama' });
    m = trayModelFromContext(t.ctx);
    expect(m.providers.map((p) => p.id)).toEqual(['anthropic', 'ollama']);
    expect(m.active).toEqual({ 'claude-code': 'ollama', codex: null });
    const items = buildTrayMenu(m);
    expect(byId(items, 'switch:claude-code:ollama').checked).toBe(true);
    expect(byId(items, 'switch:claude-code').label).toBe('Claude Code: ollama');
  });
});
