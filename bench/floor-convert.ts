/**
 * The benchmark's conversion reference arm: a fastify server that does the work a conversion
 * lane cannot skip and nothing else. It parses the Anthropic request, converts it with
 * Switchyard's own codecs, serializes it for an OpenAI chat lane and sends it with an undici
 * Pool. The chat answer is converted back to an Anthropic body. No auth, routing, failover,
 * secret scrubbing or recording.
 *
 * "this arm − direct" is the least a Node proxy built like Switchyard (fastify + undici + these
 * codecs) adds on a conversion lane on this machine: the floor under the conversion budget.
 *
 * Usage: tsx bench/floor-convert.ts <upstream origin> → prints `FLOOR http://127.0.0.1:PORT`.
 * Serves POST /v1/messages only, forwarded to <upstream>/v1/chat/completions.
 */
import Fastify from 'fastify';
import { Pool } from 'undici';
import type { LaneOptions } from '../src/proxy/codecs/codec';
import { stringifyBody } from '../src/proxy/pipeline/json-out';
import { createToolNameMap, decodeRequest, encodeRequest, translateResponse } from '../src/proxy/translate/index';

const upstream = process.argv[2];
if (!upstream) throw new Error('usage: tsx bench/floor-convert.ts <upstream origin>');
const pool = new Pool(upstream, { connections: 256, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000 });
// As the bench's chat lane: no capabilities configured.
const provider: LaneOptions['provider'] = { id: 'chat', protocol: 'openai-chat' };
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const app = Fastify({ logger: false, requestTimeout: 0, keepAliveTimeout: 72_000, bodyLimit: 64 * 1024 * 1024 });
app.removeContentTypeParser(['application/json']);
app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
  try {
    done(null, JSON.parse(strictUtf8.decode(body as Buffer)));
  } catch (e) {
    done(e as Error, undefined);
  }
});

app.post('/v1/messages', async (req, reply) => {
  reply.hijack();
  const res = reply.raw;
  const body = req.body as Record<string, unknown>;
  const ir = decodeRequest('anthropic', body);
  const toolNames = createToolNameMap(64);
  const encoded = encodeRequest('openai-chat', { ...ir, model: 'gpt-bench' }, { upstreamModel: 'gpt-bench', provider, toolNames });
  const up = await pool.request({
    method: 'POST',
    path: '/v1/chat/completions',
    headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
    body: stringifyBody(encoded),
  });
  const chunks: Buffer[] = [];
  for await (const c of up.body) chunks.push(c as Buffer);
  const out = translateResponse('openai-chat', 'anthropic', JSON.parse(Buffer.concat(chunks).toString('utf8')), {
    requestedModel: String(body.model),
    toolNames,
    tools: ir.tools,
  });
  const text = JSON.stringify(out.body);
  res.writeHead(up.statusCode, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
});

await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`FLOOR http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
process.on('SIGTERM', () => {
  void app.close().then(() => pool.close().then(() => process.exit(0)));
});
