/** The VS Code extension package: what `npm run package` puts in the .vsix, and that the bundled server runs. */
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const root = path.resolve(__dirname, '../../..');

describe('VS Code extension package', function () {
  this.timeout(180000);
  let vsix: string;
  let files: Map<string, number>;
  before(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-'));
    vsix = path.join(dir, 'halibut.vsix');
    const b = spawnSync(process.execPath, [path.join(root, 'scripts/bundle.mjs')], { cwd: root, encoding: 'utf8' });
    assert.strictEqual(b.status, 0, b.stderr);
    const p = spawnSync(process.execPath, [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', vsix], { cwd: root, encoding: 'utf8', input: '' });
    assert.strictEqual(p.status, 0, p.stdout + p.stderr);
    const list = spawnSync('unzip', ['-l', vsix], { encoding: 'utf8' });
    files = new Map(
      list.stdout
        .split('\n')
        .map((l) => /^\s*(\d+)\s+\S+\s+\S+\s+(\S+)$/.exec(l))
        .filter((m): m is RegExpExecArray => !!m)
        .map((m) => [m[2], Number(m[1])]),
    );
  });

  it('holds the bundled client and server, the grammar and the language configuration, and no node_modules', () => {
    for (const f of ['extension/package.json', 'extension/dist/client.js', 'extension/dist/server.js', 'extension/grammars/halibut.tmLanguage.json', 'extension/grammars/language-configuration.json', 'extension/readme.md']) {
      assert.ok(files.has(f), `${f} is in the package (${[...files.keys()].join(', ')})`);
    }
    assert.ok(![...files.keys()].some((f) => f.includes('node_modules')));
    assert.ok(fs.statSync(vsix).size < 1024 * 1024, `the package is small (${fs.statSync(vsix).size} bytes)`);
  });

  it('its manifest contributes the language, grammar, settings, commands and problem matcher, and declares limited support in untrusted workspaces', () => {
    const m = JSON.parse(spawnSync('unzip', ['-p', vsix, 'extension/package.json'], { encoding: 'utf8' }).stdout);
    assert.strictEqual(m.main, './dist/client.js');
    assert.deepStrictEqual(m.contributes.languages[0].extensions, ['.but']);
    assert.strictEqual(m.contributes.grammars[0].scopeName, 'text.halibut');
    assert.ok(m.contributes.configuration.properties['halibut.projectFile']);
    assert.ok(m.contributes.configuration.properties['halibut.inlayHints.enabled']);
    assert.ok(m.contributes.configuration.properties['halibut.trace.server']);
    assert.deepStrictEqual(m.contributes.commands.map((c: { command: string }) => c.command).sort(), ['halibut.preview', 'halibut.restartServer', 'halibut.showDocumentSets', 'halibut.showOutput']);
    assert.strictEqual(m.contributes.problemMatchers[0].name, 'halibut');
    assert.strictEqual(m.capabilities.untrustedWorkspaces.supported, 'limited');
    const re = new RegExp(m.contributes.problemMatchers[0].pattern.regexp);
    assert.deepStrictEqual([...re.exec('doc/errors.but:197: command `dash\' unexpected in mid-paragraph')!].slice(1, 6), ['doc/errors.but', '197', undefined, undefined, "command `dash' unexpected in mid-paragraph"]);
    assert.strictEqual(re.exec('a.but:3: warning: index tag `x\' used with different case')![4], 'warning');
  });

  it('the bundled server (dist/server.js) starts on its own and initializes', async () => {
    const proc = spawn(process.execPath, [path.join(root, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    conn.listen();
    try {
      const r = (await conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} })) as { capabilities: { hoverProvider: boolean } };
      assert.strictEqual(r.capabilities.hoverProvider, true);
    } finally {
      conn.dispose();
      proc.kill();
    }
  });
});
