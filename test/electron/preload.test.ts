/**
 * The preload against a stand-in `electron` module: what it exposes as window.api, how it
 * unwraps the envelope, and that only contract channels and events pass.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { SwitchyardApi } from '../../src/shared/ipc-contract';

type Listener = (event: unknown, payload: unknown) => void;

const fake = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, Set<Listener>>();
  const invoked: Array<[string, unknown]> = [];
  let reply: (channel: string, args: unknown) => unknown = () => ({ ok: true, result: null });
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (channel: string, args: unknown) => {
        invoked.push([channel, args]);
        return reply(channel, args);
      },
      on: (ch: string, l: Listener) => {
        if (!listeners.has(ch)) listeners.set(ch, new Set());
        listeners.get(ch)!.add(l);
      },
      removeListener: (ch: string, l: Listener) => listeners.get(ch)?.delete(l),
    },
  };
  return {
    electron,
    exposed,
    listeners,
    invoked,
    setReply: (fn: typeof reply) => (reply = fn),
  };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

let api: SwitchyardApi;
beforeAll(async () => {
  await import('../../src/preload/index');
  api = fake.exposed.get('api') as SwitchyardApi;
});

describe('preload window.api', () => {
  it('exposes only invoke and on', () => {
    expect([...fake.exposed.keys()]).toEqual(['api']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
  });

  it('invoke passes the args and returns the result of an ok envelope', async () => {
    fake.setReply((channel, args) => ({ ok: true, result: { channel, args } }));
    await expect(api.invoke('providers:remove', { id: 'x' })).resolves.toEqual({ channel: 'providers:remove', args: { id: 'x' } });
    expect(fake.invoked.at(-1)).toEqual(['providers:remove', { id: 'x' }]);
  });

  it('an error envelope becomes a thrown plain object with code, message and hint', async () => {
    fake.setReply(() => ({
      ok: false,
      error: { code: 'provider_not_found', status: 404, errorClass: 'config_error', message: 'No provider "x".', hint: 'Reload.' },
    }));
    await expect(api.invoke('providers:remove', { id: 'x' })).rejects.toEqual({
      name: 'SwitchyardError',
      code: 'provider_not_found',
      status: 404,
      errorClass: 'config_error',
      message: 'No provider "x".',
      hint: 'Reload.',
    });
  });

  it('refuses channels outside the contract without calling main', async () => {
    const before = fake.invoked.length;
    await expect((api.invoke as (c: string) => Promise<unknown>)('fs:readFile')).rejects.toMatchObject({ code: 'invalid_request' });
    expect(fake.invoked.length).toBe(before);
  });

  it('on() delivers the payload without the IPC event and unsubscribes', () => {
    const got: unknown[] = [];
    const off = api.on('config:changed', (p) => got.push(p));
    const [listener] = [...fake.listeners.get('config:changed')!];
    listener!({ sender: 'ipc-internals' }, { version: 2, errors: [] });
    expect(got).toEqual([{ version: 2, errors: [] }]);
    off();
    expect(fake.listeners.get('config:changed')!.size).toBe(0);
    expect(() => (api.on as (e: string, l: () => void) => void)('ipc:anything', () => undefined)).toThrow(/Unknown event/);
  });
});
