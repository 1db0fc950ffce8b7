import * as assert from 'assert';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../server/src/core/lines';
import { parseFile } from '../../server/src/core/parser';
import { reparse } from '../../server/src/core/reparse';
import { Text } from '../../server/src/core/text';
import { changedRange } from '../../server/src/core/textDiff';
import { tracked } from '../../server/src/lsp/trackedDocuments';

/**
 * The document store keeps chunked Texts, each remembering the range its edit replaced, and
 * the core takes that range instead of comparing texts. The store must answer as
 * vscode-languageserver-textdocument does, and a range it gives need not be the smallest
 * (retyping a character replaces it with itself): the core must come out the same with any
 * range that truly covers the change.
 */

const text = fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\n\n', '\r\n', '\r', '\\k{x}', '\\e{', '}', '\\C{c} ', '\\b '), { maxLength: 40 }).map((p) => p.join(''));

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
  return { doc, updated, after: updated.getText(), said: { start, oldEnd: Math.max(a, b), newEnd: start + replacement.length } };
}

describe('document store: chunked texts that know the range each edit replaced', () => {
  it('answers as vscode-languageserver-textdocument does, over chains of edits in several changes', () => {
    const position = fc.record({ line: fc.integer({ min: -1, max: 12 }), character: fc.integer({ min: -1, max: 30 }) });
    const change = fc.oneof(
      fc.record({ range: fc.record({ start: position, end: position }), text }),
      fc.record({ text }),
    );
    fc.assert(
      fc.property(text, fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { maxLength: 5 }), fc.array(position, { minLength: 3, maxLength: 3 }), (first, edits, probes) => {
        let ours = tracked.create('file:///a.but', 'halibut', 1, first);
        let theirs = TextDocument.create('file:///a.but', 'halibut', 1, first);
        edits.forEach((given, k) => {
          // Positions past the text's end made valid first: there the reference's own line table goes wrong.
          const scratch = TextDocument.create('file:///a.but', 'halibut', 0, theirs.getText());
          const changes = given.map((c) => {
            const valid = 'range' in c ? { range: { start: scratch.positionAt(scratch.offsetAt(c.range.start)), end: scratch.positionAt(scratch.offsetAt(c.range.end)) }, text: c.text } : c;
            TextDocument.update(scratch, [valid], 0);
            return valid;
          });
          ours = tracked.update(ours, changes, k + 2);
          theirs = TextDocument.update(theirs, changes, k + 2);
          const t = theirs.getText();
          assert.strictEqual(ours.getText(), t);
          assert.strictEqual(ours.version, theirs.version);
          assert.strictEqual(ours.lineCount, theirs.lineCount);
          for (const p of probes) {
            assert.strictEqual(ours.offsetAt(p), theirs.offsetAt(p), JSON.stringify({ t, p }));
            assert.deepStrictEqual(ours.getText({ start: p, end: probes[0] }), theirs.getText({ start: p, end: probes[0] }));
          }
          for (let o = -1; o <= t.length + 1; o++) assert.deepStrictEqual(ours.positionAt(o), theirs.positionAt(o), JSON.stringify({ t, o }));
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('says the range it replaced: the texts agree outside it, and inside it is what was typed', () => {
    fc.assert(
      fc.property(edited, (e) => {
        const before = e.before;
        const { doc, updated, after, said } = apply(e);
        const { start, oldEnd, newEnd } = changedRange(doc.text, updated.text);
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
    const startsOf = (index: LineIndex) => Array.from({ length: index.lineCount }, (_, i) => index.lineStart(i));
    fc.assert(
      fc.property(edited, (e) => {
        const { doc, updated, after } = apply(e);
        const parsed = parseFile(doc.text);
        const fresh = parseFile(after);
        const plain = (p: object) => JSON.parse(JSON.stringify({ ...p, text: 0, externalLookups: 0 }));
        assert.deepStrictEqual(plain(reparse(parsed, updated.text, () => undefined, (t) => parseFile(t))), plain(fresh));
        assert.deepStrictEqual(startsOf(new LineIndex(updated.text)), startsOf(new LineIndex(after)));
      }),
      { numRuns: 2000 },
    );
  });

  it('several changes at once give one range covering them all', () => {
    const doc = tracked.create('file:///b.but', 'halibut', 1, 'one two three');
    const two = tracked.update(doc, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, text: 'ONE' }, { range: { start: { line: 0, character: 8 }, end: { line: 0, character: 13 } }, text: '3' }], 2);
    assert.strictEqual(two.getText(), 'ONE two 3');
    assert.deepStrictEqual({ ...changedRange(doc.text, two.text) }, { start: 0, oldEnd: 13, newEnd: 9 });
    // A whole new text has no history: the core compares.
    const whole = tracked.update(doc, [{ text: 'whole new text' }], 2);
    assert.strictEqual(whole.text.changeSince(doc.text), undefined);
    assert.deepStrictEqual({ ...changedRange(doc.text, whole.text) }, { start: 0, oldEnd: 13, newEnd: 14 });
    assert.ok(whole.text instanceof Text);
  });

  it('an update of many changes (a multi-cursor edit) is one step: its range, and the ones before it, are remembered', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i}`);
    let doc = tracked.create('file:///c.but', 'halibut', 1, lines.join('\n'));
    const first = doc;
    // An x typed at the start of lines 5 to 34, thirty cursors at once, in three updates.
    for (let u = 0; u < 3; u++) {
      const at = (line: number) => ({ line, character: 0 });
      doc = tracked.update(doc, Array.from({ length: 10 }, (_, k) => ({ range: { start: at(5 + u * 10 + k), end: at(5 + u * 10 + k) }, text: 'x' })), u + 2);
    }
    assert.strictEqual(doc.getText(), lines.map((l, i) => (i >= 5 && i < 35 ? 'x' + l : l)).join('\n'));
    const before = lines.join('\n');
    const start = before.indexOf('line 5\n');
    assert.deepStrictEqual(doc.text.changeSince(first.text), { start, oldEnd: before.indexOf('line 34\n'), newEnd: before.indexOf('line 34\n') + 30 });
  });
});
