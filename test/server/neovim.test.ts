/**
 * End to end in a real editor nobody here wrote: Neovim's built-in LSP client
 * opens errors.but of the corpus with our server, and we check diagnostics,
 * hover and go-to-definition as Neovim itself received them.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '../../..');
const doc = path.resolve(root, '../shared/corpus/putty/doc');
const haveNvim = spawnSync('nvim', ['--version']).status === 0;

interface NvimResult {
  attached: boolean;
  error?: string;
  initial_diagnostics: number;
  typo_diagnostics: { line: number; message: string }[];
  fixed_diagnostics: number;
  hover?: string;
  definition?: { uri: string; line: number };
}

describe('Neovim (built-in LSP client) on errors.but', function () {
  this.timeout(90000);
  let r: NvimResult;
  before(function () {
    if (!haveNvim || !fs.existsSync(doc)) {
      if (process.env.CI) assert.fail(`${haveNvim ? '../shared/corpus' : 'neovim'} is missing (CI installs it)`);
      this.skip();
    }
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nvim-')), 'out.json');
    const p = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(root, 'test/server/neovim.lua')}`], {
      env: { ...process.env, HB_ROOT: root, HB_DOC: doc, HB_OUT: out },
      timeout: 80000,
      encoding: 'utf8',
    });
    assert.ok(fs.existsSync(out), `Neovim wrote no result: ${p.stderr}${p.stdout}`);
    r = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.strictEqual(r.error, undefined, r.error);
  });

  it('attaches the server and shows no diagnostics for the clean file', () => {
    assert.ok(r.attached);
    assert.strictEqual(r.initial_diagnostics, 0);
  });

  it('a typo typed into a \\k{} shows a diagnostic; fixing it clears it', () => {
    assert.strictEqual(r.typo_diagnostics.length, 1);
    assert.match(r.typo_diagnostics[0].message, /^unable to resolve cross-reference to `config-keepalivi'; did you mean `config-keepalive'\?/);
    assert.strictEqual(r.fixed_diagnostics, 0);
  });

  it('hover shows halibut\'s number, the title and a preview', () => {
    assert.match(r.hover ?? '', /section 4\.18\.2\*\*: Repeat key exchange/);
  });

  it('go to definition opens config.but at the heading', () => {
    assert.ok(r.definition?.uri.endsWith('/config.but'));
    const line = fs.readFileSync(path.join(doc, 'config.but'), 'utf8').split('\n')[r.definition!.line];
    assert.match(line, /^\\S\{config-ssh-kex-rekey\}/);
  });
});
