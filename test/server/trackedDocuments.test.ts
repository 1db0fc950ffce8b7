import * as assert from 'assert';
import fc from 'fast-check';
import { LineIndex } from '../../server/src/core/lines';
import { parseFile } from '../../server/src/core/parser';
import { reparse } from '../../server/src/core/reparse';
import { changedRange } from '../../server/src/core/textDiff';
import { tracked } from '../../server/src/lsp/trackedDocuments';

/**
 * The document store notes the range each edit replaced, and the core takes it instead of
 * comparing texts. A noted range need not be the smallest (retyping a character replaces it
 * with itself): the core must come out the same with any range that truly covers the change.
 */

const text = fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\n\n', '\r\n', '\\k{x}', '\\e{', '}', '\\C{c} ', '\\b '), { maxLength: 40 }).map((p) => p.join(''));

/** A text and an edit of it, given as an editor gives it: a range (either way round) and a text. */
const edited = text.chain((before) =>
  fc.record({
    before: fc.constant(before),
    a: fc.nat({ max: before.length }),
    b: fc.nat({ max: before.length }),
    insert: text,
    retype: fc.boolean(),
  }),
);

function apply({ before, a: a0, b: b0, insert, retype }: { before: string; a: number; b: number; insert: string; retype: boolean }) {
  // An editor's position cannot fall between a CR and its LF.
  const outsideCrLf = (o: number) => (before[o - 1] === '\r' && before[o] === '\n' ? o - 1 : o);
  const a = outsideCrLf(a0);
  const b = outsideCrLf(b0);
  const doc = tracked.create('file:///a.but', 'halibut', 1, before);
  // Retyping the replaced text itself: a range over text that does not change.
  const replacement = retype ? before.slice(Math.min(a, b), Math.max(a, b)) + insert : insert;
  const range = { start: doc.positionAt(a), end: doc.positionAt(b) };
  const updated = tracked.update(doc, [{ range, text: replacement }], 2);
  const start = Math.min(a, b);
  return { after: updated.getText(), said: { start, oldEnd: Math.max(a, b), newEnd: start + replacement.length } };
}

describe('document store: the range each edit replaced, for the core', () => {
  it('covers the change: the texts agree outside it, and inside it is what was typed', () => {
    fc.assert(
      fc.property(edited, (e) => {
        const before = e.before;
        const { after, said } = apply(e);
        const { start, oldEnd, newEnd } = changedRange(before, after);
        // What the editor said, not what comparing the texts would find (they differ on a retype).
        assert.deepStrictEqual({ start, oldEnd, newEnd }, said);
        assert.ok(start <= oldEnd && start <= newEnd);
        assert.strictEqual(before.slice(0, start), after.slice(0, start));
        assert.strictEqual(before.slice(oldEnd), after.slice(newEnd));
        assert.strictEqual(newEnd - oldEnd, after.length - before.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('the parse and the line index made from it equal those made from scratch', () => {
    fc.assert(
      fc.property(edited, (e) => {
        const parsed = parseFile(e.before);
        const lines = new LineIndex(e.before);
        const { after } = apply(e);
        const fresh = parseFile(after);
        assert.deepStrictEqual(JSON.parse(JSON.stringify({ ...reparse(parsed, after, () => undefined, (t) => parseFile(t)), externalLookups: 0 })), JSON.parse(JSON.stringify({ ...fresh, externalLookups: 0 })));
        assert.deepStrictEqual(lines.edited(after).starts, new LineIndex(after).starts);
      }),
      { numRuns: 2000 },
    );
  });

  it('several changes at once are left to the core to compare', () => {
    const doc = tracked.create('file:///b.but', 'halibut', 1, 'one two three');
    const before = doc.getText();
    const updated = tracked.update(doc, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, text: 'ONE' }, { text: 'whole new text' }], 2);
    assert.deepStrictEqual({ ...changedRange(before, updated.getText()) }, { start: 0, oldEnd: 13, newEnd: 14 });
  });
});
