/**
 * The real server process over stdio, driven by a real JSON-RPC client, on
 * the corpus PuTTY manual with the example project file.
 */
import * as assert from 'assert';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import type { CompletionItem, CompletionList } from 'vscode-languageserver';
import { Raw } from '../support/rawServer';

const root = path.resolve(__dirname, '../../..');
const corpusDoc = path.resolve(root, '../shared/corpus/putty/doc');

interface Diag {
  message: string;
  range: { start: { line: number; character: number } };
}

class Client {
  readonly conn: MessageConnection;
  readonly proc: ChildProcess;
  readonly diagnostics = new Map<string, Diag[]>();
  private waiters: (() => void)[] = [];
  private versions = new Map<string, number>();
  readonly texts = new Map<string, string>();

  constructor() {
    this.proc = spawn(process.execPath, [path.join(root, 'bin/halibut-language-server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diag[] }) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      for (const w of this.waiters.splice(0)) w();
    });
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('workspace/configuration', () => [null]);
    this.conn.listen();
  }

  async initialize(folder: string, settings: object): Promise<unknown> {
    const r = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: URI.file(folder).toString(),
      workspaceFolders: [{ uri: URI.file(folder).toString(), name: 'doc' }],
      capabilities: { window: { workDoneProgress: true }, textDocument: { completion: { completionList: { itemDefaults: ['editRange'] }, completionItem: { resolveSupport: { properties: ['detail'] }, insertReplaceSupport: true, labelDetailsSupport: true } } } },
      initializationOptions: { settings },
    });
    await this.conn.sendNotification('initialized', {});
    return r;
  }

  /** Wait until a condition on the published diagnostics holds. */
  async until(cond: () => boolean, what: string, ms = 15000): Promise<void> {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; diagnostics: ${JSON.stringify([...this.diagnostics].filter(([, d]) => d.length).map(([u, d]) => [u.split('/').pop(), d.map((x) => x.message)]))}`);
      await new Promise<void>((res) => {
        this.waiters.push(res);
        setTimeout(res, 200);
      });
    }
  }

  open(file: string): string {
    const uri = URI.file(file).toString();
    const text = fs.readFileSync(file, 'utf8');
    this.texts.set(uri, text);
    this.versions.set(uri, 1);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'halibut', version: 1, text } });
    return uri;
  }

  /** Replace the first occurrence of `from` after `near` with `to`, as an incremental change. */
  edit(uri: string, from: string, to: string, near = ''): void {
    const text = this.texts.get(uri)!;
    const at = text.indexOf(from, Math.max(0, text.indexOf(near)));
    assert.ok(at >= 0, `${from} not found`);
    const start = pos(text, at);
    const end = pos(text, at + from.length);
    const v = this.versions.get(uri)! + 1;
    this.versions.set(uri, v);
    this.texts.set(uri, text.slice(0, at) + to + text.slice(at + from.length));
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range: { start, end }, text: to }] });
  }

  async stop(): Promise<void> {
    await this.conn.sendRequest('shutdown').catch(() => undefined);
    void this.conn.sendNotification('exit');
    this.conn.dispose();
    this.proc.kill();
  }
}

function pos(text: string, offset: number) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('language server over stdio: the PuTTY manual', function () {
  this.timeout(60000);
  let c: Client;
  let errors: string;
  const projectFile = path.join(root, 'examples/putty/halibut.json');

  before(async function () {
    if (!fs.existsSync(corpusDoc)) {
      if (process.env.CI) assert.fail('../shared/corpus is missing');
      this.skip();
    }
    c = new Client();
    const init = (await c.initialize(corpusDoc, { projectFile })) as { capabilities: Record<string, unknown> };
    assert.ok(init.capabilities.hoverProvider);
    errors = c.open(path.join(corpusDoc, 'errors.but'));
    await c.until(() => c.diagnostics.has(errors), 'diagnostics of errors.but');
  });
  after(async () => c?.stop());

  const at = (uri: string, needle: string, delta = 3) => pos(c.texts.get(uri)!, c.texts.get(uri)!.indexOf(needle) + delta);

  it('errors.but has no diagnostics', () => {
    assert.deepStrictEqual(c.diagnostics.get(errors), []);
  });

  it('hover on \\k{config-ssh-kex-rekey} gives halibut\'s number, the title and a preview', async () => {
    const h = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: errors }, position: at(errors, '\\k{config-ssh-kex-rekey}', 5) })) as { contents: { value: string } };
    assert.match(h.contents.value, /\*\*section 4\.18\.2\*\*: Repeat key exchange/);
    assert.match(h.contents.value, /config\.but:\d+/);
    assert.match(h.contents.value, /---\n\n.{40,}/s, 'a preview of the section follows');
  });

  it('definition lands on config.but\'s heading keyword', async () => {
    const d = (await c.conn.sendRequest('textDocument/definition', { textDocument: { uri: errors }, position: at(errors, '\\k{config-ssh-kex-rekey}', 5) })) as { uri: string; range: { start: { line: number } } }[];
    assert.strictEqual(d.length, 1);
    assert.ok(d[0].uri.endsWith('/config.but'));
    const line = fs.readFileSync(path.join(corpusDoc, 'config.but'), 'utf8').split('\n')[d[0].range.start.line];
    assert.match(line, /^\\S\{config-ssh-kex-rekey\}/);
  });

  it('references list every file that refers to a keyword', async () => {
    const refs = (await c.conn.sendRequest('textDocument/references', { textDocument: { uri: errors }, position: at(errors, '\\k{config-keepalive}', 5), context: { includeDeclaration: true } })) as { uri: string }[];
    const files = new Set(refs.map((r) => path.basename(URI.parse(r.uri).fsPath)));
    assert.ok(files.has('errors.but') && files.has('config.but'), [...files].join(' '));
    assert.ok(refs.length >= 5);
  });

  it('completion after \\k{config-ssh-k offers the matching keywords first', async () => {
    c.edit(errors, 'for more about key re-exchange.)', 'for more about key re-exchange.) \\k{config-ssh-k');
    // (The one typed, not the \\k{config-ssh-kex} before it, in which there would be a rest to replace.)
    const position = at(errors, 're-exchange.) \\k{config-ssh-k', 're-exchange.) \\k{config-ssh-k'.length);
    try {
      const r = (await c.conn.sendRequest('textDocument/completion', { textDocument: { uri: errors }, position })) as CompletionList;
      // This client takes a default edit range: the typed keyword's, once for the whole list.
      assert.deepStrictEqual(r.itemDefaults?.editRange, { start: { ...position, character: position.character - 'config-ssh-k'.length }, end: position });
      assert.ok(r.items.every((i) => i.textEdit === undefined && i.textEditText === undefined));
      // Only keywords the typed letters can match (in order), the best first, at most 200.
      assert.ok(r.items.length > 5 && r.items.length <= 200, `${r.items.length} items`);
      assert.ok(r.items.every((i) => /c.*o.*n.*f.*i.*g.*-.*s.*s.*h.*-.*k/.test(i.label)), 'every item matches what was typed');
      const sorted = [...r.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
      assert.ok(sorted.slice(0, 5).every((i) => i.label.startsWith('config-ssh-k')), sorted.slice(0, 5).map((i) => i.label).join(' '));
      // The detail comes when the client shows an item (it said it resolves details).
      const item = r.items.find((i) => i.label === 'config-ssh-kex-rekey');
      assert.ok(item && item.detail === undefined);
      // Its number shows in the list itself (the client shows label details).
      assert.deepStrictEqual(item.labelDetails, { description: 'Section 4.18.2' });
      const resolved = (await c.conn.sendRequest('completionItem/resolve', item)) as CompletionItem;
      assert.match(resolved.detail ?? '', /^Section 4\.18\.2 \u2014 /);
    } finally {
      c.edit(errors, 'key re-exchange.) \\k{config-ssh-k', 'key re-exchange.)');
    }
  });

  it('completion inside a written \\k{}: what to insert, and what to replace up to its brace', async () => {
    const position = at(errors, '\\k{config-keepalive}', '\\k{config-keep'.length);
    const r = (await c.conn.sendRequest('textDocument/completion', { textDocument: { uri: errors }, position })) as CompletionList;
    const start = { ...position, character: position.character - 'config-keep'.length };
    assert.deepStrictEqual(r.itemDefaults?.editRange, { insert: { start, end: position }, replace: { start, end: { ...position, character: position.character + 'alive'.length } } });
    assert.ok(r.items.some((i) => i.label === 'config-keepalive'));
  });

  it('a typo in a \\k{} makes a diagnostic appear, fixing it makes it go', async () => {
    c.edit(errors, 'config-keepalive}', 'config-keepalvie}');
    await c.until(() => (c.diagnostics.get(errors) ?? []).length === 1, 'the typo diagnostic');
    assert.match(c.diagnostics.get(errors)![0].message, /^unable to resolve cross-reference to `config-keepalvie'; did you mean `config-keepalive'\?/);
    c.edit(errors, 'config-keepalvie}', 'config-keepalive}');
    await c.until(() => (c.diagnostics.get(errors) ?? []).length === 0, 'the diagnostic to go');
  });

  it('editing a heading keyword in config.but changes errors.but\'s diagnostics', async () => {
    const config = c.open(path.join(corpusDoc, 'config.but'));
    c.edit(config, '{config-ssh-kex-rekey}', '{config-ssh-kex-rekey-renamed}', '\\S{config-ssh-kex-rekey}');
    await c.until(() => (c.diagnostics.get(errors) ?? []).length === 2, 'two unresolved references in errors.but');
    c.edit(config, '{config-ssh-kex-rekey-renamed}', '{config-ssh-kex-rekey}', '\\S{config-ssh-kex-rekey-renamed}');
    await c.until(() => (c.diagnostics.get(errors) ?? []).length === 0, 'errors.but to be clean again');
  });

  it('renaming a keyword across files, applied, leaves zero diagnostics', async () => {
    const edit = (await c.conn.sendRequest('textDocument/rename', { textDocument: { uri: errors }, position: at(errors, '\\k{config-keepalive}', 5), newName: 'config-keepalive-new' })) as { changes: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]> };
    const uris = Object.keys(edit.changes);
    assert.ok(uris.length >= 2, 'edits in several files');
    for (const uri of uris) {
      if (!c.texts.has(uri)) c.open(URI.parse(uri).fsPath);
      // Apply from the end so earlier ranges stay valid.
      for (const e of [...edit.changes[uri]].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character)) {
        const lines = c.texts.get(uri)!.split('\n');
        const line = lines[e.range.start.line];
        assert.strictEqual(line.slice(e.range.start.character, e.range.end.character), 'config-keepalive');
        lines[e.range.start.line] = line.slice(0, e.range.start.character) + e.newText + line.slice(e.range.end.character);
        const text = lines.join('\n');
        const v = 100 + Math.floor(Math.random() * 1e6);
        c.texts.set(uri, text);
        void c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text }] });
      }
    }
    await new Promise((r) => setTimeout(r, 300));
    await c.until(() => [...c.diagnostics.values()].every((d) => d.length === 0), 'no diagnostics anywhere');
  });
});

describe('language server over stdio: files changing on disk', function () {
  this.timeout(60000);
  let c: Client;
  let dir: string;
  before(async function () {
    if (!fs.existsSync(corpusDoc)) {
      if (process.env.CI) assert.fail('../shared/corpus is missing');
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lsp-disk-'));
    for (const f of ['blurb.but', 'intro.but', 'gs.but', 'using.but', 'errors.but', 'faq.but', 'feedback.but']) fs.copyFileSync(path.join(corpusDoc, f), path.join(dir, f));
    c = new Client();
    await c.initialize(dir, {});
  });
  after(async () => {
    await c?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a file deleted on disk updates the diagnostics of the others', async () => {
    // errors.but refers to gs-hostkey, defined in gs.but; no file is open, so this is all from disk.
    const errorsUri = URI.file(path.join(dir, 'errors.but')).toString();
    await c.until(() => c.diagnostics.has(errorsUri), 'first diagnostics of errors.but');
    const gsErrors = () => (c.diagnostics.get(errorsUri) ?? []).filter((d) => /cross-reference to `gs-hostkey'/.test(d.message)).length;
    assert.strictEqual(gsErrors(), 0);
    fs.rmSync(path.join(dir, 'gs.but'));
    void c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(path.join(dir, 'gs.but')).toString(), type: 3 }] });
    await c.until(() => gsErrors() === 2, "errors.but's two references into gs.but to break");
  });
});

describe('language server over stdio: a file its project leaves out', function () {
  this.timeout(60000);
  let c: Client;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lsp-fragment-'));
    fs.writeFileSync(path.join(dir, 'halibut.json'), JSON.stringify({ sets: [{ name: 'book', files: ['book.but'] }] }));
    fs.writeFileSync(path.join(dir, 'book.but'), '\\C{one} One\n\nSee \\k{nowhere}.\n');
    // As a man page the project does not list: alone, halibut finds its headings out of order.
    fs.writeFileSync(path.join(dir, 'page.but'), '\\H{page} A page\n\nSee \\k{one}.\n');
    c = new Client();
    await c.initialize(dir, {});
  });
  after(async () => {
    await c?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has its findings shown only while it is open; its set’s files as always', async () => {
    const book = URI.file(path.join(dir, 'book.but')).toString();
    const page = URI.file(path.join(dir, 'page.but')).toString();
    await c.until(() => (c.diagnostics.get(book) ?? []).length === 1, "book.but's broken reference");
    const wsPull = async () => ((await c.conn.sendRequest('workspace/diagnostic', { previousResultIds: [] })) as { items: { uri: string; items: Diag[] }[] }).items;
    assert.deepStrictEqual((await wsPull()).find((i) => i.uri === page)?.items, []);
    assert.deepStrictEqual(c.diagnostics.get(page) ?? [], []);
    c.open(path.join(dir, 'page.but'));
    await c.until(() => (c.diagnostics.get(page) ?? []).length > 0, "page.but's findings once open");
    assert.ok(c.diagnostics.get(page)!.every((d) => /expected higher heading levels|cross-reference to `one'/.test(d.message)), JSON.stringify(c.diagnostics.get(page)));
    assert.ok((await wsPull()).find((i) => i.uri === page)!.items.length > 0);
    void c.conn.sendNotification('textDocument/didClose', { textDocument: { uri: page } });
    await c.until(() => (c.diagnostics.get(page) ?? []).length === 0, "page.but's findings gone once closed");
  });
});

describe('language server over stdio: a folder reached through a symbolic link', function () {
  this.timeout(60000);
  let c: Client;
  let dir: string;
  before(async () => {
    // The workspace is opened through the link, so its set lists link/a.but; the client opens
    // the file by its real path, as Neovim does (it resolves links in buffer names).
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lsp-link-'));
    fs.mkdirSync(path.join(dir, 'real'));
    fs.writeFileSync(path.join(dir, 'real/halibut.json'), JSON.stringify({ sets: [{ name: 'linked', files: ['a.but', 'b.but'] }] }));
    fs.writeFileSync(path.join(dir, 'real/a.but'), '\\C{a} A\n\nSee \\k{b} and \\k{nosuch}.\n');
    fs.writeFileSync(path.join(dir, 'real/b.but'), '\\C{b} Bee\n\nText.\n');
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'), 'dir');
    c = new Client();
    await c.initialize(path.join(dir, 'link'), {});
  });
  after(async () => {
    await c?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a file opened by its real path is the set’s file, and is answered about under that path', async () => {
    const real = c.open(path.join(dir, 'real/a.but'));
    // As a file of no set, \\k{b} would be broken too: only \\k{nosuch} is.
    await c.until(() => (c.diagnostics.get(real) ?? []).length > 0, 'diagnostics of the file opened by its real path');
    assert.deepStrictEqual(c.diagnostics.get(real)!.map((d) => d.message), ["unable to resolve cross-reference to `nosuch'"]);
    const d = (await c.conn.sendRequest('textDocument/definition', { textDocument: { uri: real }, position: { line: 2, character: 7 } })) as { uri: string; range: { start: { line: number } } }[];
    assert.deepStrictEqual(d.map((l) => [path.basename(l.uri), l.range.start.line]), [['b.but', 0]]);
    const h = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: real }, position: { line: 2, character: 7 } })) as { contents: { value: string } };
    assert.match(h.contents.value, /Bee/);
    // Nothing is said about the linked path of the open file (the client would show it twice).
    const linked = URI.file(path.join(dir, 'link/a.but')).toString();
    assert.ok(!(c.diagnostics.get(linked) ?? []).length, JSON.stringify(c.diagnostics.get(linked)));
  });
});

describe('language server over stdio: pull diagnostics', function () {
  this.timeout(60000);
  let c: Client;
  before(async function () {
    if (!fs.existsSync(corpusDoc)) {
      if (process.env.CI) assert.fail('../shared/corpus is missing');
      this.skip();
    }
    c = new Client();
    const init = (await c.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: URI.file(corpusDoc).toString(),
      workspaceFolders: [{ uri: URI.file(corpusDoc).toString(), name: 'doc' }],
      capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } },
      initializationOptions: { settings: { projectFile: path.join(root, 'examples/putty/halibut.json') } },
    })) as { capabilities: { diagnosticProvider?: { interFileDependencies: boolean } } };
    assert.ok(init.capabilities.diagnosticProvider?.interFileDependencies);
    await c.conn.sendNotification('initialized', {});
  });
  after(async () => c?.stop());

  it('answers textDocument/diagnostic for the current text, and pushes nothing', async () => {
    const uri = c.open(path.join(corpusDoc, 'errors.but'));
    const pull = async () => ((await c.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { kind: string; items: Diag[] });
    let r = await pull();
    assert.strictEqual(r.kind, 'full');
    assert.deepStrictEqual(r.items, []);
    c.edit(uri, 'config-keepalive}', 'config-keepalvie}');
    r = await pull();
    assert.deepStrictEqual(r.items.map((d) => d.message), ["unable to resolve cross-reference to `config-keepalvie'; did you mean `config-keepalive'?"]);
    const ws = (await c.conn.sendRequest('workspace/diagnostic', { previousResultIds: [] })) as { items: { uri: string; items: Diag[] }[] };
    assert.ok(ws.items.length >= 22);
    assert.strictEqual(ws.items.find((i) => i.uri === uri)?.items.length, 1);
    assert.strictEqual(c.diagnostics.size, 0, 'no pushed diagnostics when the client pulls');
  });
});

describe('language server over stdio: numbers after references follow edits of another file', function () {
  this.timeout(60000);
  const A = '\\C{a} A\n\n\\H{first} First\n\n\\H{second} Second\n';
  const B = '\\C{b} B\n\nSee \\k{second}.\n';
  let s: Raw;
  let dir: string;
  const uri = (name: string) => URI.file(path.join(dir, name)).toString();
  const refreshes = () => s.notifications.filter((n) => n.method === 'workspace/inlayHint/refresh').length;
  const hints = async () => ((await s.request('textDocument/inlayHint', { textDocument: { uri: uri('b.but') }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } } })).result as { label: string }[]).map((h) => h.label);
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lsp-hints-'));
    fs.writeFileSync(path.join(dir, 'halibut.json'), JSON.stringify({ sets: [{ name: 'm', files: ['a.but', 'b.but'] }] }));
    fs.writeFileSync(path.join(dir, 'a.but'), A);
    fs.writeFileSync(path.join(dir, 'b.but'), B);
    s = new Raw();
    await s.initialize(dir, { workspace: { inlayHint: { refreshSupport: true } } });
    for (const [name, text] of [['a.but', A], ['b.but', B]]) s.notify('textDocument/didOpen', { textDocument: { uri: uri(name), languageId: 'halibut', version: 1, text } });
    await s.until('diagnostics of both', () => s.diagnostics(uri('a.but')) !== undefined && s.diagnostics(uri('b.but')) !== undefined);
    // (The first analysis may be followed by a refresh of its own.)
    await new Promise((r) => setTimeout(r, 500));
  });
  after(() => {
    s?.proc.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a section added before the one referred to: the client is asked to show the new number; typing in prose asks nothing', async () => {
    assert.deepStrictEqual(await hints(), ['section 1.2']);
    const before = refreshes();
    s.notify('textDocument/didChange', { textDocument: { uri: uri('b.but'), version: 2 }, contentChanges: [{ range: { start: { line: 2, character: 3 }, end: { line: 2, character: 3 } }, text: ' also' }] });
    await new Promise((r) => setTimeout(r, 600));
    assert.strictEqual(refreshes(), before, 'no refresh after typing in running text');
    s.notify('textDocument/didChange', { textDocument: { uri: uri('a.but'), version: 2 }, contentChanges: [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: '\\H{new} New\n\n' }] });
    await s.until('an inlay hint refresh', () => refreshes() > before);
    assert.deepStrictEqual(await hints(), ['section 1.3']);
  });
});
