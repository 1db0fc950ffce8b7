import * as assert from 'assert';
import fc from 'fast-check';
import { editDistance, grownRows, Suggester } from '../../server/src/core/suggest';

/** The textbook optimal-string-alignment distance, unbounded: what the banded one must agree with. */
function reference(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

describe('did-you-mean distances', () => {
  // Short strings over a small alphabet, so that near misses and transpositions are common.
  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '-'), maxLength: 12 });

  it('the banded, bounded distance equals the textbook one wherever it is within the bound', () => {
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 5 }), (a, b, max) => {
        const full = reference(a, b);
        assert.strictEqual(editDistance(a, b), full);
        assert.strictEqual(editDistance(a, b, max), full <= max ? full : max + 1);
      }),
      { numRuns: 3000 },
    );
  });

  it('rows reused across calls of different lengths leave nothing behind', () => {
    assert.strictEqual(editDistance('x'.repeat(200), 'x'.repeat(199) + 'y', 4), 1);
    assert.strictEqual(editDistance('abc', 'acb', 1), 1);
    assert.strictEqual(editDistance('config-ssh-kex-rekey', 'config-ssh-kex-rekyx', 4), 2);
  });

  it('suggests the nearest names, case-insensitively, and nothing far away', () => {
    const names = ['config-ssh-kex-rekey', 'config-ssh-kex', 'Config-SSH-Kex-Rekey2', 'feedback', 'x'];
    const s = new Suggester(names);
    assert.deepStrictEqual(s.suggest('config-ssh-kex-rekex'), ['config-ssh-kex-rekey', 'Config-SSH-Kex-Rekey2']);
    assert.deepStrictEqual(s.suggest('FEEDBACK'), ['feedback']);
    assert.deepStrictEqual(s.suggest('zzzzzzzz'), []);
  });

  it('after the typos, names holding the word as whole parts: a keyword written without its prefix', () => {
    const names = ['gs-hostkey', 'errors-hostkey-wrong', 'config-ssh-hostkey', 'hostkeys', 'ssh', 'gs-ssh-kex', 'config-ssh-kex-rekey'];
    const s = new Suggester(names);
    assert.deepStrictEqual(s.suggest('hostkey'), ['hostkeys', 'gs-hostkey', 'config-ssh-hostkey']);
    assert.deepStrictEqual(s.suggest('hostkey', 5), ['hostkeys', 'gs-hostkey', 'config-ssh-hostkey', 'errors-hostkey-wrong']);
    assert.deepStrictEqual(s.suggest('ssh-kex'), ['gs-ssh-kex', 'config-ssh-kex-rekey']);
    // Not a part: inside a part, or a word too short (or not made of parts) to say much.
    assert.deepStrictEqual(s.suggest('ostkey'), ['hostkeys']);
    assert.deepStrictEqual(s.suggest('gs'), []);
    assert.deepStrictEqual(s.suggest('-kex'), []);
    // A name added that holds the word is in the next answer; one removed is not.
    s.add('HostKey-Intro');
    assert.deepStrictEqual(s.suggest('hostkey', 5), ['hostkeys', 'gs-hostkey', 'HostKey-Intro', 'config-ssh-hostkey', 'errors-hostkey-wrong']);
    s.remove('gs-hostkey');
    assert.deepStrictEqual(s.suggest('hostkey', 5), ['hostkeys', 'HostKey-Intro', 'config-ssh-hostkey', 'errors-hostkey-wrong']);
  });

  it('the walk over sorted names finds exactly what comparing the word with every name finds', () => {
    // Names sharing long prefixes (as keywords do), in both cases, some equal to the word.
    const part = fc.constantFrom('config-', 'ssh-', 'kex', 'a', 'b', 'B', 'ab', 'ba', '-', 'x', 'X', '');
    const name = fc.array(part, { maxLength: 6 }).map((p) => p.join(''));
    const everyName = (word: string, names: string[], limit: number) => {
      const lower = word.toLowerCase();
      const max = word.length < 3 ? 0 : Math.max(1, Math.min(4, Math.floor(word.length / 3)));
      const scored = names
        .filter((n) => n !== word)
        .map((n) => ({ name: n, d: n.toLowerCase() === lower ? 0.5 : reference(lower, n.toLowerCase()) }))
        .filter((x) => x.d <= max);
      scored.sort((x, y) => x.d - y.d || x.name.localeCompare(y.name));
      const answer = scored.slice(0, limit).map((x) => x.name);
      // Then names holding the word as a run of whole hyphen-separated parts, shortest first.
      if (lower.length >= 3 && !lower.split('-').includes('')) {
        const k = lower.split('-').length;
        const holds = (n: string) => n.toLowerCase().split('-').some((_, i, p) => p.slice(i, i + k).join('-') === lower);
        const parts = names.filter((n) => n !== word && n.toLowerCase() !== lower && !answer.includes(n) && holds(n));
        parts.sort((a, b) => a.length - b.length || a.localeCompare(b));
        answer.push(...parts.slice(0, limit - answer.length));
      }
      return answer;
    };
    fc.assert(
      fc.property(fc.uniqueArray(name, { maxLength: 40 }), fc.array(name, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 5 }), (names, words, limit) => {
        const s = new Suggester(names);
        for (const w of [...words, ...names.slice(0, 3)]) assert.deepStrictEqual(s.suggest(w, limit), everyName(w, names, limit), w);
      }),
      { numRuns: 2000 },
    );
  });

  it('a word of any length: no rows as wide and many as it, the same answers as comparing with every name', () => {
    const long = 'x'.repeat(300);
    const names = ['config-ssh-kex', `${long}a`, `${long}b`, `${long.slice(1)}ab`];
    const s = new Suggester(names);
    const before = process.memoryUsage().arrayBuffers;
    assert.deepStrictEqual(s.suggest('y'.repeat(20000)), []);
    assert.deepStrictEqual(s.suggest('x'.repeat(20000)), []);
    assert.ok(process.memoryUsage().arrayBuffers - before < 50 * 1024 * 1024);
    // Longer than a walk takes: compared name by name, with the walk's answers.
    assert.deepStrictEqual(s.suggest(`${long}c`), [`${long}a`, `${long}b`, `${long.slice(1)}ab`]);
    assert.deepStrictEqual(s.suggest(long.slice(0, 250) + 'c'), []);
  });

  it('a word typed longer letter by letter (each walk deeper than the last) keeps the rows small', () => {
    // Found typing into an \IM keyword: every keystroke asked for a deeper walk, and the rows
    // doubled in width each time, to a RangeError (8 GB) at about thirty letters.
    let rows: Int32Array[] = [];
    for (let m = 3; m <= 150; m++) rows = grownRows(rows, m, m + 2);
    assert.ok(rows.length >= 153 && rows[0].length >= 152);
    assert.ok(rows.length * rows[0].length * 4 < 1024 * 1024, `${rows.length} rows of ${rows[0].length}`);
    // And the walk answers as before over such a word.
    const names = ['unix', 'unix version', 'x'.repeat(200)];
    const s = new Suggester(names);
    for (let word = 'un'; word.length < 150; word += 'x') assert.deepStrictEqual(s.suggest(word), new Suggester(names).suggest(word), word);
    assert.deepStrictEqual(s.suggest('unxx'), ['unix']);
  });

  it('answers remembered across names added and removed are those of a fresh list of the names', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', '-'), minLength: 2, maxLength: 8 });
    const change = fc.record({ add: fc.boolean(), name: word });
    fc.assert(
      fc.property(fc.uniqueArray(word, { maxLength: 12 }), fc.array(change, { maxLength: 10 }), fc.array(word, { minLength: 1, maxLength: 6 }), (initial, changes, asked) => {
        const names = new Set(initial);
        const held = new Suggester(names);
        for (const w of asked) held.suggest(w);
        for (const { add, name } of changes) {
          // As the keyword table does: a name is added once, removed only if there.
          if (add && !names.has(name)) held.add(name), names.add(name);
          if (!add && names.has(name)) held.remove(name), names.delete(name);
          const fresh = new Suggester(names);
          for (const w of asked) assert.deepStrictEqual(held.suggest(w), fresh.suggest(w), `${w} after ${add ? 'adding' : 'removing'} ${name}`);
        }
      }),
      { numRuns: 500, seed: 20261202 },
    );
  });
});
