/**
 * Numbers exactly as halibut prints them for \K and \k, on small documents,
 * each checked against halibut itself when it is installed.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DocumentSet } from '../../server/src/core/docset';
import { appendixLetters } from '../../server/src/core/numbering';
import { analyseTexts } from './helpers';

const haveHalibut = spawnSync('halibut', ['--version']).status === 0;

/** What halibut renders for \K{key} (upper) or \k{key}, for each key. */
function halibutCites(texts: string[], keys: string[], upper: boolean): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hbn-'));
  const names = texts.map((t, i) => {
    const n = `${String.fromCharCode(97 + i)}.but`;
    fs.writeFileSync(path.join(dir, n), t);
    return n;
  });
  fs.writeFileSync(path.join(dir, 'zz.but'), keys.map((k, i) => `QQ${i}Q ${upper ? '\\K' : '\\k'}{${k}} ZZ\n`).join('\n'));
  spawnSync('halibut', [`--text=${path.join(dir, 'out.txt')}`, ...names, 'zz.but'], { cwd: dir });
  const out = fs.readFileSync(path.join(dir, 'out.txt'), 'utf8').replace(/\s+/g, ' ');
  fs.rmSync(dir, { recursive: true, force: true });
  return keys.map((_, i) => new RegExp(`QQ${i}Q (.*?) ZZ`).exec(out)?.[1] ?? '?');
}

function ourCites(set: DocumentSet, keys: string[], upper: boolean): string[] {
  return keys.map((k) => {
    const def = set.keywords.get(k);
    return def ? DocumentSet.cite(def, upper) ?? '?' : '?';
  });
}

const docs: { name: string; files: string[]; keys: string[] }[] = [
  {
    name: 'chapters, sections, subsections and appendices',
    files: ['\\C{c1} One\n\n\\H{s11} S\n\n\\S{s111} SS\n\n\\S2{s1111} SSS\n\n\\H{s12} S\n\n\\C{c2} Two\n\n\\S0{s21} S\n\n\\A{a} App\n\n\\H{a1} AS\n\n\\S{a11} ASS\n\n\\A{b} App B\n'],
    keys: ['c1', 's11', 's111', 's1111', 's12', 'c2', 's21', 'a', 'a1', 'a11', 'b'],
  },
  {
    name: 'renamed designations and \\cfg names',
    files: ['\\cfg{chapter}{Part}\n\n\\cfg{appendix}{Annex}\n\n\\C{c} C\n\n\\H{q}{Question} What?\n\n\\A{x}{Extra} X\n\n\\H{y} Y\n'],
    keys: ['c', 'q', 'x', 'y'],
  },
  {
    name: 'unnumbered chapters keep section numbering going',
    files: ['\\C{c} C\n\n\\H{h1} H\n\n\\U Unnumbered\n\n\\H{h2} H2\n'],
    keys: ['c', 'h1', 'h2'],
  },
  {
    name: 'numbered lists, restarted by other paragraphs and continued over \\lcont',
    files: ['\\n{one} One.\n\n\\n{two} Two.\n\n\\lcont{\n\n\\n{inner} Inner.\n\n}\n\n\\n{three} Three.\n\nText.\n\n\\n{again} Again.\n'],
    keys: ['one', 'two', 'inner', 'three', 'again'],
  },
  {
    name: 'bibliography: cited entries numbered in order, \\BR text, \\nocite',
    files: ['\\B{b1} First.\n\n\\B{b2} Second.\n\n\\B{b3} Third.\n\n\\BR{b3} [T3]\n\n\\nocite{b2}\n\nCite \\k{b3} and \\k{b1}.\n'],
    keys: ['b1', 'b2', 'b3'],
  },
  {
    name: 'many appendices: letters past Z',
    files: [Array.from({ length: 30 }, (_, i) => `\\A{ap${i}} Appendix ${i}\n`).join('\n')],
    keys: ['ap0', 'ap25', 'ap26', 'ap27', 'ap29'],
  },
];

describe('numbering: what \\K and \\k print', () => {
  it('appendix letters', () => {
    assert.deepStrictEqual([0, 1, 25, 26, 27, 51, 52, 701, 702].map(appendixLetters), ['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
  for (const d of docs) {
    for (const upper of [true, false]) {
      it(`${d.name} (${upper ? '\\K' : '\\k'})`, function () {
        const ours = ourCites(analyseTexts(...d.files), d.keys, upper);
        assert.ok(!ours.includes('?'), `unnumbered keyword in ${JSON.stringify(ours)}`);
        if (!haveHalibut) {
          if (process.env.CI) assert.fail('halibut is not installed (CI must have it)');
          this.skip();
        }
        assert.deepStrictEqual(ours, halibutCites(d.files, d.keys, upper));
      });
    }
  }
});
