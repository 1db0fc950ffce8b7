/** The TextMate grammar: scope assertions (vscode-tmgrammar-test) on a file covering each construct. */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '../../..');

describe('TextMate grammar', function () {
  this.timeout(60000);
  it('scopes every construct as the assertions in test/grammar/cases say', () => {
    const cli = path.join(root, 'node_modules/vscode-tmgrammar-test/dist/unit.js');
    const r = spawnSync(process.execPath, [cli, '-g', 'grammars/halibut.tmLanguage.json', 'test/grammar/cases/*.but'], { cwd: root, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /run successfu/);
  });

  it('the language configuration is valid JSON with brackets and comments', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const conf = require(path.join(root, 'grammars/language-configuration.json'));
    assert.deepStrictEqual(conf.brackets, [['{', '}']]);
    assert.deepStrictEqual(conf.comments.blockComment, ['\\#{', '}']);
    assert.ok(new RegExp(conf.wordPattern).exec('see config-ssh-kex-rekey now')?.[0] === 'see');
    const m = 'x config-ssh-kex-rekey y'.match(new RegExp(conf.wordPattern, 'g'));
    assert.ok(m?.includes('config-ssh-kex-rekey'), 'keywords with hyphens are one word');
  });
});
