import { SwitchyardError } from '../../../shared/errors';
import type { ArgsOf, Channel, EventName, IpcEvents, ResultOf } from '../../../shared/ipc-contract';
import type { RendererApi } from '../api';

type Handler<C extends Channel> = (args: ArgsOf<C>) => ResultOf<C> | Promise<ResultOf<C>>;
export type FakeHandlers = { [C in Channel]?: Handler<C> };

/**
 * A stand-in for the host at the contract boundary: tests give it handlers per channel and
 * emit events; channels without a handler answer `not_available`, like a build without
 * that service.
 */
export function createFakeApi(handlers: FakeHandlers = {}) {
  const calls: Array<{ channel: Channel; args: unknown }> = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const api: RendererApi = {
    async invoke(channel: Channel, ...args: unknown[]) {
      calls.push({ channel, args: args[0] });
      const h = handlers[channel] as ((a: unknown) => unknown) | undefined;
      if (!h) throw new SwitchyardError('not_available', `${channel} is not available in this build yet.`);
      return h(args[0]);
    },
    on(event: EventName, listener: (p: never) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
  } as RendererApi;
  return {
    api,
    calls,
    handlers,
    emit<E extends EventName>(event: E, payload: IpcEvents[E]) {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
    callsTo(channel: Channel) {
      return calls.filter((c) => c.channel === channel).map((c) => c.args);
    },
  };
}
