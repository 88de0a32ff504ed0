/** The grammar checker must reject broken streams, or the property tests prove nothing. */
import { describe, expect, it } from 'vitest';
import { checkResponsesStream, parseSSEText } from '../grammar/responses';
import { fixtureText } from './helpers';

type Ev = Record<string, unknown>;

const golden = (): Ev[] => parseSSEText(fixtureText('upstream-stream.sse')).map((e) => JSON.parse(e.data) as Ev);

function mutate(fn: (evs: Ev[]) => void): string[] {
  const evs = golden();
  fn(evs);
  return checkResponsesStream(evs);
}

const idx = (evs: Ev[], type: string, nth = 0): number => {
  let seen = 0;
  for (let i = 0; i < evs.length; i++) if (evs[i]!.type === type && seen++ === nth) return i;
  throw new Error(`no ${type}`);
};

describe('checkResponsesStream', () => {
  it('accepts the golden transcript, as SSE events or decoded objects', () => {
    expect(checkResponsesStream(parseSSEText(fixtureText('upstream-stream.sse')))).toEqual([]);
    expect(checkResponsesStream(golden())).toEqual([]);
  });

  it.each<[string, (evs: Ev[]) => void, RegExp]>([
    ['missing terminal event', (evs) => void evs.pop(), /no terminal event/],
    [
      'events after the terminal event',
      (evs) => void evs.push({ type: 'response.output_text.delta', sequence_number: 999 }),
      /after terminal/,
    ],
    ['response.created not first', (evs) => void evs.shift(), /expected response.created/],
    ['sequence numbers going backwards', (evs) => void (evs[3]!.sequence_number = 0), /not increasing/],
    ['delta before its item was added', (evs) => void evs.splice(idx(evs, 'response.output_item.added', 1), 1), /never added|output_index/],
    [
      'text delta before content_part.added',
      (evs) => void evs.splice(idx(evs, 'response.content_part.added'), 1),
      /before content_part.added/,
    ],
    ['done text that differs from deltas', (evs) => void (evs[idx(evs, 'response.output_text.done')]!.text = 'other'), /differs/],
    [
      'function_call item without call_id',
      (evs) => void delete (evs[idx(evs, 'response.output_item.done', 2)]!.item as Ev).call_id,
      /without call_id/,
    ],
    [
      'arguments that differ from deltas',
      (evs) => void ((evs[idx(evs, 'response.output_item.done', 2)]!.item as Ev).arguments = '{}'),
      /arguments differ/,
    ],
    ['completed with an item never done', (evs) => void evs.splice(idx(evs, 'response.output_item.done', 2), 1), /not done/],
    ['completed output not matching done items', (evs) => void ((evs.at(-1)!.response as Ev).output as unknown[]).pop(), /output differs/],
    ['usage totals inconsistent', (evs) => void (((evs.at(-1)!.response as Ev).usage as Ev).total_tokens = 1), /total_tokens/],
    [
      'summary delta before its part',
      (evs) => void evs.splice(idx(evs, 'response.reasoning_summary_part.added'), 1),
      /before reasoning_summary_part.added|summary_index/,
    ],
  ])('rejects %s', (_name, fn, re) => {
    const v = mutate(fn);
    expect(v.length).toBeGreaterThan(0);
    expect(v.join('\n')).toMatch(re);
  });

  it('rejects response.failed without an error code and mismatched SSE event names', () => {
    expect(
      checkResponsesStream([
        { type: 'response.created', response: { id: 'r' } },
        { type: 'response.failed', response: { id: 'r', status: 'failed', error: { message: 'x' } } },
      ]),
    ).toEqual(['event 1: response.failed without error.code/message']);
    expect(
      checkResponsesStream([{ event: 'response.completed', data: '{"type":"response.created","response":{"id":"r"}}' }]).join(),
    ).toMatch(/event name/);
  });
});
