import type { AppStatus, ProviderPreset, ProviderView } from '../../../shared/domain';

export function appStatus(patch: Partial<AppStatus> = {}): AppStatus {
  return {
    version: '0.1.0',
    host: 'headless',
    proxyUrl: 'http://127.0.0.1:18123',
    proxyPort: 18123,
    dataDir: '/tmp/sy-data',
    configPath: '/tmp/sy-data/switchyard.yaml',
    startedAt: Date.now() - 120_000,
    nodeVersion: '20.19.0',
    inFlight: 2,
    requestsToday: 1234,
    configErrors: [],
    recording: { enabled: true, paused: false, queued: 0, droppedBodies: 0, droppedEvents: 0 },
    features: { store: true, integrations: false, translation: true },
    ...patch,
  };
}

export const presets: ProviderPreset[] = [
  {
    id: 'anthropic',
    name: 'Anthropic',
    protocol: 'anthropic',
    baseUrl: 'https://api.anthropic.com',
    apiKeyEnv: 'ANTHROPIC_API_KEY',
    needsKey: true,
    models: ['claude-sonnet-4-5', 'claude-opus-4-5', 'claude-haiku-4-5'],
  },
  {
    id: 'deepseek',
    name: 'DeepSeek',
    protocol: 'openai-chat',
    baseUrl: 'https://api.deepseek.com/v1',
    apiKeyEnv: 'DEEPSEEK_API_KEY',
    needsKey: true,
    models: ['deepseek-chat', 'deepseek-reasoner'],
  },
  { id: 'ollama', name: 'Ollama', protocol: 'openai-chat', baseUrl: 'http://127.0.0.1:11434/v1', needsKey: false, models: ['qwen3-coder'] },
];

export function providerView(patch: Partial<ProviderView> = {}): ProviderView {
  return {
    id: 'deepseek',
    name: 'DeepSeek',
    protocol: 'openai-chat',
    baseUrl: 'https://api.deepseek.com/v1',
    apiKeyDisplay: 'ENV:DEEPSEEK_API_KEY',
    apiKeyIsEnv: true,
    models: ['deepseek-chat'],
    ...patch,
  };
}
