import * as assert from 'assert';
import fc from 'fast-check';
import { LineIndex } from '../../server/src/core/lines';
import { changedRange } from '../../server/src/core/textDiff';

const startsOf = (index: LineIndex) => Array.from({ length: index.lineCount }, (_, i) => index.lineStart(i));

describe('line index', () => {
  // Texts dense in line breaks of every kind, so that edits split and join CRLFs.
  const text = fc.string({ unit: fc.constantFrom('a', 'b', '\n', '\r', '\r\n', ' '), maxLength: 40 });
  const edit = fc.tuple(text, fc.nat(), fc.nat(), text);
  const apply = (t: string, [, a, b, ins]: [string, number, number, string]) => {
    const from = a % (t.length + 1);
    const to = from + (b % (t.length - from + 1));
    return t.slice(0, from) + ins + t.slice(to);
  };

  it('an edited index equals one built from scratch (lines and halibut’s LF-only lines), over chains of edits', () => {
    fc.assert(
      fc.property(text, fc.array(edit, { minLength: 1, maxLength: 6 }), (first, edits) => {
        let t = first;
        let index = new LineIndex(t);
        void index.halibutLine(0);
        for (const e of edits) {
          t = apply(t, e);
          index = index.edited(t);
          const fresh = new LineIndex(t);
          assert.deepStrictEqual(startsOf(index), startsOf(fresh));
          for (let o = 0; o <= t.length; o++) assert.strictEqual(index.halibutLine(o), fresh.halibutLine(o));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('the changed range of two texts', () => {
    assert.deepStrictEqual(changedRange('abcdef', 'abXYef'), { start: 2, oldEnd: 4, newEnd: 4 });
    assert.deepStrictEqual(changedRange('aaaa', 'aaaaa'), { start: 4, oldEnd: 4, newEnd: 5 });
    assert.deepStrictEqual(changedRange('same', 'same'), { start: 4, oldEnd: 4, newEnd: 4 });
    const long = 'x'.repeat(5000);
    assert.deepStrictEqual(changedRange(long + 'a' + long, long + long), { start: 5000, oldEnd: 5001, newEnd: 5000 });
    // Asked again about the same pair, and then about another (the last answer is remembered).
    assert.deepStrictEqual(changedRange(long + 'a' + long, long + long), { start: 5000, oldEnd: 5001, newEnd: 5000 });
    assert.deepStrictEqual(changedRange(long + 'a' + long, long + 'ab' + long), { start: 5001, oldEnd: 5001, newEnd: 5002 });
    assert.deepStrictEqual(changedRange(long + 'b' + long, long + 'ab' + long), { start: 5000, oldEnd: 5000, newEnd: 5001 });
  });
});
