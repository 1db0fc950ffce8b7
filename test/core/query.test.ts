/**
 * What is at an offset (symbolAt, which hover, definition, references and selection ranges
 * ask) is found in the file's lists by binary search; it must answer as the file's sorted
 * table of every symbol (symbolsOf, which semantic tokens read) does, at every offset of real
 * documents, and after edits patched into the set.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { DocumentSet } from '../../server/src/core/docset';
import { partitionPoint } from '../../server/src/core/partition';
import { headingBefore, Symbol, symbolAt, symbolsOf } from '../../server/src/core/query';
import { decode } from '../../server/src/node/decode';
import { corpus, HALIBUT_MANUAL, halibutDir, PUTTY_MANUAL, puttyDir } from '../support/corpus';
import { memoryWorkspace } from '../support/memoryWorkspace';

/** The innermost symbol holding the offset, read from the sorted table. */
function fromTable(set: DocumentSet, file: number, offset: number): Symbol | undefined {
  const table = symbolsOf(set, file);
  const lo = partitionPoint(table.length, (i) => table[i].span.start > offset);
  let best: Symbol | undefined;
  for (let i = lo - 1; i >= 0; i--) {
    const s = table[i];
    if (s.span.start <= offset && offset <= s.span.end && (!best || s.span.end - s.span.start < best.span.end - best.span.start)) best = s;
  }
  return best;
}

function sameAtEveryOffset(set: DocumentSet, file: number): number {
  const length = set.files[file].source.text.length;
  let found = 0;
  for (let offset = 0; offset <= length; offset++) {
    const want = fromTable(set, file, offset);
    const got = symbolAt(set, file, offset);
    if (want) found++;
    assert.deepStrictEqual(got, want, `${set.files[file].source.name} at ${offset}`);
  }
  return found;
}

function load(dir: string, files: string[]): { name: string; text: string }[] {
  return files.map((f) => ({ name: path.basename(f), text: decode(fs.readFileSync(path.join(dir, f))) }));
}

describe('what is at an offset', function () {
  this.timeout(600000);
  before(function () {
    if (!fs.existsSync(corpus)) this.skip();
  });

  for (const [dir, files, name] of [
    [puttyDir, PUTTY_MANUAL, 'the PuTTY manual'],
    [halibutDir, HALIBUT_MANUAL, 'the Halibut manual'],
  ] as const) {
    it(`${name}: the lists answer as the table does, at every offset of every file`, () => {
      const { ws, paths } = memoryWorkspace(load(dir, [...files]));
      const set = ws.setsOf(paths[0])[0].set;
      let found = 0;
      for (let fi = 0; fi < set.files.length; fi++) found += sameAtEveryOffset(set, fi);
      assert.ok(found > 10000, `${found} offsets hold a symbol`);
      // The section an offset is in: the last heading at or before it, in the set's order.
      for (let fi = 0; fi < set.files.length; fi++) {
        for (let offset = 0; offset <= set.files[fi].source.text.length; offset += 97) {
          const want = set.headings.filter((h) => h.file < fi || (h.file === fi && h.para.span.start <= offset)).pop();
          assert.strictEqual(headingBefore(set, fi, offset), want);
        }
      }
    });
  }

  it('after edits patched into the set (errors.but, random typing and pasting)', () => {
    const sources = load(puttyDir, PUTTY_MANUAL);
    const errors = PUTTY_MANUAL.indexOf('doc/errors.but');
    const pieces = ['x', ' ', '\n\n', '\\k{config-ssh-kex-rekey}', '\\k{nosuch}', '\\i{error messages}', '\\IM{error messages} errors\n\n', '\\c{code}', '\\u00e9', '\\W{https://x.org}{link}', '\\dash', '\\S{new-key} New\n\n', '{', '}'];
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.nat({ max: 4 }), insert: fc.constantFrom(...pieces) }), { minLength: 1, maxLength: 6 }), (edits) => {
        const { ws, paths } = memoryWorkspace(sources);
        let text = sources[errors].text;
        for (const e of edits) {
          const at = Math.floor(e.at * text.length);
          text = text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.del));
          ws.setOverlay(paths[errors], text);
        }
        const set = ws.setsOf(paths[errors])[0].set;
        sameAtEveryOffset(set, errors);
      }),
      { numRuns: 6, seed: 20261203 },
    );
  });
});
