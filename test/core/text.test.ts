import * as assert from 'assert';
import fc from 'fast-check';
import { CHUNK, Text } from '../../server/src/core/text';

/**
 * A Text is a string kept as chunks, edited by remaking only the chunks an edit touches. Every
 * reader must answer as the same reader of the plain string would, after any edits.
 */

/** Line starts as editors count them (LF, CRLF, lone CR), the plain way. */
function lineStarts(s: string): number[] {
  const out = [0];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\r' && s[i + 1] === '\n') i++;
    if (s[i] === '\n' || s[i] === '\r') out.push(i + 1);
  }
  return out;
}

function check(t: Text, s: string, probes: number[]): void {
  assert.strictEqual(t.length, s.length);
  assert.strictEqual(t.toString(), s);
  const starts = lineStarts(s);
  assert.strictEqual(t.lineCount, starts.length);
  starts.forEach((at, line) => assert.strictEqual(t.lineStart(line), at, `line ${line}`));
  assert.strictEqual(t.lineStart(starts.length + 2), starts[starts.length - 1], 'a line past the last is the last');
  assert.strictEqual(t.loneCR, /\r(?!\n)/.test(s));
  for (const p0 of probes) {
    const p = p0 % (s.length + 1);
    const q = (p0 * 7919) % (s.length + 1);
    assert.strictEqual(t.slice(Math.min(p, q), Math.max(p, q)), s.slice(Math.min(p, q), Math.max(p, q)));
    assert.strictEqual(t.charCodeAt(p), s.charCodeAt(p));
    let line = starts.length - 1;
    while (starts[line] > p) line--;
    assert.deepStrictEqual(t.lineAt(p), { line, start: starts[line] });
    assert.strictEqual(t.lfsBefore(p), s.slice(0, p).split('\n').length - 1);
    const w = t.window(Math.min(p, q), Math.max(p, q));
    assert.ok(w.base <= Math.min(p, q) && w.base + w.src.length >= Math.max(p, q));
    assert.strictEqual(w.src, s.slice(w.base, w.base + w.src.length));
  }
}

const piece = fc.oneof(
  fc.constantFrom('\n', '\r', '\r\n', '\r\r\n', '\n\n', ' ', 'word', '\\k{x}'),
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: CHUNK / 2, maxLength: CHUNK * 3, unit: fc.constantFrom('a', ' ', '\n', '\r') }),
);
const textArb = fc.array(piece, { maxLength: 12 }).map((ps) => ps.join(''));
const editArb = fc.record({ at: fc.nat(), len: fc.nat({ max: CHUNK * 2 }), small: fc.boolean(), insert: fc.array(piece, { maxLength: 3 }).map((ps) => ps.join('')) });

describe('Text (chunked)', () => {
  it('reads as its string does, after any edits, and knows what changed', () => {
    fc.assert(
      // Chunks of the real size, and tiny ones (every edit and read crosses chunks).
      fc.property(textArb, fc.array(editArb, { maxLength: 12 }), fc.array(fc.nat(), { minLength: 5, maxLength: 5 }), fc.oneof(fc.constant(CHUNK), fc.integer({ min: 1, max: 64 })), (s0, edits, probes, chunk) => {
        let t = Text.of(s0, chunk);
        let s = s0;
        check(t, s, probes);
        const history: { t: Text; s: string }[] = [{ t, s }];
        const made: { start: number; end: number; insert: string }[] = [];
        for (const e of edits) {
          const start = e.at % (s.length + 1);
          const end = Math.min(s.length, start + (e.small ? e.len % 3 : e.len));
          made.push({ start, end, insert: e.insert });
          const next = t.edit(start, end, e.insert);
          s = s.slice(0, start) + e.insert + s.slice(end);
          assert.deepStrictEqual(next.changeSince(t), { start, oldEnd: end, newEnd: start + e.insert.length });
          t = next;
          check(t, s, probes);
          history.push({ t, s });
        }
        // The same edits made as one step: the same text, remembered as one change of the first.
        const first = history[0].t;
        const all = first.editAll(made.map((m) => () => m));
        assert.strictEqual(all.toString(), s);
        const c = all.changeSince(first);
        assert.ok(c, 'one step back, however many edits');
        assert.strictEqual(s0.slice(0, c.start) + s.slice(c.start, c.newEnd) + s0.slice(c.oldEnd), s);
        const stepwise = t.changeSince(first);
        if (stepwise) assert.deepStrictEqual(c, stepwise);
        // A change over several edits covers every character that differs.
        for (const old of history.slice(-8)) {
          const c = t.changeSince(old.t);
          assert.ok(c, 'a recent text is remembered');
          assert.strictEqual(old.s.slice(0, c.start) + s.slice(c.start, c.newEnd) + old.s.slice(c.oldEnd), s);
          assert.strictEqual(old.s.length - c.oldEnd, s.length - c.newEnd);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a copy made whole of a text is known as one: its edits are found from the original, exactly', () => {
    const disk = Text.of('One paragraph.\n\nAnother, with more words.\n', 8);
    const opened = Text.of(disk.toString(), 8);
    assert.strictEqual(opened.isCopyOf(disk), true);
    assert.strictEqual(opened.isCopyOf(disk), true, 'asked again (each set that reads the file asks)');
    const typed = opened.edit(20, 20, 'x').edit(21, 21, 'y');
    assert.deepStrictEqual(typed.changeSince(disk), { start: 20, oldEnd: 20, newEnd: 22 });
    assert.deepStrictEqual(opened.changeSince(disk), { start: 0, oldEnd: 0, newEnd: 0 });
    // Not a copy: other text, or a text made by edits (whose edits say what changed).
    assert.strictEqual(Text.of('One paragraph.\n\nAnother, with more wordz.\n').isCopyOf(disk), false);
    const edited = disk.edit(0, 1, 'O');
    assert.strictEqual(edited.isCopyOf(Text.of(disk.toString())), false);
    assert.strictEqual(Text.of('Other').changeSince(disk), undefined);
  });

  it('keeps chunks near their size, and a keystroke costs one chunk', () => {
    const line = 'Some text of a line of a file, about sixty characters long.\n';
    const s = line.repeat(Math.ceil((12 * 1024 * 1024) / line.length));
    let t = Text.of(s);
    const at = s.length >> 1;
    for (let k = 0; k < 1000; k++) t = t.edit(at + k, at + k, 'x');
    assert.strictEqual(t.slice(at, at + 1000), 'x'.repeat(1000));
    // The edited chunk grew and was split again: no chunk more than twice the size aimed at.
    const w = t.window(at, at + 1);
    assert.ok(w.src.length <= CHUNK * 2, `window of ${w.src.length}`);
    // The old texts are forgotten beyond a few edits back.
    assert.strictEqual(t.changeSince(Text.of(s)), undefined);
  });

  it('typing keeps the chunks in as many pages as a text read whole has (an edit copies a page and the list of pages)', () => {
    const pagesOf = (t: Text) => (t as unknown as { pages: { chunks: unknown[] }[] }).pages;
    const s = 'A line of running text, as a manual has.\n'.repeat(100000);
    let t = Text.of(s);
    const whole = pagesOf(t).length;
    let at = s.length >> 1;
    for (let k = 0; k < 20000; k++) {
      // Words typed, some taken back, and now and then a paragraph break or a line taken out.
      const c = k % 20;
      if (c < 14) t = t.edit(at, at, 'x'), at++;
      else if (c < 18) t = t.edit(at - 1, at, ''), at--;
      else if (c === 18) t = t.edit(at, at, '\n\n'), at += 2;
      else t = t.edit(at, Math.min(t.length, at + 42), '');
    }
    const pages = pagesOf(t);
    const chunks = pages.reduce((n, p) => n + p.chunks.length, 0);
    assert.ok(pages.length <= whole + 2, `${pages.length} pages for ${chunks} chunks, against ${whole} read whole`);
  });

  it('never splits a CRLF between chunks', () => {
    const s = ('x'.repeat(CHUNK - 1) + '\r\n').repeat(5);
    const t = Text.of(s);
    for (let line = 0; line < t.lineCount; line++) assert.strictEqual(t.lineStart(line), line * (CHUNK + 1));
    // The first line's LF taken out leaves a lone CR; put back, a CRLF; a character between them, two breaks.
    const lone = t.edit(CHUNK, CHUNK + 1, '');
    assert.deepStrictEqual([lone.lineCount, lone.loneCR, lone.lineStart(1)], [6, true, CHUNK]);
    const back = lone.edit(CHUNK, CHUNK, '\n');
    assert.deepStrictEqual([back.lineCount, back.loneCR, back.lineStart(1)], [6, false, CHUNK + 1]);
    assert.strictEqual(t.edit(CHUNK, CHUNK, 'y').lineCount, 7);
  });
});
