/** The shipped examples: the README's demo must behave as documented, and halibut must agree. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '../../..');
const bin = path.join(root, 'bin/halibut-lint.js');
const corpus = path.resolve(root, '../shared/corpus');
const haveHalibut = spawnSync('halibut', ['--version']).status === 0;

function lint(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function setFiles(dir: string): string[] {
  const p = JSON.parse(fs.readFileSync(path.join(dir, 'halibut.json'), 'utf8'));
  return p.sets[0].files as string[];
}

function requireHalibut(ctx: Mocha.Context): void {
  if (haveHalibut) return;
  if (process.env.CI) assert.fail('halibut is not installed (CI must have it)');
  ctx.skip();
}

describe('examples', () => {
  it('examples/manual lints clean', () => {
    const r = lint(['--project', 'examples/manual']);
    assert.strictEqual(r.stdout, '0 errors, 0 warnings in 5 files\n');
    assert.strictEqual(r.code, 0);
  });

  it('examples/manual: halibut prints nothing, with every back end', function () {
    requireHalibut(this);
    const dir = path.join(root, 'examples/manual');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-ex-'));
    try {
      const r = spawnSync('halibut', setFiles(dir).map((f) => path.join(dir, f)), { cwd: out, encoding: 'utf8' });
      assert.strictEqual(r.stderr, '');
      assert.strictEqual(r.status, 0);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('examples/broken: every line halibut prints (EXPECTED.txt) is reported, and nothing else', function () {
    const dir = path.join(root, 'examples/broken');
    const expected = fs
      .readFileSync(path.join(dir, 'EXPECTED.txt'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    const r = lint(['--format', 'json'], dir);
    assert.strictEqual(r.code, 1);
    const ours = (JSON.parse(r.stdout) as { file: string; line: number; message: string }[]).map((f) => `${f.file}:${f.line}: ${f.message}`);
    for (const e of expected) assert.ok(ours.some((o) => o.startsWith(e)), `missing: ${e}\nours: ${ours.join('\n')}`);
    assert.strictEqual(ours.length, expected.length);
    if (haveHalibut) {
      const h = spawnSync('halibut', ['--text=/dev/null', ...setFiles(dir)], { cwd: dir, encoding: 'utf8' });
      for (const line of h.stderr.split('\n').filter(Boolean)) assert.ok(expected.includes(line), `EXPECTED.txt is out of date: halibut now prints ${line}`);
    }
  });

  it('examples/putty/halibut.json: the corpus PuTTY manual and man pages lint clean', function () {
    if (!fs.existsSync(path.join(corpus, 'putty/doc'))) {
      if (process.env.CI) assert.fail('../shared/corpus is missing');
      this.skip();
    }
    const r = lint(['--project', 'examples/putty']);
    assert.strictEqual(r.stdout, '0 errors, 0 warnings in 33 files\n');
  });

  it('examples/putty: stubs give the same numbers as the real generated files', function () {
    if (!fs.existsSync(path.join(corpus, 'putty/generated'))) {
      if (process.env.CI) assert.fail('../shared/corpus is missing');
      this.skip();
    }
    const p = JSON.parse(fs.readFileSync(path.join(root, 'examples/putty/halibut.json'), 'utf8'));
    const real = (p.sets[0].files as (string | { path: string })[]).map((f) => (typeof f === 'string' ? path.join(corpus, 'putty/doc', f) : path.join(corpus, 'putty/generated', f.path)));
    const a = JSON.parse(lint(['--keywords', ...real]).stdout);
    const b = JSON.parse(lint(['--keywords', '--project', 'examples/putty', '--set', 'manual']).stdout);
    const numbers = (ks: { keyword: string; number: string }[]) => ks.map((k) => `${k.keyword} ${k.number}`);
    assert.ok(a.length > 500);
    assert.deepStrictEqual(numbers(b), numbers(a));
  });
});
