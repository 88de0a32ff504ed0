/**
 * Every `/api/<channel>` of the headless host with arguments of odd shapes (null, numbers,
 * arrays, objects whose known fields have the wrong types): each answers an envelope, never
 * a 500 of its own, and the host keeps serving. HOME points at a temp folder, and no
 * generated argument is a usable path, so nothing is written outside the test's folders.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../src/shared/ipc-contract';
import { startTestHost, type TestHost } from './host-support';

let host: TestHost;
let home: string;
beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'sy-odd-home-'));
  host = await startTestHost({ env: { HOME: home, USERPROFILE: home } });
});
afterAll(async () => {
  await host?.close();
  fs.rmSync(home, { recursive: true, force: true });
});

/** Values of the wrong type for any field (strings only too short to name a client, file or provider). */
const wrong = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.constant([null]),
  fc.constant(['x']),
  fc.constant({ x: 1 }),
  fc.string({ maxLength: 2 }),
);
const FIELDS = [
  'id',
  'client',
  'providerId',
  'sessionId',
  'token',
  'paused',
  'format',
  'outDir',
  'path',
  'home',
  'backupId',
  'text',
  'limit',
  'options',
  'provider',
  'model',
  'slots',
  'routing',
  'routes',
  'exchangeId',
  'from',
  'to',
  'groupBy',
  'recording',
  'server',
  'label',
  'taskName',
  'offset',
  'sort',
  'query',
];
const oddArgs = fc.oneof(
  wrong,
  fc.dictionary(fc.constantFrom(...FIELDS), wrong, { maxKeys: 4 }),
  fc.dictionary(fc.constantFrom(...FIELDS), fc.dictionary(fc.constantFrom(...FIELDS), wrong, { maxKeys: 3 }), { maxKeys: 2 }),
);

describe('/api channels with odd arguments', () => {
  it.each(CHANNELS)(
    '%s: an envelope, never a 500',
    async (channel) => {
      await fc.assert(
        fc.asyncProperty(oddArgs, async (args) => {
          const res = await host.api(channel, args);
          expect(res.status, `${channel} ${JSON.stringify(args)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`).not.toBe(500);
          expect(
            typeof res.body === 'object' && res.body !== null && 'ok' in res.body,
            `not an envelope: ${JSON.stringify(res.body).slice(0, 200)}`,
          ).toBe(true);
        }),
        { numRuns: Number(process.env.ODD_RUNS ?? 25) },
      );
      const ok = await host.api('app:status');
      expect(ok.status).toBe(200);
    },
    60_000,
  );
});
