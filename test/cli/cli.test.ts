/** halibut-lint as CI runs it: a real process, its output formats and exit codes. */
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '../../..');
const bin = path.join(root, 'bin/halibut-lint.js');

function lint(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('halibut-lint', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hlint-'));
    fs.writeFileSync(path.join(dir, 'a.but'), '\\define{prod} Widget\n\n\\C{intro} Intro\n\nThe \\prod; see \\k{usage}.\n');
    fs.writeFileSync(path.join(dir, 'b.but'), '\\C{usage} Usage\n\n\\H{usage-run} Running \\prod\n\nBack to \\k{intro}, or \\k{usgae-run}.\n');
    fs.writeFileSync(path.join(dir, 'clean.but'), '\\C{c} Clean\n\nNothing wrong.\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints FILE:LINE:COL: error: message and a summary, exit 1 on errors', () => {
    const r = lint(['a.but', 'b.but'], dir);
    assert.strictEqual(r.code, 1);
    assert.strictEqual(r.stdout, "b.but:5:23: error: unable to resolve cross-reference to `usgae-run'; did you mean `usage-run'?\n1 error, 0 warnings in 2 files\n");
  });

  describe('a long report (twelve thousand findings, about 900 KB)', () => {
    // More than a child's stdio (a socket pair, not a pipe: libuv makes them so) holds unread.
    const many = () => Array.from({ length: 12000 }, (_, i) => `See \\k{nowhere-${i}}.\n`).join('\n');
    before(() => fs.writeFileSync(path.join(dir, 'many.but'), '\\C{m} Many\n\n' + many()));

    it('ends quietly when its reader goes away, with the lint’s exit status', async () => {
      const child = spawn(process.execPath, [bin, 'many.but'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise((res) => child.on('exit', res));
      assert.strictEqual(code, 1);
      assert.strictEqual(stderr, '');
    });

    it('is written whole to an output left non-blocking that fills before it is read', async () => {
      // Node's own stream over stdio makes the descriptor non-blocking (for every process
      // sharing it): made here before the linter runs, as a parent that leaves it so would.
      // The child counts the writes refused for want of room, so the test knows it took the
      // path it is about.
      const run = [
        `const fs = require('fs'), writeSync = fs.writeSync; let refused = 0;`,
        `fs.writeSync = function (...a) { try { return writeSync.apply(this, a); } catch (e) { if (e.code === 'EAGAIN') refused++; throw e; } };`,
        `process.on('exit', () => writeSync(2, 'refused ' + refused));`,
        `process.stdout; process.argv = [process.argv[0], ${JSON.stringify(bin)}, 'many.but']; require(${JSON.stringify(bin)});`,
      ].join('\n');
      const child = spawn(process.execPath, ['-e', run], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      const code = new Promise((res) => child.on('exit', res));
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // Listening from the start, paused: should the child end first, Node resumes its
      // stdout and what it had written must still reach us.
      const chunks: Buffer[] = [];
      child.stdout.on('data', (d: Buffer) => chunks.push(d));
      const ended = new Promise((res) => child.stdout.on('end', res));
      child.stdout.pause();
      await new Promise((r) => setTimeout(r, 500));
      child.stdout.resume();
      await ended;
      assert.strictEqual(await code, 1);
      assert.match(stderr, /^refused [1-9]\d*$/);
      const whole = Buffer.concat(chunks).toString();
      assert.ok(whole.length > 800000, `${whole.length} bytes`);
      assert.strictEqual(whole, lint(['many.but'], dir).stdout);
    });
  });

  it('exits 0 on a clean set', () => {
    const r = lint(['clean.but'], dir);
    assert.strictEqual(r.code, 0);
    assert.strictEqual(r.stdout, '0 errors, 0 warnings in 1 file\n');
  });

  it('--format json gives 1-based positions and the code', () => {
    const r = lint(['--format', 'json', 'a.but', 'b.but'], dir);
    assert.deepStrictEqual(JSON.parse(r.stdout), [
      { file: 'b.but', line: 5, column: 23, endLine: 5, endColumn: 36, severity: 'error', message: "unable to resolve cross-reference to `usgae-run'; did you mean `usage-run'?", code: 'unresolved-xref' },
    ]);
  });

  it('--format sarif is SARIF 2.1.0 with rules and regions', () => {
    const r = lint(['--format=sarif', 'a.but', 'b.but'], dir);
    const s = JSON.parse(r.stdout);
    assert.strictEqual(s.version, '2.1.0');
    const res = s.runs[0].results[0];
    assert.strictEqual(res.ruleId, 'unresolved-xref');
    assert.strictEqual(res.level, 'error');
    assert.deepStrictEqual(res.locations[0].physicalLocation.region, { startLine: 5, startColumn: 23, endLine: 5, endColumn: 36 });
    assert.deepStrictEqual(s.runs[0].tool.driver.rules.map((x: { id: string }) => x.id), ['unresolved-xref']);
  });

  it('--format github prints workflow annotations', () => {
    const r = lint(['--format', 'github', 'a.but', 'b.but'], dir);
    assert.strictEqual(r.stdout, "::error file=b.but,line=5,col=23,endLine=5,endColumn=36,title=unresolved-xref::unable to resolve cross-reference to `usgae-run'; did you mean `usage-run'?\n");
  });

  it('--keywords lists keywords with the numbers halibut prints', () => {
    const r = lint(['--keywords', 'a.but', 'b.but'], dir);
    assert.strictEqual(r.code, 0);
    assert.deepStrictEqual(JSON.parse(r.stdout), [
      { keyword: 'intro', kind: 'chapter', number: 'Chapter 1', title: 'Intro', file: 'a.but', line: 3 },
      { keyword: 'usage', kind: 'chapter', number: 'Chapter 2', title: 'Usage', file: 'b.but', line: 1 },
      { keyword: 'usage-run', kind: 'section', number: 'Section 2.1', title: 'Running Widget', file: 'b.but', line: 3 },
    ]);
  });

  it('without files, reads halibut.json of the current folder', () => {
    fs.writeFileSync(path.join(dir, 'halibut.json'), JSON.stringify({ sets: [{ name: 'doc', files: ['a.but', 'b.but'] }] }));
    try {
      const r = lint([], dir);
      assert.strictEqual(r.code, 1);
      assert.match(r.stdout, /^b\.but:5:23: error: unable to resolve/);
    } finally {
      fs.rmSync(path.join(dir, 'halibut.json'));
    }
  });

  it('exits 2 with a clear message for an unreadable file, an unknown option or a bad project file', () => {
    let r = lint(['missing.but'], dir);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /^halibut-lint: unable to open input file `missing\.but'/);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
    r = lint(['--frobnicate'], dir);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /unknown option `--frobnicate'/);
    fs.writeFileSync(path.join(dir, 'bad.json'), '{ "sets": [ ');
    r = lint(['--project', 'bad.json'], dir);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /bad\.json: invalid JSON/);
  });
});
