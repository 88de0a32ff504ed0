/** Test helpers for the Responses codec: contexts, fixtures, running encoders and decoders. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientContext, LaneOptions, ToolNameMap } from '../../../src/proxy/codecs/codec';
import { openaiResponsesCodec } from '../../../src/proxy/codecs/openai-responses';
import { SSEParser, type SSEEvent } from '../../../src/proxy/sse/parser';
import type { IRStreamEvent, IRTool } from '../../../src/shared/ir';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name)) as unknown;
}

/** A tool-name map that renames one long name, like the real one does for > 64 chars. */
export function prefixNameMap(prefix = ''): ToolNameMap {
  return {
    toUpstream: (n) => `${prefix}${n}`,
    toClient: (n) => (n.startsWith(prefix) ? n.slice(prefix.length) : n),
  };
}

export function clientCtx(tools?: IRTool[], toolNames: ToolNameMap = prefixNameMap()): ClientContext {
  const ctx: ClientContext = { requestedModel: 'gpt-5.1-codex', toolNames };
  if (tools) ctx.tools = tools;
  return ctx;
}

export function laneOpts(toolNames: ToolNameMap = prefixNameMap()): LaneOptions {
  return {
    upstreamModel: 'upstream-model',
    provider: { id: 'p1', protocol: 'openai-responses', capabilities: undefined },
    toolNames,
  };
}

export function parseSSE(text: string): SSEEvent[] {
  const p = new SSEParser();
  return [...p.push(text), ...p.end()];
}

export function eventData(events: SSEEvent[]): Array<Record<string, unknown>> {
  return events.map((e) => JSON.parse(e.data) as Record<string, unknown>);
}

/** Run IR events through the Responses stream encoder; returns the SSE text. */
export function encodeIR(events: IRStreamEvent[], ctx: ClientContext = clientCtx()): string {
  const enc = openaiResponsesCodec.createStreamEncoder(ctx);
  let s = '';
  for (const e of events) s += enc.push(e);
  return s + enc.finish();
}

/** Feed raw SSE bytes (in chunks of `size` bytes) through parser + stream decoder. */
export function decodeSSEBytes(bytes: Uint8Array, size: number): IRStreamEvent[] {
  const parser = new SSEParser();
  const dec = openaiResponsesCodec.createStreamDecoder();
  const out: IRStreamEvent[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    for (const ev of parser.push(bytes.subarray(i, i + size))) out.push(...dec.push(ev));
  }
  for (const ev of parser.end()) out.push(...dec.push(ev));
  out.push(...dec.end());
  return out;
}
