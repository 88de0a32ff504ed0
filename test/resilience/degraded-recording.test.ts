/**
 * The data dir stops accepting writes (full disk) or the database cannot be opened at all
 * (read-only / broken data dir): proxying continues and app:status reports recording as
 * degraded; once writes work again recording recovers on its own.
 *
 * How writes are made to fail for real: these tests run as root here, and root ignores
 * file permissions (and chmod after start would not matter anyway: SQLite keeps its WAL
 * file open). Instead the test lowers RLIMIT_FSIZE of its own process with prlimit(1): the
 * kernel then fails every write past that file offset with EFBIG, exactly like a full disk,
 * for root too, for already-open descriptors too (Node ignores SIGXFSZ). The limit is
 * restored afterwards. The open-time case uses a data dir whose database path is a directory.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppStatus } from '../../src/shared/domain';
import { startTestHost, type TestHost } from './host-support';
import { PASSTHROUGH_MODEL, PROTOCOLS, bodyFor, endedProperly, send, streamedText, waitFor } from './support';

function hasPrlimit(): boolean {
  try {
    execFileSync('prlimit', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Current soft limit of RLIMIT_FSIZE for this process (bytes or 'unlimited'). */
function fsizeSoft(): string {
  return execFileSync('prlimit', ['--pid', String(process.pid), '--fsize', '--output=SOFT', '--noheadings'])
    .toString()
    .trim();
}

function setFsizeSoft(value: string): void {
  execFileSync('prlimit', ['--pid', String(process.pid), `--fsize=${value}:`]);
}

async function status(host: TestHost): Promise<AppStatus> {
  const res = await host.api('app:status');
  expect(res.status).toBe(200);
  return res.body.result as AppStatus;
}

async function proxyWorks(host: TestHost, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (const protocol of PROTOCOLS) {
    host.mock.enqueue('echo');
    const res = await send(host.url, protocol, bodyFor(protocol, PASSTHROUGH_MODEL[protocol], `${tag}-${protocol}`, true), {
      'content-type': 'application/json',
      authorization: `Bearer ${host.token}`,
    });
    expect(res.status).toBe(200);
    expect(endedProperly(protocol, res.text)).toBe(true);
    expect(streamedText(protocol, res.text)).toBe(`${tag}-${protocol}`);
    ids.push(res.headers.get('x-switchyard-exchange-id')!);
  }
  return ids;
}

describe.skipIf(!hasPrlimit())('the disk fills up while running', () => {
  let host: TestHost;
  let original = 'unlimited';
  beforeAll(async () => {
    original = fsizeSoft();
    host = await startTestHost();
  });
  afterAll(async () => {
    setFsizeSoft(original === 'unlimited' ? 'unlimited' : original);
    await host?.close();
  });

  it('keeps proxying, reports recording.degraded, and recovers when space is back', { timeout: 30_000 }, async () => {
    const before = await proxyWorks(host, 'before');
    await host.app.ctx.store!.flush();
    expect(host.app.ctx.store!.getExchange(before[0]!).bodies.clientRequest).toContain('before-anthropic');
    expect((await status(host)).recording.degraded).toBeUndefined();

    setFsizeSoft('1024'); // every write past 1 KB of any file now fails with EFBIG
    try {
      await proxyWorks(host, 'during');
      let st: AppStatus | undefined;
      for (let i = 0; i < 100 && !st?.recording.degraded; i++) {
        await new Promise((r) => setTimeout(r, 50));
        st = await status(host);
      }
      expect(st!.recording.degraded).toMatch(/degraded|full|large|EFBIG|I\/O|disk/i);
      expect(st!.recording.droppedEvents).toBeGreaterThan(0);
      // still serving while degraded
      await proxyWorks(host, 'still');
      expect(host.logs.some((l) => l.startsWith('warn: recording:'))).toBe(true);
    } finally {
      setFsizeSoft(original);
    }

    const after = await proxyWorks(host, 'after');
    await host.app.ctx.store!.flush();
    await waitFor(() => host.app.ctx.store!.status().degraded === undefined, 5000, 'recording recovered');
    expect(host.app.ctx.store!.getExchange(after[0]!).bodies.clientRequest).toContain('after-anthropic');
    expect((await status(host)).recording.degraded).toBeUndefined();
  });
});

describe('the database cannot be opened at start (data dir not writable for it)', () => {
  let host: TestHost;
  beforeAll(async () => {
    // a directory where the database file should be: SQLite cannot open it, as root too
    host = await startTestHost({ prepare: (dir) => fs.mkdirSync(path.join(dir, 'trajectories.db')) });
  });
  afterAll(async () => host?.close());

  it('starts anyway, proxies every protocol, and app:status says recording is degraded', async () => {
    await proxyWorks(host, 'no-store');
    const st = await status(host);
    expect(st.recording.degraded).toBeTruthy();
    expect(st.features.store).toBe(false);
    expect(host.logs.some((l) => /recording is off/.test(l))).toBe(true);
  });
});
