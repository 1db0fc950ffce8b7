/**
 * The oracle: on every document set of the corpus, every message halibut 1.3
 * prints is ours (same file, line and wording), and where halibut prints
 * nothing we print nothing. Where halibut stops early, a cleaned copy is
 * compared exactly (see test/support/oracle.ts).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { corpus, HALIBUT_MANUAL, halibutDir, PUTTY_MAN_PAGES, PUTTY_MANUAL, puttyDir } from '../support/corpus';
import { compare, haveHalibut, key } from '../support/oracle';

const putty = puttyDir;
const MANUAL = PUTTY_MANUAL;
const MAN_PAGES = PUTTY_MAN_PAGES;

interface OracleSet {
  name: string;
  cwd: string;
  files: string[];
}

function sets(): OracleSet[] {
  const out: OracleSet[] = [
    { name: 'the PuTTY manual', cwd: putty, files: MANUAL },
    ...MAN_PAGES.map((n) => ({ name: `PuTTY man page ${n}`, cwd: putty, files: ['doc/mancfg.but', `doc/man-${n}.but`] })),
    { name: 'the Halibut manual', cwd: halibutDir, files: HALIBUT_MANUAL },
    { name: 'inputs/test.but', cwd: halibutDir, files: ['inputs/test.but'] },
    { name: 'inputs/errors.but', cwd: halibutDir, files: ['inputs/errors.but'] },
    { name: 'inputs/errors2.but', cwd: halibutDir, files: ['inputs/errors2.but'] },
  ];
  if (fs.existsSync(path.join(putty, 'doc'))) {
    for (const f of fs.readdirSync(path.join(putty, 'doc')).filter((x) => x.endsWith('.but')).sort()) {
      out.push({ name: `PuTTY doc/${f} alone`, cwd: putty, files: [`doc/${f}`] });
    }
  }
  for (let k = 1; k < MANUAL.length; k++) out.push({ name: `the PuTTY manual's first ${k} files`, cwd: putty, files: MANUAL.slice(0, k) });
  return out;
}

describe('oracle: halibut 1.3 on every corpus document set', function () {
  this.timeout(120000);
  let matched = 0;
  let total = 0;
  before(function () {
    if (!fs.existsSync(corpus) || !haveHalibut) {
      if (process.env.CI) assert.fail(`${fs.existsSync(corpus) ? 'halibut is not installed' : '../shared/corpus is missing'} (CI must have both)`);
      this.skip();
    }
  });
  after(() => {
    if (total) console.log(`      oracle: ${total} sets compared, ${matched} halibut messages matched`);
  });
  for (const s of sets()) {
    it(s.name, () => {
      const c = compare(s.files, s.cwd);
      total++;
      matched += c.halibutCount - c.missing.length;
      assert.deepStrictEqual(
        { missing: c.missing.map(key), extra: c.extra.map(key) },
        { missing: [], extra: [] },
        'halibut and halibut-lint disagree',
      );
    });
  }
});
