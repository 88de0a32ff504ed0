/**
 * Store benchmark, in-process: (1) write throughput of Claude-Code-sized exchanges through
 * the same path the proxy uses (sink.emit → queue → batched transactions), (2) bytes stored
 * for a 50-turn session against its raw body bytes (all four bodies counted as raw).
 */
import fs from 'node:fs';
import path from 'node:path';
import { openTrajectoryStore } from '../src/main/services/store';
import type { ExchangeEvent, RoutingDecision } from '../src/shared/recording';
import { claudeCodeRequest, prose } from './fixtures';

export interface StoreBenchResult {
  perSecond: number[];
  /** Exchanges per CPU-second of this process: steadier than wall clock on a busy machine. */
  perCpuSecond: number[];
  ratioPercent: number[];
  bytesPerTurn: number[];
  rawPerTurn: number;
}

const routing: RoutingDecision = {
  rule: 'slot:sonnet',
  reason: 'claude-sonnet-4-5 → sonnet slot → anth/claude-sonnet-4-5',
  requestedModel: 'claude-sonnet-4-5',
  providerId: 'anth',
  upstreamModel: 'claude-sonnet-4-5',
  upstreamProtocol: 'anthropic',
  passthrough: true,
  fallbacks: [],
};

function answerTranscript(turn: number): string {
  const text = prose(1200, 9000 + turn);
  const events = [
    [
      'message_start',
      {
        type: 'message_start',
        message: {
          id: `msg_${turn}`,
          type: 'message',
          role: 'assistant',
          model: 'claude-sonnet-4-5',
          content: [],
          usage: { input_tokens: 20000, output_tokens: 1 },
        },
      },
    ],
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
    ...Array.from({ length: 12 }, (_, i) => [
      'content_block_delta',
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: text.slice(i * 100, i * 100 + 100) } },
    ]),
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 300 } }],
    ['message_stop', { type: 'message_stop' }],
  ] as const;
  return events.map(([e, d]) => `event: ${e}\ndata: ${JSON.stringify(d)}\n\n`).join('');
}

/** The events the proxy emits for one streamed passthrough exchange. */
function exchangeEvents(id: string, sessionId: string, turn: number, at: number): { events: ExchangeEvent[]; rawBytes: number } {
  const body = JSON.stringify(claudeCodeRequest({ turns: turn, stream: true, sessionSeed: 1 }));
  const answer = answerTranscript(turn);
  const chunks = answer.match(/[\s\S]{1,400}/g) ?? [];
  const events: ExchangeEvent[] = [
    {
      type: 'start',
      exchangeId: id,
      at,
      client: 'claude-code',
      inboundProtocol: 'anthropic',
      method: 'POST',
      path: '/v1/messages',
      headers: { 'x-claude-code-session-id': sessionId, 'anthropic-version': '2023-06-01' },
      clientRequestBody: body,
      stream: true,
      session: { claudeCodeSessionId: sessionId },
      routing,
    },
    {
      type: 'upstream_request',
      exchangeId: id,
      at: at + 1,
      attempt: 1,
      providerId: 'anth',
      upstreamProtocol: 'anthropic',
      url: 'http://127.0.0.1:1/v1/messages',
      upstreamRequestBody: body,
      routing,
    },
    { type: 'upstream_response', exchangeId: id, at: at + 50, attempt: 1, status: 200, headers: { 'content-type': 'text/event-stream' } },
    ...chunks.map((chunk, i): ExchangeEvent => ({ type: 'upstream_chunk', exchangeId: id, at: at + 51 + i, chunk })),
    {
      type: 'end',
      exchangeId: id,
      at: at + 900,
      status: 200,
      partial: false,
      usage: { inputTokens: 20000, outputTokens: 300, cacheReadTokens: 0, cacheWriteTokens: 0 },
      receivedAt: at,
      upstreamFirstByteAt: at + 50,
      lastByteAt: at + 900,
      streamStats: { events: 17, bytes: answer.length, maxGapMs: 40 },
      attempts: 1,
      finalProviderId: 'anth',
      finalModel: 'claude-sonnet-4-5',
    },
  ];
  // Raw = client request + upstream request + upstream transcript + client transcript (same on passthrough).
  return { events, rawBytes: body.length * 2 + answer.length * 2 };
}

function dbBytes(dbPath: string): number {
  let total = 0;
  for (const f of [dbPath, `${dbPath}-wal`]) if (fs.existsSync(f)) total += fs.statSync(f).size;
  return total;
}

export async function benchStore(dir: string, opts: { exchanges: number; rounds: number }): Promise<StoreBenchResult> {
  const perSecond: number[] = [];
  const perCpuSecond: number[] = [];
  const ratioPercent: number[] = [];
  const bytesPerTurn: number[] = [];
  let rawPerTurn = 0;
  const config = () => ({ recording: { enabled: true, trajectoryDir: null } });
  for (let round = 0; round < opts.rounds; round++) {
    const roundDir = path.join(dir, `round-${round}`);
    fs.mkdirSync(roundDir, { recursive: true });

    // (1) 50-turn session: stored bytes vs raw bytes.
    const sessionDb = path.join(roundDir, 'session.db');
    const s1 = openTrajectoryStore({ dbPath: sessionDb, config, secrets: () => [] });
    let raw = 0;
    const t = Date.now();
    for (let turn = 0; turn < 50; turn++) {
      const { events, rawBytes } = exchangeEvents(`ex-s-${round}-${turn}`, 'bench-session-50', turn, t + turn * 1000);
      raw += rawBytes;
      for (const e of events) s1.emit(e);
    }
    await s1.flush();
    await s1.close();
    const stored = dbBytes(sessionDb);
    ratioPercent.push((stored / raw) * 100);
    bytesPerTurn.push(stored / 50);
    rawPerTurn = raw / 50;

    // (2) throughput: many sessions, each exchange ~90 KB, through emit → flush.
    const tpDb = path.join(roundDir, 'throughput.db');
    const s2 = openTrajectoryStore({ dbPath: tpDb, config, secrets: () => ['sk-bench-secret-key-000'] });
    const prepared = Array.from({ length: 50 }, (_, i) => exchangeEvents(`proto-${i}`, `s-${i % 10}`, 4 + (i % 4), t));
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < opts.exchanges; i++) {
      const proto = prepared[i % prepared.length]!;
      const id = `ex-t-${round}-${i}`;
      for (const e of proto.events) s2.emit({ ...e, exchangeId: id } as ExchangeEvent);
      // Let the writer's timers run as they would between requests.
      if (i % 200 === 199) await new Promise((r) => setImmediate(r));
    }
    await s2.flush();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const status = s2.status();
    await s2.close();
    const written = opts.exchanges - status.droppedEvents;
    perSecond.push(written / seconds);
    perCpuSecond.push(written / cpuSeconds);
    if (status.droppedBodies || status.droppedEvents) {
      process.stdout.write(`  note: queue dropped ${status.droppedBodies} bodies / ${status.droppedEvents} events under load\n`);
    }
  }
  return { perSecond, perCpuSecond, ratioPercent, bytesPerTurn, rawPerTurn };
}
