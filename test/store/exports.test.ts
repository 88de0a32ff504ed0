import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrajectoryStore } from '../../src/main/services/store';
import { anthropicSSE, emitExchange, makeStore, tmpDir } from './helpers';

let store: TrajectoryStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

function conversationBody(extraUser?: string): string {
  const messages: unknown[] = [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Look at <b>this</b> & tell me what "it" is <script>alert(1)</script>' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'The user wants a description of the image.', signature: 'sig' },
        { type: 'tool_use', id: 'toolu_1', name: 'ReadImage', input: { path: '/tmp/<x>.png' } },
      ],
    },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'a 1x1 transparent pixel' }] },
  ];
  if (extraUser) messages.push({ role: 'assistant', content: 'ok' }, { role: 'user', content: extraUser });
  return JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 100, system: 'You describe images.', messages, stream: true });
}

async function seed(s: TrajectoryStore): Promise<string[]> {
  const t0 = Date.UTC(2026, 0, 2, 9, 30);
  const ids = [
    emitExchange(s, {
      body: conversationBody(),
      at: t0,
      chunks: anthropicSSE('It is a single pixel.'),
      session: { claudeCodeSessionId: 'exp' },
    }),
    // a small side request (title generation) must not become the main thread
    emitExchange(s, {
      body: JSON.stringify({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'title?' }] }),
      at: t0 + 1000,
      session: { claudeCodeSessionId: 'exp' },
    }),
  ];
  await s.flush();
  return ids;
}

describe('exports', () => {
  it('writes the files layout: query/answer pairs with the same timestamp', async () => {
    const dir = tmpDir();
    store = makeStore(dir);
    await seed(store);
    const out = path.join(dir, 'out');
    const r = await store.exportSession('exp', 'files', out);
    expect(r.path).toBe(path.join(out, 'exp'));
    const q = fs.readdirSync(path.join(out, 'exp', 'query')).sort();
    const a = fs.readdirSync(path.join(out, 'exp', 'answer')).sort();
    expect(q).toHaveLength(2);
    expect(a).toEqual(q);
    expect(q[0]).toMatch(/^2026-01-02T09-30-00\.000Z_0001\.json$/);
    const query = JSON.parse(fs.readFileSync(path.join(out, 'exp', 'query', q[0]), 'utf8'));
    expect(query.messages).toHaveLength(3);
    expect(query.system).toBe('You describe images.');
    const answer = JSON.parse(fs.readFileSync(path.join(out, 'exp', 'answer', q[0]), 'utf8'));
    expect(answer.upstream).toContain('It is a single pixel.'.slice(0, 20));
    expect(answer.downstream).toBe(answer.upstream);
  });

  it('mirrors live into the trajectory dir when configured', async () => {
    const dir = tmpDir();
    const mirror = path.join(dir, 'traj');
    store = makeStore(dir, { recording: { trajectoryDir: mirror } });
    await seed(store);
    const q = fs.readdirSync(path.join(mirror, 'exp', 'query'));
    const a = fs.readdirSync(path.join(mirror, 'exp', 'answer'));
    expect(q.sort()).toEqual(a.sort());
    expect(q).toHaveLength(2);
  });

  it('exports JSONL: a session line then one line per exchange with its bodies', async () => {
    store = makeStore(tmpDir());
    const ids = await seed(store);
    const r = await store.exportSession('exp', 'jsonl');
    const lines = r
      .content!.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0].type).toBe('session');
    expect(lines[0].id).toBe('exp');
    expect(lines.slice(1).map((l) => l.id)).toEqual(ids);
    expect(lines[1].bodies.clientRequest).toBe(conversationBody());
    expect(r.fileName).toBe('exp.jsonl');
  });

  it('exports one self-contained, escaped HTML page with the conversation', async () => {
    const dir = tmpDir();
    store = makeStore(dir);
    await seed(store);
    const r = await store.exportSession('exp', 'html', path.join(dir, 'html'));
    const html = fs.readFileSync(r.path!, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('Look at &lt;b&gt;this&lt;/b&gt; &amp; tell me what &quot;it&quot; is &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(`src="data:image/png;base64,${PNG}"`);
    expect(html).toMatch(/<details class="thinking"><summary>Thinking<\/summary>.*description of the image/s);
    expect(html).toContain('<code>ReadImage</code>');
    expect(html).toContain('/tmp/&lt;x&gt;.png');
    expect(html).toContain('a 1x1 transparent pixel');
    expect(html).toContain('It is a single pixel.');
    expect(html).toContain('prefers-color-scheme:dark');
    // no external requests
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain("default-src 'none'");
  });

  it('exposes the conversation on the session detail (main thread + answer)', async () => {
    store = makeStore(tmpDir());
    const ids = await seed(store);
    const s = store.getSession('exp');
    expect(s.conversation.map((t) => t.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
    const last = s.conversation[4];
    expect(last.exchangeId).toBe(ids[0]);
    expect(last.content).toEqual([{ type: 'text', text: 'It is a single pixel.' }]);
  });
});
