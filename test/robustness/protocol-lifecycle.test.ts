/**
 * The real server process under traffic a careless or hostile client sends:
 * overlapping edits, files that vanish or become unreadable, broken project
 * files, clients that refuse every server request, cancellation, requests
 * after shutdown. After each, the server still answers correctly.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { Raw } from '../support/rawServer';

const CHAPTER = '\\C{intro} Introduction\n\nSee \\k{usage} and \\k{intro}.\n';
const USAGE = '\\C{usage} Usage\n\nBack to \\k{intro}.\n';

function workspace(files: Record<string, string>): { dir: string; uri: (name: string) => string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifecycle-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return { dir, uri: (name) => URI.file(path.join(dir, name)).toString() };
}

const messages = (s: Raw, uri: string) => (s.diagnostics(uri) ?? []).map((d) => d.message);

describe('robustness: the server through a whole life of bad traffic', function () {
  this.timeout(60000);
  let s: Raw;
  let w: ReturnType<typeof workspace>;
  before(async () => {
    w = workspace({
      'halibut.json': JSON.stringify({ sets: [{ name: 'manual', files: ['intro.but', 'usage.but'] }] }),
      'intro.but': CHAPTER,
      'usage.but': USAGE,
    });
    // A client that refuses every request the server makes (registration, refresh, configuration).
    s = new Raw('error');
    await s.initialize(w.dir, {
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, diagnostics: { refreshSupport: true }, inlayHint: { refreshSupport: true } },
    });
  });
  after(() => {
    s.proc.kill();
    fs.rmSync(w.dir, { recursive: true, force: true });
  });

  it('keeps serving a client that refuses every server-to-client request', async () => {
    s.notify('workspace/didChangeConfiguration', { settings: { halibut: { inlayHints: { enabled: false } } } });
    await s.until('diagnostics for intro.but', () => s.diagnostics(w.uri('intro.but')) !== undefined);
    assert.deepStrictEqual(messages(s, w.uri('intro.but')), []);
    const r = await s.request('textDocument/hover', { textDocument: { uri: w.uri('intro.but') }, position: { line: 2, character: 8 } });
    assert.ok(!r.error && r.result, 'hover still answers');
    assert.ok(!/unhandled/i.test(s.stderr), s.stderr);
  });

  it('applies overlapping and out-of-order ranges in one didChange exactly as the protocol says (in sequence)', async () => {
    const uri = w.uri('intro.but');
    s.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'halibut', version: 1, text: CHAPTER } });
    const changes = [
      { range: { start: { line: 2, character: 4 }, end: { line: 2, character: 14 } }, text: '\\k{usagee}' },
      { range: { start: { line: 2, character: 8 }, end: { line: 2, character: 20 } }, text: 'nowhere} \\k{' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\\# added\n\n' },
      { range: { start: { line: 9, character: 0 }, end: { line: 12, character: 5 } }, text: 'tail \\k{gone}' },
    ];
    s.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: changes });
    const expected = TextDocument.update(TextDocument.create(uri, 'halibut', 1, CHAPTER), changes, 2).getText();
    // The same text opened fresh under another name must give the same diagnostics.
    const twin = w.uri('twin.but');
    fs.writeFileSync(path.join(w.dir, 'twin.but'), '');
    s.notify('textDocument/didOpen', { textDocument: { uri: twin, languageId: 'halibut', version: 1, text: expected } });
    await s.until('diagnostics of both', () => messages(s, uri).length > 0 && messages(s, twin).length > 0);
    assert.deepStrictEqual(messages(s, uri), messages(s, twin));
    assert.ok(messages(s, uri).some((m) => m.includes('nowhere')), messages(s, uri).join('\n'));
    s.notify('textDocument/didClose', { textDocument: { uri: twin } });
    fs.rmSync(path.join(w.dir, 'twin.but'));
    s.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: CHAPTER }] });
    await s.until('the fix to be seen', () => messages(s, uri).length === 0);
  });

  it('reads a file edited, saved and closed from the disk again (not as it was before it was opened)', async () => {
    const uri = w.uri('usage.but');
    const file = path.join(w.dir, 'usage.but');
    s.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'halibut', version: 1, text: USAGE } });
    s.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 2, character: 16 }, end: { line: 2, character: 16 } }, text: 'x' }] });
    await s.until('the broken reference to be reported', () => messages(s, uri).some((m) => m.includes('`introx')));
    // Saved, as an editor does: the file on disk changes while it is open, then it is closed.
    fs.writeFileSync(file, USAGE.replace('\\k{intro}', '\\k{introx}'));
    s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    s.notify('textDocument/didClose', { textDocument: { uri } });
    // A later change elsewhere makes the server publish again: usage.but must still be the saved text.
    s.notify('textDocument/didChange', { textDocument: { uri: w.uri('intro.but'), version: 4 }, contentChanges: [{ text: CHAPTER + '\nMore.\n' }] });
    await s.until('intro.but republished', () => (s.diagnostics(w.uri('intro.but')) ?? []).length === 0);
    const r = await s.request('textDocument/diagnostic', { textDocument: { uri } });
    const items = (r.result as { items: { message: string }[] }).items.map((d) => d.message);
    assert.ok(items.length === 1 && items[0].startsWith("unable to resolve cross-reference to `introx'"), items.join('\n'));
    fs.writeFileSync(file, USAGE);
    s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    s.notify('textDocument/didChange', { textDocument: { uri: w.uri('intro.but'), version: 5 }, contentChanges: [{ text: CHAPTER }] });
  });

  it('survives a file becoming unreadable on disk (replaced by a folder), and reports what depends on it', async () => {
    const usage = path.join(w.dir, 'usage.but');
    fs.rmSync(usage);
    fs.mkdirSync(usage);
    s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: w.uri('usage.but'), type: 2 }] });
    await s.until('the lost keyword to be reported in intro.but', () => messages(s, w.uri('intro.but')).some((m) => m.includes('`usage')));
    const proj = URI.file(path.join(w.dir, 'halibut.json')).toString();
    await s.until('the project file to say the input cannot be opened', () => messages(s, proj).some((m) => m.includes('unable to open input file')));
    const r = await s.request('textDocument/documentSymbol', { textDocument: { uri: w.uri('usage.but') } });
    assert.ok(!r.error);
    fs.rmdirSync(usage);
    fs.writeFileSync(usage, USAGE);
    s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: w.uri('usage.but'), type: 2 }] });
    await s.until('recovery', () => messages(s, w.uri('intro.but')).length === 0 && messages(s, proj).length === 0);
  });

  it('reports a project file with bad JSON at its position, and keeps analysing the .but files', async () => {
    const proj = path.join(w.dir, 'halibut.json');
    const projUri = URI.file(proj).toString();
    const good = fs.readFileSync(proj, 'utf8');
    fs.writeFileSync(proj, '{ "sets": [ { "name": "manual", "files": ["intro.but" "usage.but"] } ] }');
    s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: projUri, type: 2 }] });
    await s.until('a diagnostic on the project file', () => messages(s, projUri).some((m) => m.startsWith('invalid JSON')));
    const d = s.diagnostics(projUri)![0];
    assert.strictEqual(d.range.start.line, 0);
    assert.ok(d.range.start.character > 40, `points into the JSON, at ${d.range.start.character}`);
    const hover = await s.request('textDocument/hover', { textDocument: { uri: w.uri('intro.but') }, position: { line: 2, character: 20 } });
    assert.ok(!hover.error && hover.result, 'the .but files still work (as the folder’s default set)');
    fs.writeFileSync(proj, good);
    s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: projUri, type: 2 }] });
    await s.until('the project diagnostic to go', () => messages(s, projUri).length === 0);
  });

  it('answers invalid parameters with an error or nothing, never by dying', async () => {
    for (const params of [null, {}, { textDocument: {} }, { textDocument: { uri: 42 }, position: 'x' }, { textDocument: { uri: 'not a uri' }, position: { line: -5, character: -1 } }]) {
      for (const method of ['textDocument/hover', 'textDocument/definition', 'textDocument/completion', 'textDocument/rename', 'textDocument/semanticTokens/full']) {
        await s.request(method, params);
      }
    }
    s.notify('textDocument/didChange', null);
    s.notify('textDocument/didOpen', { textDocument: { uri: 42 } });
    s.notify('$/noSuchNotification', { x: 1 });
    const r = await s.request('textDocument/hover', { textDocument: { uri: w.uri('intro.but') }, position: { line: 2, character: 8 } });
    assert.ok(!r.error && r.result);
    assert.ok(s.alive);
  });

  it('honours cancellation: a request cancelled before it runs is answered RequestCancelled', async () => {
    const slow = s.started('workspace/diagnostic', { previousResultIds: [] });
    const victim = s.sentCancelled('workspace/symbol', { query: 'intro' });
    await slow.answer;
    const r = await victim;
    assert.strictEqual(r.error?.code, -32800, JSON.stringify(r));
  });

  it('refuses requests after shutdown with InvalidRequest, and exits 0 on exit', async () => {
    const down = await s.request('shutdown', null);
    assert.ok(!down.error);
    const late = await s.request('textDocument/hover', { textDocument: { uri: w.uri('intro.but') }, position: { line: 2, character: 8 } });
    assert.strictEqual(late.error?.code, -32600, JSON.stringify(late));
    s.notify('exit', null);
    assert.strictEqual(await s.exited, 0);
  });
});

describe('robustness: exit without shutdown', function () {
  this.timeout(30000);
  it('exits with code 1, as the protocol asks', async () => {
    const w = workspace({ 'a.but': CHAPTER });
    const s = new Raw();
    await s.initialize(w.dir);
    s.notify('exit', null);
    assert.strictEqual(await s.exited, 1);
    fs.rmSync(w.dir, { recursive: true, force: true });
  });
});
