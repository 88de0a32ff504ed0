/**
 * `npm run bench`: Switchyard against the DESIGN.md performance budget, side by side with
 * direct-to-mock in one run. Mock upstream and Switchyard each run in their own process;
 * this process is the load generator. Arms are interleaved round by round so both sides
 * see the same machine conditions; each row reports the median over rounds and the spread.
 *
 * A reference arm, a bare Node proxy (bench/floor-proxy.mjs: node:http + JSON.parse + undici
 * Pool + relay) in its own process, runs in the same rounds: its rows show what one extra Node
 * hop costs on this machine, the floor under Switchyard's added latency (informational).
 *
 * Options (env): BENCH_ROUNDS (default 3), BENCH_QUICK=1 (fewer requests, for smoke runs).
 * Writes bench/results/bench-<timestamp>.json. Needs no network; cleans up after itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startChild, type Child } from './children';
import { asChatBody, claudeCodeRequest, smallRequest } from './fixtures';
import { LoadClient } from './load';
import { rssMb, sleep } from './proc';
import { fmt, medianSpread, summarize } from './stats';
import { benchStore } from './store-bench';

const root = path.resolve(import.meta.dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const QUICK = process.env.BENCH_QUICK === '1';
// The mock picks its scenario from the model name (the proxy forwards no test headers).
const STREAM_MODEL = 'mock-text-deltas-20-gap-10';
const LONG_STREAM_MODEL = 'mock-text-deltas-50-gap-80';
const N = (full: number) => (QUICK ? Math.max(10, Math.round(full / 10)) : full);

interface Row {
  section: string;
  what: string;
  budget: string;
  unit: string;
  median: number;
  min: number;
  max: number;
  /** undefined = informational row */
  pass?: boolean;
  note?: string;
}
const rows: Row[] = [];
function addRow(
  section: string,
  what: string,
  values: number[],
  unit: string,
  budget?: { max?: number; min?: number; text: string },
  note?: string,
): void {
  const m = medianSpread(values);
  let pass: boolean | undefined;
  if (budget?.max !== undefined) pass = m.median <= budget.max;
  if (budget?.min !== undefined) pass = m.median >= budget.min;
  rows.push({ section, what, budget: budget?.text ?? '', unit, ...m, pass, note });
  const verdict = pass === undefined ? '' : pass ? '  ok' : '  OVER BUDGET';
  process.stdout.write(`  ${what}: ${fmt(m.median)} ${unit} (spread ${fmt(m.min)}–${fmt(m.max)})${verdict}\n`);
}

function writeConfig(dir: string, mockUrl: string): string {
  const file = path.join(dir, 'switchyard.yaml');
  fs.writeFileSync(
    file,
    `server:
  port: 0
providers:
  - id: anth
    protocol: anthropic
    baseUrl: ${mockUrl}
    apiKey: sk-bench-anthropic-lane-key
  - id: chat
    protocol: openai-chat
    baseUrl: ${mockUrl}/v1
    apiKey: sk-bench-chat-lane-key
routes:
  - { name: bench-pass, provider: anth, model: claude-sonnet-4-5 }
  - { name: bench-conv, provider: chat, model: gpt-bench }
  - { name: bench-pass-stream, provider: anth, model: ${STREAM_MODEL} }
  - { name: bench-conv-stream, provider: chat, model: ${STREAM_MODEL} }
  - { name: bench-pass-long, provider: anth, model: ${LONG_STREAM_MODEL} }
recording:
  enabled: true
`,
  );
  return file;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  if (!fs.existsSync(path.join(root, 'out', 'cli', 'index.js'))) throw new Error('Run `npm run build` first (npm install does it).');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sy-bench-'));
  const children: Child[] = [];
  const cleanup = async () => {
    for (const c of children.splice(0)) await c.stop();
    fs.rmSync(work, { recursive: true, force: true });
  };
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

  try {
    process.stdout.write(
      `Switchyard benchmark — ${os.cpus().length} cores, Node ${process.versions.node}, ${ROUNDS} rounds${QUICK ? ' (quick)' : ''}\n`,
    );
    const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const mock = await startChild(process.execPath, [tsx, path.join(root, 'bench', 'mock-server.ts')], /MOCK (http:\/\/\S+)\n/, {
      cwd: root,
    });
    children.push(mock.child);
    const mockUrl = mock.match[1]!;
    const floor = await startChild(process.execPath, [path.join(root, 'bench', 'floor-proxy.mjs'), mockUrl], /FLOOR (http:\/\/\S+)\n/, {
      cwd: root,
    });
    children.push(floor.child);
    // Two more reference arms, for the ~90 KB c=1 budget rows only: the body piped unparsed (the
    // least any Node hop costs), and fastify + the conversion work alone (bench/floor-convert.ts).
    const pipe = await startChild(
      process.execPath,
      [path.join(root, 'bench', 'floor-proxy.mjs'), mockUrl, 'pipe'],
      /FLOOR (http:\/\/\S+)\n/,
      {
        cwd: root,
      },
    );
    children.push(pipe.child);
    const convFloor = await startChild(
      process.execPath,
      [tsx, path.join(root, 'bench', 'floor-convert.ts'), mockUrl],
      /FLOOR (http:\/\/\S+)\n/,
      {
        cwd: root,
      },
    );
    children.push(convFloor.child);

    // Headless start to first served request.
    const dataDir = path.join(work, 'data');
    fs.mkdirSync(dataDir);
    const configFile = writeConfig(dataDir, mockUrl);
    const bin = path.join(root, 'bin', 'switchyard.js');
    process.stdout.write('\n[start] headless start to first served request\n');
    const startTimes: number[] = [];
    for (let i = 0; i < (QUICK ? 2 : 5); i++) {
      const spawnedAt = performance.now();
      const s = await startChild(
        process.execPath,
        [bin, 'serve', '--data-dir', dataDir, '--config', configFile, '--port', '0'],
        /listening on (http:\/\/\S+)\n/,
        { cwd: root },
      );
      const res = await fetch(`${s.match[1]}/healthz`);
      await res.arrayBuffer();
      startTimes.push(performance.now() - spawnedAt);
      await s.child.stop();
    }
    addRow(
      'start',
      'headless start → first served request',
      startTimes,
      'ms',
      { max: 500, text: '< 500 ms' },
      'includes Node start-up and config/DB open',
    );

    const sy = await startChild(
      process.execPath,
      ['--expose-gc', bin, 'serve', '--data-dir', dataDir, '--config', configFile, '--port', '0'],
      /listening on (http:\/\/\S+)\n/,
      {
        cwd: root,
      },
    );
    children.push(sy.child);
    const syUrl = sy.match[1]!;
    const token = fs.readFileSync(path.join(dataDir, 'app-token'), 'utf8').trim();
    const syHeaders = {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'anthropic-version': '2023-06-01',
      'x-claude-code-session-id': 'bench-session',
    };
    const mockAnthHeaders = { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' };
    const mockChatHeaders = { 'content-type': 'application/json', authorization: 'Bearer k' };
    const setRecording = async (on: boolean) => {
      const r = await fetch(`${syUrl}/api/recording:setPaused`, {
        method: 'POST',
        headers: syHeaders,
        body: JSON.stringify({ paused: !on }),
      });
      await r.arrayBuffer();
      return r.ok;
    };

    const bodies = {
      small: { pass: smallRequest('bench-pass'), conv: smallRequest('bench-conv') },
      large: { pass: claudeCodeRequest({ model: 'bench-pass' }), conv: claudeCodeRequest({ model: 'bench-conv' }) },
    };
    const direct = {
      small: { anth: JSON.stringify(smallRequest('claude-sonnet-4-5')), chat: JSON.stringify(asChatBody(smallRequest('x'))) },
      large: {
        anth: JSON.stringify(claudeCodeRequest({ model: 'claude-sonnet-4-5' })),
        chat: JSON.stringify(asChatBody(claudeCodeRequest())),
      },
    };

    const mockC = new LoadClient(mockUrl, 64);
    const floorC = new LoadClient(floor.match[1]!, 64);
    const pipeC = new LoadClient(pipe.match[1]!, 4);
    const convFloorC = new LoadClient(convFloor.match[1]!, 4);
    const syC = new LoadClient(syUrl, 320);

    // Warm-up: JIT, pools, lazy imports on every path.
    process.stdout.write('\n[warm-up]\n');
    for (const size of ['small', 'large'] as const) {
      for (const client of [mockC, floorC]) {
        await client.run({ path: '/v1/messages', headers: mockAnthHeaders, body: direct[size].anth, concurrency: 4, requests: N(200) });
        await client.run({
          path: '/v1/chat/completions',
          headers: mockChatHeaders,
          body: direct[size].chat,
          concurrency: 4,
          requests: N(200),
        });
      }
      for (const lane of ['pass', 'conv'] as const) {
        const r = await syC.run({
          path: '/v1/messages',
          headers: syHeaders,
          body: JSON.stringify(bodies[size][lane]),
          concurrency: 4,
          requests: N(200),
        });
        if (r.errors) process.stdout.write(`  warning: ${lane}/${size} had ${r.errors} errors during warm-up (${r.firstError})\n`);
      }
    }
    for (const client of [pipeC, convFloorC]) {
      const r = await client.run({
        path: '/v1/messages',
        headers: mockAnthHeaders,
        body: direct.large.anth,
        concurrency: 4,
        requests: N(200),
      });
      if (r.errors) process.stdout.write(`  warning: a reference arm had ${r.errors} errors during warm-up (${r.firstError})\n`);
    }
    const recordingToggle = await setRecording(true);

    // (a) added latency, interleaved per round.
    process.stdout.write('\n[latency] added latency = proxy p50/p99 − direct p50/p99, same round\n');
    type Key = string;
    const added = new Map<Key, { p50: number[]; p99: number[] }>();
    const floorAdded = new Map<Key, { p50: number[]; p99: number[] }>();
    const push = (k: Key, p50: number, p99: number, into = added) => {
      const e = into.get(k) ?? { p50: [], p99: [] };
      e.p50.push(p50);
      e.p99.push(p99);
      into.set(k, e);
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of [1, 32]) {
        for (const size of ['small', 'large'] as const) {
          const n = c === 1 ? N(size === 'small' ? 300 : 150) : N(size === 'small' ? 3000 : 800);
          const dA = summarize(
            (await mockC.run({ path: '/v1/messages', headers: mockAnthHeaders, body: direct[size].anth, concurrency: c, requests: n }))
              .latencies,
          );
          const dC = summarize(
            (
              await mockC.run({
                path: '/v1/chat/completions',
                headers: mockChatHeaders,
                body: direct[size].chat,
                concurrency: c,
                requests: n,
              })
            ).latencies,
          );
          // Reference arm: the same requests through the bare Node proxy, same round.
          for (const [api, base] of [
            ['messages', dA],
            ['chat', dC],
          ] as const) {
            const f = await floorC.run({
              path: api === 'messages' ? '/v1/messages' : '/v1/chat/completions',
              headers: api === 'messages' ? mockAnthHeaders : mockChatHeaders,
              body: api === 'messages' ? direct[size].anth : direct[size].chat,
              concurrency: c,
              requests: n,
            });
            if (f.errors) process.stdout.write(`  floor ${api}/${size}/c${c}: ${f.errors} errors (${f.firstError})\n`);
            const s = summarize(f.latencies);
            push(`${api}|${size}|c${c}`, s.p50 - base.p50, s.p99 - base.p99, floorAdded);
          }
          if (size === 'large' && c === 1) {
            for (const [arm, client, base] of [
              ['pipe', pipeC, dA],
              ['convert', convFloorC, dC],
            ] as const) {
              const f = await client.run({
                path: '/v1/messages',
                headers: mockAnthHeaders,
                body: direct.large.anth,
                concurrency: 1,
                requests: n,
              });
              if (f.errors) process.stdout.write(`  ${arm} reference: ${f.errors} errors (${f.firstError})\n`);
              const s = summarize(f.latencies);
              push(arm, s.p50 - base.p50, s.p99 - base.p99, floorAdded);
            }
          }
          for (const rec of recordingToggle ? [true, false] : [true]) {
            await setRecording(rec);
            for (const lane of ['pass', 'conv'] as const) {
              const r = await syC.run({
                path: '/v1/messages',
                headers: syHeaders,
                body: JSON.stringify(bodies[size][lane]),
                concurrency: c,
                requests: n,
              });
              if (r.errors) process.stdout.write(`  ${lane}/${size}/c${c}: ${r.errors} errors (${r.firstError})\n`);
              const s = summarize(r.latencies);
              const base = lane === 'pass' ? dA : dC;
              push(`${lane}|${size}|c${c}|rec${rec ? 'on' : 'off'}`, s.p50 - base.p50, s.p99 - base.p99);
            }
          }
        }
      }
      process.stdout.write(`  round ${round + 1}/${ROUNDS} done\n`);
    }
    await setRecording(true);
    for (const [k, v] of added) {
      const [lane, size, c, rec] = k.split('|');
      const label = `${lane === 'pass' ? 'passthrough' : 'conversion'} ${size === 'large' ? '~90 KB CC request' : 'small request'} ${c} recording ${rec!.slice(3)}`;
      const isBudgetRow = size === 'large' && c === 'c1';
      const budgetP50 = isBudgetRow
        ? lane === 'pass'
          ? { max: 0.5, text: '≤ 0.5 ms' }
          : rec === 'recon'
            ? { max: 1, text: '≤ 1 ms' }
            : undefined
        : undefined;
      addRow('latency', `${label}: added p50`, v.p50, 'ms', budgetP50);
      addRow(
        'latency',
        `${label}: added p99`,
        v.p99,
        'ms',
        isBudgetRow && lane === 'conv' && rec === 'recon' ? { max: 3, text: '≤ 3 ms' } : undefined,
      );
    }
    const floorNote = 'reference, no budget: node:http + JSON.parse + undici Pool + relay (bench/floor-proxy.mjs)';
    const refNotes: Record<string, [string, string]> = {
      pipe: [
        'reference: bare Node pipe ~90 KB c1 (body streamed upstream, never parsed)',
        'reference, no budget: the least any Node hop costs here (bench/floor-proxy.mjs pipe); compare with the 0.5 ms passthrough budget',
      ],
      convert: [
        'reference: fastify + the conversion alone ~90 KB c1 (Anthropic in, chat lane)',
        "reference, no budget: parse, Switchyard's codecs, serialize, convert the answer back, nothing else (bench/floor-convert.ts); compare with the 1 ms conversion budget",
      ],
    };
    for (const [k, v] of floorAdded) {
      const ref = refNotes[k];
      if (ref) {
        addRow('latency', `${ref[0]}: added p50`, v.p50, 'ms', undefined, ref[1]);
        addRow('latency', `${ref[0]}: added p99`, v.p99, 'ms', undefined, ref[1]);
        continue;
      }
      const [api, size, c] = k.split('|');
      const label = `reference: bare Node proxy hop ${size === 'large' ? '~90 KB' : 'small'} ${c}${api === 'chat' ? ' (chat)' : ''}`;
      addRow('latency', `${label}: added p50`, v.p50, 'ms', undefined, floorNote);
      addRow('latency', `${label}: added p99`, v.p99, 'ms', undefined, floorNote);
    }

    // (b) streams: added time to first byte and the largest gap between chunks.
    process.stdout.write('\n[streams] 20 deltas, 10 ms apart\n');
    const ttfbAdded: Record<string, number[]> = { pass: [], conv: [], floor: [] };
    const gaps: Record<string, number[]> = { direct: [], pass: [], conv: [] };
    // The same Anthropic stream, straight to the mock and through the bare Node proxy.
    const anthStream = JSON.stringify(smallRequest(STREAM_MODEL, true));
    const runAnthStream = (client: LoadClient, requests: number) =>
      client.run({ path: '/v1/messages', headers: mockAnthHeaders, body: anthStream, concurrency: 1, requests });
    for (let round = 0; round < ROUNDS; round++) {
      const d = await runAnthStream(mockC, N(40));
      const dc = await mockC.run({
        path: '/v1/chat/completions',
        headers: mockChatHeaders,
        body: JSON.stringify(asChatBody(smallRequest('x', true), STREAM_MODEL)),
        concurrency: 1,
        requests: N(40),
      });
      gaps.direct!.push(summarize(d.maxGaps).p50);
      const f = await runAnthStream(floorC, N(20));
      ttfbAdded.floor!.push(summarize(f.ttfb).p50 - summarize(d.ttfb).p50);
      for (const lane of ['pass', 'conv'] as const) {
        const r = await syC.run({
          path: '/v1/messages',
          headers: syHeaders,
          body: JSON.stringify(smallRequest(lane === 'pass' ? 'bench-pass-stream' : 'bench-conv-stream', true)),
          concurrency: 1,
          requests: N(40),
        });
        const base = lane === 'pass' ? d : dc;
        ttfbAdded[lane]!.push(summarize(r.ttfb).p50 - summarize(base.ttfb).p50);
        gaps[lane]!.push(summarize(r.maxGaps).p50);
      }
    }
    addRow('streams', 'passthrough: added time to first byte p50', ttfbAdded.pass!, 'ms', { max: 1, text: '≤ 1 ms' });
    addRow('streams', 'conversion: added time to first byte p50', ttfbAdded.conv!, 'ms', { max: 1, text: '≤ 1 ms' });
    addRow(
      'streams',
      'reference: bare Node proxy hop: added time to first byte p50',
      ttfbAdded.floor!,
      'ms',
      undefined,
      'reference, no budget: the same stream through bench/floor-proxy.mjs',
    );
    addRow('streams', 'direct: largest gap between chunks p50', gaps.direct!, 'ms', undefined, 'upstream gap is 10 ms');
    addRow('streams', 'passthrough: largest gap between chunks p50', gaps.pass!, 'ms', {
      max: 15,
      text: '≈ upstream gap (never buffered)',
    });
    addRow('streams', 'conversion: largest gap between chunks p50', gaps.conv!, 'ms', { max: 15, text: '≈ upstream gap (never buffered)' });

    // (c) max requests/s at c=32, small requests.
    process.stdout.write('\n[throughput] small requests at c=32\n');
    const rpsPass: number[] = [];
    const rpsDirect: number[] = [];
    /** One round of small passthrough requests through Switchyard at c=32: successful requests/s. */
    const switchyardRps = async (): Promise<number> => {
      const r = await syC.run({
        path: '/v1/messages',
        headers: syHeaders,
        body: JSON.stringify(bodies.small.pass),
        concurrency: 32,
        durationMs: QUICK ? 1000 : 4000,
      });
      return ((r.completed - r.errors) / r.elapsedMs) * 1000;
    };
    for (let round = 0; round < ROUNDS; round++) {
      const d = await mockC.run({
        path: '/v1/messages',
        headers: mockAnthHeaders,
        body: direct.small.anth,
        concurrency: 32,
        durationMs: QUICK ? 1000 : 4000,
      });
      rpsDirect.push((d.completed / d.elapsedMs) * 1000);
      rpsPass.push(await switchyardRps());
    }
    // The same with recording paused (the tray's Pause): what the store's writes cost at this rate.
    const setPaused = async (paused: boolean): Promise<void> => {
      const res = await fetch(`${syUrl}/api/recording:setPaused`, { method: 'POST', headers: syHeaders, body: JSON.stringify({ paused }) });
      if (!res.ok) throw new Error(`recording:setPaused → HTTP ${res.status}: ${await res.text()}`);
      await res.arrayBuffer().catch(() => undefined);
    };
    const rpsPaused: number[] = [];
    await setPaused(true);
    try {
      for (let round = 0; round < ROUNDS; round++) rpsPaused.push(await switchyardRps());
    } finally {
      await setPaused(false);
    }
    addRow(
      'throughput',
      'direct to mock: requests/s',
      rpsDirect,
      'req/s',
      undefined,
      'upper bound set by the mock and load generator on the same 2 cores',
    );
    addRow('throughput', 'through Switchyard (passthrough, recording on): requests/s', rpsPass, 'req/s', { min: 5000, text: '≥ 5,000' });
    addRow(
      'throughput',
      'reference, no budget: the same with recording paused',
      rpsPaused,
      'req/s',
      undefined,
      "the difference is the store's work (its worker shares the 2 cores with the mock and load generator)",
    );

    // (d) memory: idle, under 256 concurrent streams, 30 s after.
    // Memory on its own fresh instance: the latency runs above have grown this one's heap.
    await syC.close();
    await sy.child.stop();
    children.splice(children.indexOf(sy.child), 1);
    process.stdout.write('\n[memory] RSS of a fresh Switchyard process (recording on)\n');
    const memSy = await startChild(
      process.execPath,
      [bin, 'serve', '--data-dir', dataDir, '--config', configFile, '--port', '0'],
      /listening on (http:\/\/\S+)\n/,
      {
        cwd: root,
      },
    );
    children.push(memSy.child);
    const memUrl = memSy.match[1]!;
    const memC = new LoadClient(memUrl, 8);
    // Touch every path once (lazy imports, pools) before calling it idle.
    for (const model of ['bench-pass', 'bench-conv', 'bench-pass-stream']) {
      await memC.run({
        path: '/v1/messages',
        headers: syHeaders,
        body: JSON.stringify(smallRequest(model, model.endsWith('stream'))),
        concurrency: 1,
        requests: 5,
      });
    }
    await memC.close();
    // Idle: the process has had time for its own housekeeping after the last request (one
    // collection and an allocator trim once it has been quiet 6 s; see idle-gc.ts). The
    // reading 3 s after the requests, before that, is shown too.
    await sleep(3000);
    addRow(
      'memory',
      'RSS 3 s after the last request (every path used once)',
      [rssMb(memSy.child.pid)],
      'MB',
      undefined,
      'before the idle housekeeping at 6 s of quiet',
    );
    await sleep(7000);
    const idle = rssMb(memSy.child.pid);
    addRow('memory', 'RSS idle (10 s without requests, every path used once)', [idle], 'MB', { max: 90, text: '≤ 90 MB' });
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(memSy.child.pid))), 100);
    const streamsC = new LoadClient(memUrl, 256);
    const sres = await streamsC.run({
      path: '/v1/messages',
      headers: syHeaders,
      body: JSON.stringify(claudeCodeRequest({ model: 'bench-pass-long', stream: true })),
      concurrency: 256,
      requests: 256,
    });
    clearInterval(sampler);
    await streamsC.close();
    addRow('memory', `RSS peak under 256 concurrent ~90 KB streams (${sres.completed - sres.errors}/256 ok)`, [peak], 'MB', {
      max: 250,
      text: '≤ 250 MB',
    });
    await sleep(QUICK ? 5000 : 30_000);
    addRow('memory', `RSS ${QUICK ? 5 : 30} s after`, [rssMb(memSy.child.pid)], 'MB', {
      max: Math.max(90, idle * 1.25),
      text: 'back near idle',
    });

    await mockC.close();
    await floorC.close();
    await pipeC.close();
    await convFloorC.close();

    // (e) store: write throughput and bytes per turn over a 50-turn session (in-process).
    process.stdout.write('\n[store]\n');
    const st = await benchStore(path.join(work, 'store'), { exchanges: N(3000), rounds: QUICK ? 1 : ROUNDS });
    addRow('store', 'Claude-Code-sized exchanges recorded per second', st.perSecond, 'ex/s', { min: 2000, text: '≥ 2,000' });
    addRow('store', 'same, per CPU-second of the recording process', st.perCpuSecond, 'ex/s', undefined, 'load-independent view');
    addRow('store', '50-turn session: stored bytes / raw body bytes', st.ratioPercent, '%', { max: 15, text: '< 15 %' });
    addRow(
      'store',
      '50-turn session: stored bytes per turn',
      st.bytesPerTurn,
      'bytes',
      undefined,
      `raw ${Math.round(st.rawPerTurn)} bytes per turn`,
    );

    printTable();
    const outDir = path.join(root, 'bench', 'results');
    fs.mkdirSync(outDir, { recursive: true });
    const outFile = path.join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(
      outFile,
      JSON.stringify(
        { at: new Date().toISOString(), node: process.versions.node, cores: os.cpus().length, rounds: ROUNDS, quick: QUICK, rows },
        null,
        2,
      ),
    );
    process.stdout.write(`\nwrote ${path.relative(root, outFile)} — total ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  } finally {
    await cleanup();
  }
}

function printTable(): void {
  const head = ['section', 'measurement', 'median', 'spread', 'budget', 'verdict'];
  const lines = rows.map((r) => [
    r.section,
    r.what,
    `${fmt(r.median)} ${r.unit}`,
    `${fmt(r.min)}–${fmt(r.max)}`,
    r.budget,
    r.pass === undefined ? (r.note ?? '') : r.pass ? 'ok' : 'OVER',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmtLine = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  process.stdout.write(`\n${fmtLine(head)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n`);
  for (const l of lines) process.stdout.write(`${fmtLine(l)}\n`);
}

await main();
