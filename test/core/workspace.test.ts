/** The workspace index over an in-memory file system: sets, overlays, disk changes. */
import * as assert from 'assert';
import * as path from 'path';
import { DocumentSet } from '../../server/src/core/docset';
import { parseFile } from '../../server/src/core/parser';
import { describeSet } from '../support/describeSet';
import { Text } from '../../server/src/core/text';
import { Workspace, WorkspaceHost } from '../../server/src/core/workspace';

class MemoryHost implements WorkspaceHost {
  readonly files = new Map<string, string>();
  reads = 0;
  log?: (message: string) => void;
  readFile(file: string): string | undefined {
    this.reads++;
    return this.files.get(file);
  }
  listDir(folder: string): { files: string[]; dirs: string[] } {
    const files = new Set<string>();
    const dirs = new Set<string>();
    for (const f of this.files.keys()) {
      if (!f.startsWith(folder + '/')) continue;
      const rest = f.slice(folder.length + 1).split('/');
      if (rest.length === 1) files.add(rest[0]);
      else dirs.add(rest[0]);
    }
    return { files: [...files], dirs: [...dirs] };
  }
}

const messagesOf = (ws: Workspace, file: string) => ws.diagnostics(file).map((d) => d.message);

describe('workspace', () => {
  let host: MemoryHost;
  let ws: Workspace;
  beforeEach(() => {
    host = new MemoryHost();
    host.files.set('/doc/a.but', '\\C{a} A\n\nSee \\k{b} and \\k{gen}.\n');
    host.files.set('/doc/b.but', '\\C{b} B\n\nBack to \\k{a}.\n');
    ws = new Workspace(host);
    ws.setFolders(['/doc']);
  });

  it('without a project file, the folder is one set in name order', () => {
    const sets = ws.allSets();
    assert.strictEqual(sets.length, 1);
    assert.deepStrictEqual(sets[0].spec.files.map((f) => path.basename(f.path)), ['a.but', 'b.but']);
    assert.deepStrictEqual(messagesOf(ws, '/doc/a.but'), ["unable to resolve cross-reference to `gen'"]);
  });

  it('a project file orders the files and stands a stub in for an absent generated file', () => {
    host.files.set('/doc/halibut.json', JSON.stringify({ sets: [{ name: 'm', files: ['b.but', 'a.but', { path: 'gen.but', generated: true, stub: '\\A{gen} Generated' }] }] }));
    ws.fileChanged('/doc/halibut.json');
    assert.deepStrictEqual(messagesOf(ws, '/doc/a.but'), []);
    const set = ws.setsOf('/doc/a.but')[0].set;
    assert.strictEqual(set.keywords.get('a')!.words!.number, '2');
    assert.deepStrictEqual(ws.describeSets('/doc/a.but'), [{ name: 'm', project: '/doc/halibut.json', files: ['/doc/b.but', '/doc/a.but', '/doc/gen.but'], stubbed: ['/doc/gen.but'] }]);
  });

  it('an edit the incremental path fails on is analysed afresh, and the failure logged', () => {
    const logged: string[] = [];
    host.log = (m) => logged.push(m);
    ws.diagnostics('/doc/a.but');
    const set = ws.setsOf('/doc/a.but')[0].set;
    // A half-made patch: the set's tables changed, then an error.
    const update = DocumentSet.prototype.update;
    DocumentSet.prototype.update = function (this: DocumentSet) {
      this.keywords.delete('b');
      throw new Error('a bug in a patch');
    };
    try {
      ws.setOverlay('/doc/a.but', '\\C{a} A\n\nSee \\k{b} and \\k{a}.\n');
      assert.deepStrictEqual(messagesOf(ws, '/doc/a.but'), []);
    } finally {
      DocumentSet.prototype.update = update;
    }
    assert.notStrictEqual(ws.setsOf('/doc/a.but')[0].set, set);
    assert.strictEqual(logged.length, 1);
    assert.match(logged[0], /an edit could not be patched in, so the set is analysed afresh: Error: a bug in a patch/);
  });

  it('prepare() makes each set’s did-you-mean table before any broken reference asks', () => {
    host.files.set('/doc/a.but', '\\C{a} A\n\n\\H{usage} Usage\n\nSee \\k{b}.\n');
    ws.fileChanged('/doc/a.but');
    const prepared = () => (ws.setsOf('/doc/a.but')[0].set.keywords as unknown as { prepared?: unknown }).prepared;
    assert.strictEqual(prepared(), undefined);
    ws.prepare();
    assert.notStrictEqual(prepared(), undefined);
    ws.setOverlay('/doc/a.but', '\\C{a} A\n\n\\H{usage} Usage\n\nSee \\k{usgae}.\n');
    assert.deepStrictEqual(messagesOf(ws, '/doc/a.but'), ["unable to resolve cross-reference to `usgae'; did you mean `usage'?"]);
  });

  it('two sets sharing a file: an edit one read and undid before the other read it (found by review)', () => {
    // The first set's reparse takes over the parse the second holds, whose text is the same again.
    host.files.set('/doc/halibut.json', JSON.stringify({ sets: [{ name: 'all', files: ['a.but', 'b.but'] }, { name: 'tail', files: ['b.but', 'c.but'] }] }));
    host.files.set('/doc/b.but', 'One.\n\nTwo.\n');
    host.files.set('/doc/c.but', 'C.\n');
    ws.fileChanged('/doc/halibut.json');
    ws.setsOf('/doc/a.but');
    ws.setsOf('/doc/c.but');
    ws.setOverlay('/doc/b.but', 'Zero.\n\nOne.\n\nTwo.\n');
    assert.deepStrictEqual(ws.setsOf('/doc/a.but').map((e) => e.spec.name), ['all']);
    ws.setOverlay('/doc/b.but', 'One.\n\nTwo.\n');
    const [tail] = ws.setsOf('/doc/c.but');
    assert.strictEqual(tail.spec.name, 'tail');
    const fresh = new DocumentSet(['/doc/b.but', '/doc/c.but'].map((id) => ({ id, name: path.basename(id), text: host.files.get(id)! })), { parse: (f, m) => parseFile(f.text, m) });
    assert.deepStrictEqual(describeSet(tail.set), describeSet(fresh));
  });

  it('an open buffer overrides the disk, and other files see the change', () => {
    ws.setOverlay('/doc/b.but', '\\C{bee} B\n\nBack to \\k{a}.\n');
    assert.deepStrictEqual(messagesOf(ws, '/doc/a.but').sort(), ["unable to resolve cross-reference to `b'", "unable to resolve cross-reference to `gen'"]);
    ws.setOverlay('/doc/b.but', undefined);
    assert.deepStrictEqual(messagesOf(ws, '/doc/a.but'), ["unable to resolve cross-reference to `gen'"]);
  });

  it('files created and deleted on disk change the sets', () => {
    host.files.set('/doc/gen.but', '\\C{gen} Gen\n');
    ws.fileChanged('/doc/gen.but');
    assert.deepStrictEqual(messagesOf(ws, '/doc/a.but'), []);
    host.files.delete('/doc/b.but');
    ws.fileChanged('/doc/b.but');
    assert.deepStrictEqual(messagesOf(ws, '/doc/a.but'), ["unable to resolve cross-reference to `b'"]);
  });

  it('reuses parses of unchanged files', () => {
    const before = ws.setsOf('/doc/a.but')[0].set.files[1].parsed;
    ws.setOverlay('/doc/a.but', '\\C{a} A changed\n\nSee \\k{b}.\n');
    const after = ws.setsOf('/doc/a.but')[0].set.files[1].parsed;
    assert.strictEqual(after, before, 'b.but was not parsed again');
  });

  it('a file opened as it is on disk is not analysed again, and its edits are patched in', () => {
    const before = ws.setsOf('/doc/a.but')[0].set;
    const parsed = before.files[0].parsed;
    const opened = Text.of(host.files.get('/doc/a.but')!);
    ws.setOverlay('/doc/a.but', opened);
    assert.strictEqual(ws.setsOf('/doc/a.but')[0].set, before, 'the set was built again');
    assert.strictEqual(ws.setsOf('/doc/a.but')[0].set.files[0].parsed, parsed, 'the file was read again');
    // Typed into a reference: the set patched, not built again, and the reference broken.
    const typed = opened.edit(opened.toString().indexOf('{b}') + 1, opened.toString().indexOf('{b}') + 1, 'x');
    ws.setOverlay('/doc/a.but', typed);
    assert.strictEqual(ws.setsOf('/doc/a.but')[0].set, before, 'the edit was not patched in');
    assert.deepStrictEqual(messagesOf(ws, '/doc/a.but').sort(), ["unable to resolve cross-reference to `gen'", "unable to resolve cross-reference to `xb'"]);
    // Opened with other text than the disk's: analysed again.
    ws.setOverlay('/doc/b.but', Text.of('\\C{b} B changed\n\nBack to \\k{a}.\n'));
    assert.notStrictEqual(ws.setsOf('/doc/a.but')[0].set.files[1].parsed.text.toString(), host.files.get('/doc/b.but'));
  });

  it('a file edited, saved and closed is read from the disk again, not as it was before it was opened', () => {
    assert.deepStrictEqual(messagesOf(ws, '/doc/a.but'), ["unable to resolve cross-reference to `gen'"]);
    const fixed = '\\C{a} A\n\nSee \\k{b}.\n';
    ws.setOverlay('/doc/a.but', Text.of(host.files.get('/doc/a.but')!).edit(18, 30, ''));
    assert.strictEqual(ws.text('/doc/a.but'), fixed);
    assert.deepStrictEqual(messagesOf(ws, '/doc/a.but'), []);
    // Saved: the server leaves a watched file's change alone while the file is open (its buffer is what counts).
    host.files.set('/doc/a.but', fixed);
    ws.setOverlay('/doc/a.but', undefined);
    assert.strictEqual(ws.text('/doc/a.but'), fixed);
    assert.deepStrictEqual(messagesOf(ws, '/doc/a.but'), []);
  });

  it('an edit that changes nothing (an empty edit, as a formatter may send) reads nothing again', () => {
    // Ending in a paragraph that is not prose, and so is not patched into the set as prose is.
    host.files.set('/doc/a.but', host.files.get('/doc/a.but')! + '\n\\versionid $Id: a.but 1 $\n');
    ws.fileChanged('/doc/a.but');
    const opened = Text.of(host.files.get('/doc/a.but')!);
    ws.setOverlay('/doc/a.but', opened.edit(10, 10, 'x'));
    const set = ws.setsOf('/doc/a.but')[0].set;
    const paragraphs = [...set.files[0].parsed.paragraphs];
    for (const at of [opened.length + 1, 12, 0]) {
      ws.setOverlay('/doc/a.but', (ws.content('/doc/a.but') as Text).edit(at, at, ''));
      const now = ws.setsOf('/doc/a.but')[0].set;
      assert.strictEqual(now, set, `the set was built again (an empty edit at ${at})`);
      assert.deepStrictEqual(
        now.files[0].parsed.paragraphs.map((p, i) => p === paragraphs[i]),
        paragraphs.map(() => true),
        `a paragraph was read again (an empty edit at ${at})`,
      );
    }
    assert.deepStrictEqual(messagesOf(ws, '/doc/a.but'), ["unable to resolve cross-reference to `gen'"]);
    // Later edits are found from it.
    const typed = (ws.content('/doc/a.but') as Text).edit(ws.text('/doc/a.but')!.indexOf('{b}') + 1, ws.text('/doc/a.but')!.indexOf('{b}') + 1, 'x');
    ws.setOverlay('/doc/a.but', typed);
    assert.strictEqual(ws.setsOf('/doc/a.but')[0].set, set, 'the edit was not patched in');
    assert.deepStrictEqual(messagesOf(ws, '/doc/a.but').sort(), ["unable to resolve cross-reference to `gen'", "unable to resolve cross-reference to `xb'"]);
  });

  it('a file of several sets opened as it is on disk is analysed again by none of them', () => {
    host.files.set('/doc/halibut.json', JSON.stringify({ sets: [{ name: 'one', files: ['a.but'] }, { name: 'two', files: ['a.but', 'b.but'] }] }));
    ws.fileChanged('/doc/halibut.json');
    const parsed = ws.setsOf('/doc/a.but').map((e) => e.set.files[0].parsed);
    ws.setOverlay('/doc/a.but', Text.of(host.files.get('/doc/a.but')!));
    assert.deepStrictEqual(
      ws.setsOf('/doc/a.but').map((e, i) => e.set.files[0].parsed === parsed[i]),
      [true, true],
    );
  });

  it('a file in several sets gets diagnostics from each, once', () => {
    host.files.set('/doc/halibut.json', JSON.stringify({ sets: [{ name: 'one', files: ['a.but'] }, { name: 'two', files: ['a.but', 'b.but'] }] }));
    ws.fileChanged('/doc/halibut.json');
    assert.deepStrictEqual(ws.setsOf('/doc/a.but').map((e) => e.spec.name), ['one', 'two']);
    assert.deepStrictEqual(messagesOf(ws, '/doc/a.but').sort(), ["unable to resolve cross-reference to `b'", "unable to resolve cross-reference to `gen'"]);
  });

  it('a project file with bad JSON reports a problem and the rest keeps working', () => {
    host.files.set('/doc/halibut.json', '{ "sets": [');
    ws.fileChanged('/doc/halibut.json');
    const p = ws.getProjects().find((x) => x.file === '/doc/halibut.json')!;
    assert.match(p.problems[0].message, /invalid JSON/);
    assert.strictEqual(ws.setsOf('/doc/a.but').length, 1, 'a.but still forms a set');
  });

  it('a file outside every folder forms a set of its own', () => {
    host.files.set('/elsewhere/x.but', 'See \\k{nowhere}.\n');
    assert.deepStrictEqual(messagesOf(ws, '/elsewhere/x.but'), ["unable to resolve cross-reference to `nowhere'"]);
  });
});
