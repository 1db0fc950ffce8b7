/**
 * For every keyword of the PuTTY manual and the Halibut manual, --keywords
 * gives exactly what halibut prints for \K{keyword}: halibut renders a
 * generated file of \K references appended to the set, and we compare.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { corpus, HALIBUT_MANUAL, halibutDir, projectRoot, PUTTY_MANUAL, puttyDir } from '../support/corpus';
import { haveHalibut } from '../support/oracle';

interface Kw {
  keyword: string;
  kind: string;
  number: string | null;
}

function ourKeywords(files: string[], cwd: string): Kw[] {
  const r = spawnSync(process.execPath, [path.join(projectRoot, 'bin/halibut-lint.js'), '--keywords', ...files], { cwd, encoding: 'utf8' });
  return JSON.parse(r.stdout) as Kw[];
}

/** halibut's rendering of \K{key} for each key, from its plain text output. */
function halibutNumbers(files: string[], cwd: string, keys: string[]): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'numbers-'));
  try {
    const extra = path.join(dir, 'zz-numbers.but');
    fs.writeFileSync(extra, '\\C{zz-numbers-check} Numbers\n\n' + keys.map((k, i) => `QQ${i}Q \\K{${k}} ZZ\n`).join('\n'));
    const out = path.join(dir, 'out.txt');
    spawnSync('halibut', [`--text=${out}`, ...files, extra], { cwd, encoding: 'utf8' });
    const text = fs.readFileSync(out, 'utf8').replace(/\s+/g, ' ');
    return keys.map((_, i) => new RegExp(`QQ${i}Q (.*?) ZZ`).exec(text)?.[1] ?? '(not found)');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('numbers: --keywords against halibut\'s own \\K text', function () {
  this.timeout(120000);
  before(function () {
    if (!haveHalibut || !fs.existsSync(corpus)) {
      if (process.env.CI) assert.fail('halibut and ../shared/corpus are needed (CI must have both)');
      this.skip();
    }
  });
  for (const [name, files, cwd] of [
    ['the PuTTY manual', PUTTY_MANUAL, puttyDir],
    ['the Halibut manual', HALIBUT_MANUAL, halibutDir],
  ] as const) {
    it(`every keyword of ${name}`, () => {
      // Bibliography entries are numbered only when cited, and citing them here would change that; they are left out.
      const kws = ourKeywords([...files], cwd).filter((k) => k.kind !== 'biblio');
      assert.ok(kws.length > 50, `${kws.length} keywords`);
      const theirs = halibutNumbers([...files], cwd, kws.map((k) => k.keyword));
      const diffs = kws.map((k, i) => [k.keyword, k.number, theirs[i]]).filter(([, a, b]) => a !== b);
      assert.deepStrictEqual(diffs, [], `${diffs.length} of ${kws.length} differ`);
      console.log(`      ${kws.length} keywords of ${name} numbered as halibut numbers them`);
    });
  }
});
