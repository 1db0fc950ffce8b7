/** The server keeps serving through bad traffic: malformed JSON, unknown methods, odd positions, unknown documents. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { URI } from 'vscode-uri';
import { Raw } from '../support/rawServer';

describe('robustness: protocol abuse against the real server', function () {
  this.timeout(60000);
  let s: Raw;
  let dir: string;
  let uri: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'abuse-'));
    fs.writeFileSync(path.join(dir, 'a.but'), '\\C{a} A\n\nSee \\k{a}.\n');
    uri = URI.file(path.join(dir, 'a.but')).toString();
    s = new Raw();
  });
  after(() => {
    s.proc.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers a request before initialize with an error, then initializes', async () => {
    const early = await s.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.ok(early.error, 'an error, not a crash');
    const init = await s.request('initialize', { processId: null, rootUri: URI.file(dir).toString(), capabilities: {} });
    assert.ok((init.result as { capabilities: object }).capabilities);
    s.notify('initialized', {});
  });

  it('survives malformed JSON and answers unknown methods with MethodNotFound', async () => {
    s.frame('{ this is not json');
    const r = await s.request('halibut/noSuchMethod', {});
    assert.strictEqual(r.error?.code, -32601);
    assert.ok(s.alive);
  });

  it('handles documents it was never told about, positions past the end, and version gaps', async () => {
    s.notify('textDocument/didChange', { textDocument: { uri: 'file:///nowhere/x.but', version: 5 }, contentChanges: [{ text: 'x' }] });
    s.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'halibut', version: 1, text: '\\C{a} A\n\nSee \\k{a}.\n' } });
    const far = await s.request('textDocument/hover', { textDocument: { uri }, position: { line: 999, character: 999 } });
    assert.ok(!far.error);
    const unknown = await s.request('textDocument/definition', { textDocument: { uri: 'file:///nowhere/y.but' }, position: { line: 0, character: 0 } });
    assert.deepStrictEqual(unknown.result, []);
    s.notify('textDocument/didChange', { textDocument: { uri, version: 9 }, contentChanges: [{ range: { start: { line: 50, character: 0 }, end: { line: 60, character: 3 } }, text: '\\k{zz}' }] });
    const comp = await s.request('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 7 } });
    assert.ok(!comp.error);
    assert.ok(s.alive);
  });

  it('keeps serving after a file it indexed is deleted while open', async () => {
    fs.rmSync(path.join(dir, 'a.but'));
    s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
    const r = await s.request('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(!r.error);
    const shutdown = await s.request('shutdown', null);
    assert.ok(!shutdown.error);
  });
});
