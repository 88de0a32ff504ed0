import { createStore } from 'zustand/vanilla';
import type { BackupInfo, IntegrationPlan, ProviderPreset, ProviderTestResult } from '../../../shared/domain';
import type { RendererApi } from '../api';
import { toUiError, type UiError } from '../api/errors';

export type OnboardingStep = 'preset' | 'key' | 'test' | 'client' | 'done';

export interface OnboardingState {
  step: OnboardingStep;
  dismissed: boolean;
  preset: ProviderPreset | null;
  providerId: string;
  /** Prefilled from the preset; editable for local servers on other ports. */
  baseUrl: string;
  /** A pasted key or `ENV:NAME`. */
  key: string;
  model: string;
  busy: boolean;
  error: UiError | null;
  test: ProviderTestResult | null;
  plan: IntegrationPlan | null;
  applied: (IntegrationPlan & { backup?: BackupInfo }) | null;
  choosePreset(p: ProviderPreset): void;
  setField(patch: Partial<Pick<OnboardingState, 'providerId' | 'baseUrl' | 'key' | 'model'>>): void;
  /** Saves the provider and points Claude Code's slots at it, then tests it. */
  saveAndTest(): Promise<void>;
  retest(): Promise<void>;
  previewClient(): Promise<void>;
  configureClient(): Promise<void>;
  back(): void;
  skipClient(): void;
  dismiss(): void;
  reset(): void;
}

const initial = {
  step: 'preset' as OnboardingStep,
  preset: null,
  providerId: '',
  baseUrl: '',
  key: '',
  model: '',
  busy: false,
  error: null,
  test: null,
  plan: null,
  applied: null,
};

export function createOnboardingStore(api: RendererApi) {
  return createStore<OnboardingState>()((set, get) => {
    const runTest = async () => {
      const { providerId, model } = get();
      set({ busy: true, error: null, test: null });
      try {
        const test = await api.invoke('providers:test', model ? { id: providerId, model } : { id: providerId });
        set({ busy: false, test });
      } catch (e) {
        set({ busy: false, error: toUiError(e) });
      }
    };
    return {
      ...initial,
      dismissed: false,
      choosePreset(p) {
        set({
          preset: p,
          providerId: p.id,
          baseUrl: p.baseUrl,
          key: p.needsKey && p.apiKeyEnv ? `ENV:${p.apiKeyEnv}` : '',
          model: p.models[0] ?? '',
          step: 'key',
          error: null,
        });
      },
      setField(patch) {
        set(patch);
      },
      async saveAndTest() {
        const { preset, providerId, baseUrl, key, model } = get();
        if (!preset) return;
        set({ busy: true, error: null });
        try {
          await api.invoke('providers:upsert', {
            id: providerId.trim(),
            name: preset.name,
            protocol: preset.protocol,
            baseUrl: baseUrl.trim() || preset.baseUrl,
            apiKey: key.trim() || undefined,
            models: preset.models.length ? preset.models : model ? [model] : undefined,
            capabilities: preset.capabilities,
            preset: preset.id,
          });
          // The client integration asks for slot aliases (claude-sonnet-4-5-switchyard …), so every
          // slot needs a real upstream model: the preset's model of that family, else the chosen one.
          const pick = (family: string) => {
            const m = preset.models.find((x) => x.toLowerCase().includes(family)) ?? model;
            return m ? `${providerId}/${m}` : providerId;
          };
          await api.invoke('slots:set', {
            slots: { 'claude-code': { opus: pick('opus'), sonnet: pick('sonnet'), haiku: pick('haiku'), subagent: pick('sonnet') } },
          });
          set({ step: 'test' });
        } catch (e) {
          set({ busy: false, error: toUiError(e) });
          return;
        }
        await runTest();
      },
      retest: runTest,
      async previewClient() {
        set({ step: 'client', busy: true, error: null, plan: null });
        try {
          set({ plan: await api.invoke('integrations:plan', { client: 'claude-code' }), busy: false });
        } catch (e) {
          set({ busy: false, error: toUiError(e) });
        }
      },
      async configureClient() {
        set({ busy: true, error: null });
        try {
          const applied = await api.invoke('integrations:apply', { client: 'claude-code' });
          set({ applied, busy: false, step: 'done' });
        } catch (e) {
          set({ busy: false, error: toUiError(e) });
        }
      },
      back() {
        const order: OnboardingStep[] = ['preset', 'key', 'test', 'client', 'done'];
        const i = order.indexOf(get().step);
        set({ step: order[Math.max(0, i - 1)], error: null });
      },
      skipClient() {
        set({ step: 'done', error: null });
      },
      dismiss() {
        set({ dismissed: true });
      },
      reset() {
        set({ ...initial, dismissed: false });
      },
    };
  });
}
