/**
 * Snapshot tests of the TextMate grammar over real corpus files, with
 * vscode-tmgrammar-test's snapshot runner.
 *
 * The runner keeps `FILE.snap` beside `FILE` and writes each source line into
 * it. The corpus is read-only and must not be copied into the project, so the
 * committed snapshots in test/grammar/snapshots/ hold only the scope lines,
 * with each source line reduced to a bare `>`; the test links the corpus file
 * into a temporary folder, puts the source lines back, and runs the runner
 * there. UPDATE_SNAPSHOTS=1 (npm run snapshots:update) rewrites them.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { corpus, projectRoot } from '../support/corpus';

/** The errors chapter the extension is judged on, and the language reference, which uses every construct. */
const FILES = ['putty/doc/errors.but', 'putty/doc/blurb.but', 'putty/doc/pubkeyfmt.but', 'halibut/doc/input.but'];
const snapshots = path.join(projectRoot, 'test/grammar/snapshots');
const runner = path.join(projectRoot, 'node_modules/vscode-tmgrammar-test/dist/snapshot.js');
const grammar = path.join(projectRoot, 'grammars/halibut.tmLanguage.json');

/** The stored form: scope lines kept, source lines emptied. */
export function dehydrate(snap: string): string {
  return snap
    .split('\n')
    .map((l) => (l.startsWith('>') ? '>' : l))
    .join('\n');
}

/** The runner's form: each bare `>` given its source line back, in order. */
export function hydrate(stored: string, source: string): string {
  const lines = source.split('\n');
  let n = 0;
  const out = stored.split('\n').map((l) => (l === '>' ? `>${lines[n++] ?? ''}` : l));
  if (n !== lines.length) throw new Error(`the snapshot has ${n} source lines, the file ${lines.length}: the corpus changed, or the snapshot is stale`);
  return out.join('\n');
}

describe('TextMate grammar snapshots over corpus files', function () {
  this.timeout(120000);
  const update = process.env.UPDATE_SNAPSHOTS === '1';
  let work: string;

  before(function () {
    if (!fs.existsSync(corpus)) {
      console.log(`    (skipped: no corpus at ${corpus})`);
      this.skip();
    }
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'halibut-snap-'));
  });
  after(() => work && fs.rmSync(work, { recursive: true, force: true }));

  for (const file of FILES) {
    const name = file.replace(/\//g, '_');
    it(`${file} is scoped as its snapshot says`, () => {
      const source = path.join(corpus, file);
      const linked = path.join(work, name);
      fs.symlinkSync(source, linked);
      const stored = path.join(snapshots, `${name}.snap`);
      if (!update) {
        assert.ok(fs.existsSync(stored), `no snapshot ${path.relative(projectRoot, stored)}: run npm run snapshots:update`);
        fs.writeFileSync(`${linked}.snap`, hydrate(fs.readFileSync(stored, 'utf8'), fs.readFileSync(source, 'latin1')), 'latin1');
      }
      const r = spawnSync(process.execPath, [runner, ...(update ? ['-u'] : []), '-g', grammar, '-s', 'text.halibut', linked], { cwd: work, encoding: 'utf8' });
      assert.strictEqual(r.status, 0, `${r.stdout}${r.stderr}`.slice(0, 6000));
      if (update) {
        fs.mkdirSync(snapshots, { recursive: true });
        fs.writeFileSync(stored, dehydrate(fs.readFileSync(`${linked}.snap`, 'latin1')), 'latin1');
      }
    });
  }

  it('a changed scope fails the snapshot', () => {
    // The runner is trusted to fail on a difference only if we see it do so.
    const stored = fs.readFileSync(path.join(snapshots, 'putty_doc_blurb.but.snap'), 'utf8');
    const broken = stored.replace(/^(#.*)$/m, '$1 wrong.scope.halibut');
    assert.notStrictEqual(broken, stored);
    const linked = path.join(work, 'mutant.but');
    fs.symlinkSync(path.join(corpus, 'putty/doc/blurb.but'), linked);
    fs.writeFileSync(`${linked}.snap`, hydrate(broken, fs.readFileSync(path.join(corpus, 'putty/doc/blurb.but'), 'latin1')), 'latin1');
    const r = spawnSync(process.execPath, [runner, '-g', grammar, '-s', 'text.halibut', linked], { cwd: work, encoding: 'utf8' });
    assert.notStrictEqual(r.status, 0, 'the runner accepted a wrong scope');
  });
});
