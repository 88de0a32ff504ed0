/**
 * The IPC contract's arguments, checked where they enter (the Electron renderer, the headless
 * `POST /api/<channel>`, the CLI): a wrong shape is a 400 naming the field, never a handler
 * tripping over it (a 500 with a JS TypeError). Objects are loose: known fields are typed,
 * others pass through untouched, and the services still validate what they write (the
 * config schema for providers, slots and settings).
 */
import * as z from 'zod';
import { CLIENT_KINDS } from '../../../shared/config-schema';
import type { ArgsOf, Channel, IpcHandlers } from '../../../shared/ipc-contract';
import { SwitchyardError } from '../../../shared/errors';

const id = z.string().min(1);
const client = z.enum(CLIENT_KINDS);
const count = z.number().int().nonnegative();
const epochMs = z.number();
/** Channels whose every field is optional also take no argument at all. */
const orEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => v ?? {}, schema);

const providerInput = z.looseObject({
  // (the provider service says what a valid id is)
  id: z.string(),
  protocol: z.string(),
  baseUrl: z.string(),
  name: z.string().optional(),
  apiKey: z.string().optional(),
  previousId: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  models: z.array(z.string()).optional(),
  capabilities: z.looseObject({}).optional(),
  timeouts: z.looseObject({}).optional(),
  enabled: z.boolean().optional(),
  preset: z.string().optional(),
});

const integrationOptions = z.looseObject({
  dryRun: z.boolean().optional(),
  removeConflictingKey: z.boolean().optional(),
  model: z.string().optional(),
  home: z.string().optional(),
});

/** One entry per channel (the type makes a missing one a compile error); null: no arguments. */
export const IPC_ARGS: Record<Channel, z.ZodType | null> = {
  'app:status': null,
  'providers:list': null,
  'providers:presets': null,
  'providers:upsert': providerInput,
  'providers:remove': z.looseObject({ id }),
  'providers:test': z.union([
    z.looseObject({ id, model: z.string().optional() }),
    z.looseObject({ provider: providerInput, model: z.string().optional() }),
  ]),
  'providers:health': null,
  'slots:get': null,
  'slots:set': z.looseObject({
    slots: z.record(z.string(), z.unknown()).optional(),
    routing: z.record(z.string(), z.unknown()).optional(),
    routes: z.array(z.looseObject({})).optional(),
  }),
  'routing:switch': z.looseObject({ client, providerId: id.nullable() }),
  'routing:pin': z.looseObject({ sessionId: id, providerId: id.nullable() }),
  'tokens:register': orEmpty(
    z.looseObject({
      taskName: z.string().optional(),
      label: z.string().optional(),
      providerId: z.string().optional(),
      token: z.string().optional(),
    }),
  ),
  'tokens:list': null,
  'tokens:revoke': z.looseObject({ token: id }),
  'recording:setPaused': z.looseObject({ paused: z.boolean() }),
  'sessions:list': orEmpty(
    z.looseObject({
      client: z.string().optional(),
      providerId: z.string().optional(),
      model: z.string().optional(),
      since: epochMs.optional(),
      until: epochMs.optional(),
      text: z.string().optional(),
      limit: count.optional(),
      offset: count.optional(),
    }),
  ),
  'sessions:get': z.looseObject({ id }),
  'sessions:search': z.looseObject({ text: z.string(), limit: count.optional() }),
  'sessions:export': z.looseObject({ id, format: z.enum(['files', 'jsonl', 'html']), outDir: z.string().min(1).optional() }),
  'sessions:delete': z.looseObject({ id }),
  'exchanges:get': z.looseObject({ id }),
  'live:list': null,
  'live:cancel': z.looseObject({ exchangeId: id }),
  'usage:query': z.looseObject({
    since: epochMs.optional(),
    until: epochMs.optional(),
    groupBy: z.enum(['day', 'provider', 'model', 'client']),
  }),
  'integrations:status': orEmpty(z.looseObject({ client: client.optional() })),
  'integrations:plan': z.looseObject({ client, options: integrationOptions.optional() }),
  'integrations:apply': z.looseObject({ client, options: integrationOptions.optional() }),
  'integrations:restore': z.looseObject({ client, backupId: z.string().optional(), home: z.string().optional() }),
  'integrations:backups': z.looseObject({ client, home: z.string().optional() }),
  'settings:get': null,
  'settings:update': z.looseObject({
    port: z.number().int().min(0).max(65535).optional(),
    tokens: z.array(z.string()).optional(),
    recording: z
      .looseObject({
        enabled: z.boolean().optional(),
        paused: z.boolean().optional(),
        trajectoryDir: z.string().nullable().optional(),
        // null clears a limit (the settings page sends what a cleared or unreadable field gives)
        retention: z
          .looseObject({ maxBytes: z.number().positive().nullable().optional(), maxAgeDays: z.number().positive().nullable().optional() })
          .optional(),
      })
      .optional(),
  }),
  'settings:backupData': orEmpty(z.looseObject({ outDir: z.string().min(1).optional() })),
  'settings:restoreData': z.looseObject({ path: z.string().min(1) }),
};

/** The arguments checked against the channel's shape, or a 400 that names what is wrong. */
export function checkArgs<C extends Channel>(channel: C, args: unknown): ArgsOf<C> {
  const schema = IPC_ARGS[channel];
  if (!schema) return undefined as ArgsOf<C>;
  const r = schema.safeParse(args);
  if (r.success) return r.data as ArgsOf<C>;
  const issue = r.error.issues[0]!;
  const where = issue.path.length ? issue.path.join('.') : 'the arguments';
  throw new SwitchyardError('invalid_request', `${channel}: ${where}: ${issue.message}`, {
    hint: 'See the IPC contract (src/shared/ipc-contract.ts) for the expected arguments.',
  });
}

/** Every handler behind the argument check. */
export function withCheckedArgs(handlers: IpcHandlers): IpcHandlers {
  const out = {} as Record<Channel, (args: unknown) => Promise<unknown>>;
  for (const [channel, handler] of Object.entries(handlers) as Array<[Channel, (args: unknown) => Promise<unknown>]>) {
    out[channel] = async (args: unknown) => handler(checkArgs(channel, args));
  }
  return out as unknown as IpcHandlers;
}
