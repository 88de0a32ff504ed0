import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyBodyEdit } from '../../shared/recording';
import { modelEditOf, rewriteModel } from './model-rewrite';

const rw = (s: string, m: string) => rewriteModel(Buffer.from(s), m)?.body.toString();

describe('rewriteModel', () => {
  it('replaces the top-level model and keeps every other byte', () => {
    const body = '{"model":"bench-pass","messages":[{"role":"user","content":"hi"}],"stream":true}';
    expect(rw(body, 'claude-sonnet-4-5')).toBe(body.replace('bench-pass', 'claude-sonnet-4-5'));
  });

  it('skips nested "model" keys and strings that look like keys', () => {
    const body =
      '{ "messages": [{"role":"user","content":"say \\"model\\": \\"x\\"", "model": "nested"}], "tools":[{"input_schema":{"model":"y"}}], "model" : "outer" }';
    const out = rw(body, 'new');
    expect(JSON.parse(out!)).toEqual({ ...JSON.parse(body), model: 'new' });
    expect(out).toContain('"model": "nested"');
  });

  it('escapes the new model name as JSON', () => {
    expect(JSON.parse(rw('{"model":"a"}', 'we"ird\\name')!).model).toBe('we"ird\\name');
  });

  it('gives up (undefined) when there is no top-level string model', () => {
    expect(rw('{"messages":[{"model":"x"}]}', 'n')).toBeUndefined();
    expect(rw('{"model":42}', 'n')).toBeUndefined();
    expect(rw('[{"model":"x"}]', 'n')).toBeUndefined();
  });

  it('equals parse → set model → compare for any JSON object (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), fc.string(), (obj, oldModel, newModel) => {
        const withModel = { ...obj, model: oldModel };
        const out = rewriteModel(Buffer.from(JSON.stringify(withModel)), newModel)?.body;
        expect(out).toBeDefined();
        // Compare after a JSON round trip on both sides (JSON has no -0).
        expect(JSON.parse(out!.toString())).toEqual(JSON.parse(JSON.stringify({ ...withModel, model: newModel })));
      }),
      { numRuns: 300 },
    );
  });

  it('describes the change as an edit of the decoded text that rebuilds the upstream body exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue()),
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'binary' }),
        fc.boolean(),
        (obj, oldModel, newModel, first) => {
          const raw = Buffer.from(JSON.stringify(first ? { model: oldModel, ...obj } : { ...obj, model: oldModel }));
          const r = rewriteModel(raw, newModel)!;
          const edit = modelEditOf(raw, r);
          // Non-ASCII before the value: no edit (byte and character offsets differ), never a wrong one.
          if (edit) expect(applyBodyEdit(raw.toString('utf8'), edit)).toBe(r.body.toString('utf8'));
          else expect(raw.subarray(0, r.end).some((b) => b >= 0x80)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives no edit when a non-ASCII key comes before the model', () => {
    const raw = Buffer.from('{"é":1,"model":"a"}');
    expect(modelEditOf(raw, rewriteModel(raw, 'b')!)).toBeUndefined();
    const ascii = Buffer.from('{"model":"a","é":1}');
    expect(applyBodyEdit(ascii.toString(), modelEditOf(ascii, rewriteModel(ascii, 'b')!)!)).toBe('{"model":"b","é":1}');
  });
});
