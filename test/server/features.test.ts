/** Each language feature on small documents written here, over an in-memory workspace. */
import * as assert from 'assert';
import fc from 'fast-check';
import { CompletionItem, Diagnostic, LSPErrorCodes, Range, ResponseError, SelectionRange, TextEdit } from 'vscode-languageserver';
import { Workspace, WorkspaceHost } from '../../server/src/core/workspace';
import { codeActions } from '../../server/src/features/codeAction';
import { completion, completionContext, resolveCompletion, restOfName } from '../../server/src/features/completion';
import { FeatureContext, uriOf } from '../../server/src/features/context';
import { definition } from '../../server/src/features/definition';
import { diagnosticsFor } from '../../server/src/features/diagnostics';
import { documentLinks } from '../../server/src/features/documentLink';
import { documentSymbols } from '../../server/src/features/documentSymbol';
import { foldingRanges } from '../../server/src/features/foldingRange';
import { hover } from '../../server/src/features/hover';
import { inlayHints } from '../../server/src/features/inlayHint';
import { PositionCodec } from '../../server/src/features/positions';
import { documentHighlights, references } from '../../server/src/features/references';
import { prepareRename, rename } from '../../server/src/features/rename';
import { selectionRanges } from '../../server/src/features/selectionRange';
import { semanticTokens } from '../../server/src/features/semanticTokens';
import { workspaceSymbols } from '../../server/src/features/workspaceSymbol';
import { LineIndex } from '../../server/src/core/lines';
import { memoryWorkspace } from '../support/memoryWorkspace';

const FILES: Record<string, string> = {
  '/doc/a.but': [
    '\\define{prod} \\cw{Widget}',
    '',
    '\\C{intro} Introduction',
    '',
    'The \\prod is \\i{useful}; see \\k{usage} and \\K{usage-run}.',
    'More at \\W{https://example.org/}{the site}, costs \\u20AC{EUR}5.',
    '',
    '\\H{intro-why} Why',
    '',
    '\\quote{',
    '',
    'Quoted.',
    '',
    '}',
  ].join('\n'),
  '/doc/b.but': [
    '\\C{usage} Using \\prod',
    '',
    'First paragraph of usage, with \\e{emphasis}.',
    '',
    '\\H{usage-run} Running',
    '',
    '\\c run it',
    '\\c now',
    '',
    'Back to \\k{intro}, or \\k{intro-wyh}.',
    '',
    '\\IM{useful} useful things',
    '',
    '\\IM{usefull} typo',
  ].join('\n'),
};

class Host implements WorkspaceHost {
  readFile(f: string) {
    return FILES[f];
  }
  listDir(d: string) {
    return d === '/doc' ? { files: Object.keys(FILES).map((f) => f.slice(5)), dirs: [] } : { files: [], dirs: [] };
  }
}

function setup(encoding: 'utf-16' | 'utf-8' | 'utf-32' = 'utf-16'): FeatureContext {
  const ws = new Workspace(new Host());
  ws.setFolders(['/doc']);
  return { ws, codec: new PositionCodec(encoding), settings: { inlayHints: true } };
}

const A = uriOf('/doc/a.but');
const B = uriOf('/doc/b.but');
/** The position of the n-th character of `needle` in a file. */
function at(file: string, needle: string, delta = 1) {
  const text = FILES[file];
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return new LineIndex(text).positionAt(i + delta);
}

describe('features', () => {
  let ctx: FeatureContext;
  beforeEach(() => (ctx = setup()));

  it('diagnostics: unresolved reference with a suggestion, \\IM on unknown tag', () => {
    const d = diagnosticsFor(ctx, B);
    assert.deepStrictEqual(d.map((x) => [x.code, x.message, x.range.start.line]), [
      ['unresolved-xref', "unable to resolve cross-reference to `intro-wyh'; did you mean `intro-why'?", 9],
      ['unknown-index-tag', "`\\IM' on unknown index tag `usefull'; did you mean `useful'?", 13],
    ]);
    assert.deepStrictEqual(diagnosticsFor(ctx, A), []);
  });

  it('definition: reference → heading in another file; macro use → \\define; \\IM tag → first use', () => {
    const d = definition(ctx, A, at('/doc/a.but', '\\k{usage}', 4));
    assert.deepStrictEqual(d.map((l) => [l.uri, l.range.start]), [[B, { line: 0, character: 3 }]]);
    const m = definition(ctx, B, at('/doc/b.but', '\\prod', 2));
    assert.deepStrictEqual(m.map((l) => [l.uri, l.range.start]), [[A, { line: 0, character: 8 }]]);
    const i = definition(ctx, B, at('/doc/b.but', '{useful}', 2));
    assert.deepStrictEqual(i.map((l) => [l.uri, l.range.start.line]), [[A, 4]]);
    // And from an index use to the \\IM that says how the index shows it.
    const im = definition(ctx, A, at('/doc/a.but', '\\i{useful}', 4));
    assert.deepStrictEqual(im.map((l) => [l.uri, l.range.start]), [[B, { line: 11, character: 4 }]]);
  });

  it('hover: number, title, place and preview for a reference; macro; \\u', () => {
    const h = hover(ctx, A, at('/doc/a.but', '\\k{usage}', 4))!;
    const v = (h.contents as { value: string }).value;
    assert.match(v, /^\*\*chapter 2\*\*: Using Widget/);
    assert.match(v, /b\.but:1/);
    assert.match(v, /First paragraph of usage, with \*emphasis\*\./);
    assert.match((hover(ctx, A, at('/doc/a.but', '\\K{usage-run}', 4))!.contents as { value: string }).value, /^\*\*Section 2\.1\*\*: Running/);
    assert.match((hover(ctx, B, at('/doc/b.but', '\\prod', 2))!.contents as { value: string }).value, /expands to:\n\n```halibut\n\\cw\{Widget\}/);
    assert.match((hover(ctx, A, at('/doc/a.but', '\\u20AC', 2))!.contents as { value: string }).value, /U\+20AC/);
  });

  it('hover: an inline command’s documentation, but not in code, a comment, or after an escaped backslash', () => {
    const text = 'Plain \\e{it} and C:\\\\e too.\n\n\\c C:\\e\n\n\\#{ \\e }\n';
    const { ws, uris } = memoryWorkspace([{ name: 'h.but', text }]);
    const c = { ...ctx, ws };
    const hoverAt = (line: number, character: number) => hover(c, uris[0], { line, character });
    const h = hoverAt(0, 7)!;
    assert.match((h.contents as { value: string }).value, /^`\\e`: Emphasis/);
    assert.deepStrictEqual(h.range, { start: { line: 0, character: 6 }, end: { line: 0, character: 8 } });
    assert.strictEqual(hoverAt(0, 21), null, 'an escaped backslash, then a letter');
    assert.strictEqual(hoverAt(2, 6), null, 'in a code paragraph');
    assert.strictEqual(hoverAt(4, 5), null, 'in a comment');
  });

  it('completion: context detection and keywords ranked by prefix', () => {
    assert.deepStrictEqual(completionContext('see \\k{usa'), { kind: 'keyword', partial: 'usa', from: 7 });
    assert.deepStrictEqual(completionContext('\\IM{a}{us'), { kind: 'index', partial: 'us', from: 7 });
    assert.deepStrictEqual(completionContext('\\cfg{text-'), { kind: 'cfg', partial: 'text-', from: 5 });
    assert.deepStrictEqual(completionContext('text \\co'), { kind: 'command', partial: 'co', from: 6 });
    assert.strictEqual(completionContext('plain text'), undefined);
    const ws = ctx.ws;
    ws.setOverlay('/doc/b.but', FILES['/doc/b.but'] + '\n\nSee \\k{usa');
    const lines = FILES['/doc/b.but'].split('\n').length + 1;
    const list = completion(ctx, B, { line: lines, character: 10 });
    const sorted = [...list.items].sort((x, y) => x.sortText!.localeCompare(y.sortText!));
    assert.deepStrictEqual(sorted.slice(0, 2).map((i) => i.label), ['usage', 'usage-run']);
    assert.strictEqual(sorted[0].detail, 'Chapter 2 \u2014 Using Widget');
  });

  it('completion: an escaped backslash starts no command, and \\k{ after one is no reference', () => {
    assert.strictEqual(completionContext('C:\\\\'), undefined);
    assert.strictEqual(completionContext('HKEY\\\\Soft'), undefined);
    assert.strictEqual(completionContext('a \\\\k{us'), undefined);
    // (A third backslash after an escaped pair starts one.)
    assert.deepStrictEqual(completionContext('\\\\\\e'), { kind: 'command', partial: 'e', from: 3 });
  });

  it('completion: paragraph commands at a paragraph’s start, only inline ones in mid-paragraph, every \\S level', () => {
    const base = FILES['/doc/b.but'] + '\n\n';
    const line = FILES['/doc/b.but'].split('\n').length + 1;
    const labels = (text: string, character: number) => {
      ctx.ws.setOverlay('/doc/b.but', base + text);
      return completion(ctx, B, { line, character }).items.map((i) => i.label);
    };
    const start = labels('\\', 1);
    for (const name of ['\\H', '\\S', '\\S0', '\\S1', '\\b', '\\IM', '\\e', '\\k', '\\#']) assert.ok(start.includes(name), `${name} at a paragraph's start`);
    const mid = labels('Some text \\', 11);
    for (const name of ['\\e', '\\k', '\\i', '\\c', '\\q', '\\_']) assert.ok(mid.includes(name), `${name} in mid-paragraph`);
    for (const name of ['\\H', '\\S', '\\C', '\\b', '\\IM', '\\define', '\\copyright']) assert.ok(!mid.includes(name), `no ${name} in mid-paragraph`);
    // A \S level's snippet takes its keyword and title.
    ctx.ws.setOverlay('/doc/b.but', base + '\\S2');
    const s2 = completion(ctx, B, { line, character: 3 }).items.find((i) => i.label === '\\S2');
    assert.strictEqual((s2?.textEdit as TextEdit).newText, 'S2{${1:keyword}} ${2:Title}');
  });

  it('completion: only what the typed letters match, the best 200, the list marked incomplete when there are more', () => {
    const headings = Array.from({ length: 300 }, (_, i) => `\\H{topic-${i}} Topic ${i}\n\n`).join('');
    const { ws, uris } = memoryWorkspace([{ name: 'big.but', text: `\\C{big} Big\n\n${headings}See \\k{` }]);
    const c: FeatureContext = { ws, codec: new PositionCodec(), settings: { inlayHints: true } };
    const end = { line: 602, character: 7 };
    const all = completion(c, uris[0], end);
    assert.strictEqual(all.items.length, 200);
    assert.strictEqual(all.isIncomplete, true);
    ws.setOverlay(ws.knownFiles().find((f) => f.endsWith('big.but'))!, `\\C{big} Big\n\n${headings}See \\k{topic-29`);
    const some = completion(c, uris[0], { line: 602, character: 15 });
    const expected = Array.from({ length: 300 }, (_, i) => `topic-${i}`).filter((k) => /t.*o.*p.*i.*c.*-.*2.*9/.test(k));
    assert.deepStrictEqual(some.items.map((i) => i.label).sort(), expected.sort());
    assert.strictEqual(some.isIncomplete, false);
    // Prefix matches first: topic-29 and topic-29x before topic-129 and the like.
    const ranked = [...some.items].sort((x, y) => x.sortText!.localeCompare(y.sortText!)).map((i) => i.label);
    assert.deepStrictEqual(ranked.slice(0, 11).sort(), ['topic-29', ...Array.from({ length: 10 }, (_, i) => `topic-29${i}`)].sort());
  });

  it('completion: the best 200 are exactly what ranking every keyword would give, in tiers', () => {
    // Keys that match a partial as a prefix, a substring or only scattered, in mixed order.
    const stems = ['ab', 'ba', 'xab', 'a-b', 'Ab', 'bxa'];
    const keys = Array.from({ length: 700 }, (_, i) => `${stems[(i * 7) % stems.length]}-${i}`);
    const headings = keys.map((k) => `\\H{${k}} T\n\n`).join('');
    for (const partial of ['', 'a', 'ab', 'b-', 'a-', 'b-1', 'x9', 'ba-6', 'zz']) {
      const { ws, uris } = memoryWorkspace([{ name: 'k.but', text: `\\C{top} Top\n\n${headings}See \\k{${partial}` }]);
      const c: FeatureContext = { ws, codec: new PositionCodec(), settings: { inlayHints: true } };
      const got = completion(c, uris[0], { line: 2 + 2 * keys.length, character: 7 + partial.length });
      const p = partial.toLowerCase();
      const tier = (k: string) => (k.toLowerCase().startsWith(p) ? 0 : k.toLowerCase().includes(p) ? 1 : new RegExp([...p].map((ch) => ch.replace(/[-]/g, '\\-')).join('.*')).test(k.toLowerCase()) ? 2 : 3);
      const naive = ['top', ...keys].map((k, order) => ({ k, t: tier(k), order })).filter((r) => r.t < 3).sort((x, y) => x.t - y.t || x.order - y.order);
      assert.deepStrictEqual([...got.items].sort((x, y) => x.sortText!.localeCompare(y.sortText!)).map((i) => i.label), naive.slice(0, 200).map((r) => r.k), `partial ${partial}`);
      assert.strictEqual(got.isIncomplete, naive.length > 200, `partial ${partial}`);
    }
  });

  it('completion: a client that takes a default edit range gets the range once, and the same edits', () => {
    // (Mid-paragraph: the commands offered at the end are inline ones, `\c`, `\cw`, `\cq`.)
    const text = FILES['/doc/b.but'] + '\n\nSee \\k{usa \\IM{us \\cfg{text- \\c';
    ctx.ws.setOverlay('/doc/b.but', text);
    const line = FILES['/doc/b.but'].split('\n').length + 1;
    const withDefaults: FeatureContext = { ...ctx, client: { completionItemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat'] } };
    const ends = [10, 17, 28, 31];
    for (const character of ends) {
      const plain = completion(ctx, B, { line, character });
      const compact = completion(withDefaults, B, { line, character });
      assert.ok(plain.items.length > 0, `items at ${character}`);
      const range = compact.itemDefaults?.editRange;
      assert.ok(range && 'start' in range, `default range at ${character}`);
      assert.ok(compact.items.every((i) => i.textEdit === undefined));
      // What each item does to the text, as the client applies it, is the same either way.
      const edit = (i: CompletionItem, r?: Range) => [i.label, JSON.stringify(i.textEdit ? [i.textEdit] : [r, i.textEditText ?? i.label]), i.insertTextFormat, i.sortText];
      assert.deepStrictEqual(compact.items.map((i) => edit(i, range)), plain.items.map((i) => edit({ ...i, textEdit: undefined, textEditText: (i.textEdit as TextEdit).newText === i.label ? undefined : (i.textEdit as TextEdit).newText }, (i.textEdit as TextEdit).range)));
      assert.ok(JSON.stringify(compact).length < JSON.stringify(plain).length, `smaller at ${character}`);
    }
    assert.ok(completion(withDefaults, B, { line, character: 31 }).items.some((i) => i.textEditText !== undefined), 'a snippet keeps its own text');
  });

  it('completion: a client that resolves details gets keyword items without them, and the same details on resolve', () => {
    ctx.ws.setOverlay('/doc/b.but', FILES['/doc/b.but'] + '\n\nSee \\k{');
    const position = { line: FILES['/doc/b.but'].split('\n').length + 1, character: 7 };
    const eager = completion(ctx, B, position);
    for (const defaults of [['editRange', 'data'], ['editRange']]) {
      const lazyCtx: FeatureContext = { ...ctx, client: { completionItemDefaults: defaults, completionResolves: ['documentation', 'detail'] } };
      const lazy = completion(lazyCtx, B, position);
      assert.deepStrictEqual(lazy.items.map((i) => i.label), eager.items.map((i) => i.label));
      assert.ok(lazy.items.every((i) => i.detail === undefined));
      // The client puts the list's default data into an item before it asks to resolve it.
      const resolved = lazy.items.map((i) => resolveCompletion(lazyCtx, { ...i, data: i.data ?? lazy.itemDefaults?.data }));
      assert.deepStrictEqual(resolved.map((i) => i.detail), eager.items.map((i) => i.detail));
      assert.ok(resolved.some((i) => i.detail === 'Chapter 2 \u2014 Using Widget'));
    }
    // A client that shows label details gets each keyword's number in the list itself.
    const numbered = completion({ ...ctx, client: { completionResolves: ['detail'], completionLabelDetails: true } }, B, position);
    const described = new Map(numbered.items.map((i) => [i.label, i.labelDetails?.description]));
    assert.deepStrictEqual([described.get('usage'), described.get('intro-why')], ['Chapter 2', 'Section 1.1']);
    assert.ok(numbered.items.every((i) => i.labelDetails?.description), 'every keyword here is numbered');
    assert.ok(eager.items.every((i) => i.labelDetails === undefined));
    // An item the server knows nothing of comes back as it went.
    assert.deepStrictEqual(resolveCompletion(ctx, { label: 'x', data: { uri: uriOf('/elsewhere.but') } }), { label: 'x', data: { uri: uriOf('/elsewhere.but') } });
  });

  it('completion inside a name already written: what to insert and what to replace, for a client that takes both', () => {
    // (Halibut reads a keyword to its closing brace, spaces and all: `\k{in and on}` names `in and on`.)
    assert.deepStrictEqual(
      [restOfName('keyword', 'ro} and on'), restOfName('keyword', 'ro and on'), restOfName('keyword', ' and on}'), restOfName('keyword', ' and \\e{on}'), restOfName('index', 'ful things} more'), restOfName('command', 'w{x}'), restOfName('keyword', '')],
      [2, 2, 7, 0, 10, 1, 0],
    );
    const base = FILES['/doc/b.but'] + '\n\nSee \\k{intro-w}, \\k{in and on, \\i{use things}, \\cw{x}.';
    ctx.ws.setOverlay('/doc/b.but', base);
    const line = FILES['/doc/b.but'].split('\n').length + 1;
    const r = (from: number, to: number): Range => ({ start: { line, character: from }, end: { line, character: to } });
    const both: FeatureContext = { ...ctx, client: { completionInsertReplace: true } };
    const first = (c: FeatureContext, character: number) => completion(c, B, { line, character }).items[0];
    // `\k{in|tro-w}`: insert before the cursor, or replace up to the closing brace.
    assert.deepStrictEqual(first(both, 9).textEdit, { newText: 'intro', insert: r(7, 9), replace: r(7, 14) });
    assert.deepStrictEqual(first(ctx, 9).textEdit, { newText: 'intro', range: r(7, 9) });
    // At the name's end there is nothing to replace; unclosed, only the rest of the word is the name's.
    assert.deepStrictEqual(first(both, 14).textEdit, { range: r(7, 14), newText: first(both, 14).label });
    assert.deepStrictEqual(first(both, 21).textEdit, { newText: 'intro', insert: r(20, 21), replace: r(20, 22) });
    // An index term, to its brace, spaces and all; a command's letters.
    assert.deepStrictEqual(first(both, 36).textEdit, { newText: 'useful', insert: r(34, 36), replace: r(34, 44) });
    const cw = completion(both, B, { line, character: 49 }).items.find((i) => i.label === '\\cw')!;
    assert.deepStrictEqual(cw.textEdit, { newText: 'cw', insert: r(48, 49), replace: r(48, 50) });
    // Its argument written already, a command is offered without the snippet's braces; with none, with them.
    assert.deepStrictEqual(completion(both, B, { line, character: 50 }).items.find((i) => i.label === '\\cw')!.textEdit, { range: r(48, 50), newText: 'cw' });
    ctx.ws.setOverlay('/doc/b.but', base.slice(0, -4));
    assert.deepStrictEqual(completion(both, B, { line, character: 50 }).items.find((i) => i.label === '\\cw')!.textEdit, { range: r(48, 50), newText: 'cw{${1:code}}' });
    // A client that takes a default range is sent both ranges once.
    const compact = completion({ ...ctx, client: { completionInsertReplace: true, completionItemDefaults: ['editRange'] } }, B, { line, character: 9 });
    assert.deepStrictEqual(compact.itemDefaults?.editRange, { insert: r(7, 9), replace: r(7, 14) });
    assert.ok(compact.items.every((i) => i.textEdit === undefined));
  });

  it('references and highlights: definition and every use, across files', () => {
    const refs = references(ctx, B, at('/doc/b.but', '\\k{intro}', 4), true);
    assert.deepStrictEqual(refs.map((r) => [r.uri, r.range.start.line]).sort(), [[A, 2], [B, 9]].sort());
    const hl = documentHighlights(ctx, A, at('/doc/a.but', '{intro}', 2));
    assert.strictEqual(hl.length, 1);
  });

  it('rename: every occurrence, keyword text only; invalid and clashing names refused', () => {
    const pr = prepareRename(ctx, B, at('/doc/b.but', '\\k{intro}', 4))!;
    assert.strictEqual(pr.placeholder, 'intro');
    const edit = rename(ctx, B, at('/doc/b.but', '\\k{intro}', 4), 'overview');
    assert.deepStrictEqual(
      Object.entries(edit.changes!).map(([u, es]) => [u, es.map((e) => [e.range.start.line, e.range.start.character, e.range.end.character, e.newText])]).sort(),
      [[A, [[2, 3, 8, 'overview']]], [B, [[9, 11, 16, 'overview']]]].sort(),
    );
    // (A refusal is the protocol's RequestFailed, which clients show as a message.)
    assert.throws(() => rename(ctx, B, at('/doc/b.but', '\\k{intro}', 4), 'usage'), (e: unknown) => e instanceof ResponseError && e.code === LSPErrorCodes.RequestFailed && /already exists/.test(e.message));
    assert.throws(() => rename(ctx, B, at('/doc/b.but', '\\k{intro}', 4), 'a{b'), (e: unknown) => e instanceof ResponseError && /braces/.test(e.message));
    const m = rename(ctx, B, at('/doc/b.but', '\\prod', 2), 'product');
    assert.strictEqual(Object.values(m.changes!).flat().length, 3);
  });

  it('document symbols: nested outline with numbers', () => {
    const s = documentSymbols(ctx, A);
    assert.deepStrictEqual(s.map((x) => [x.name, x.detail, x.children!.map((c) => c.name)]), [['1 Introduction', 'intro \u2014 Chapter 1', ['1.1 Why']]]);
  });

  it('workspace symbols: fuzzy over every set, the best matches first', () => {
    assert.deepStrictEqual(workspaceSymbols(ctx, 'usrun').map((s) => s.name), ['usage-run: Section 2.1 Running']);
    // A keyword that starts with the query, then one or a title that holds it, then scattered letters.
    const { ws } = memoryWorkspace([{ name: 'r.but', text: '\\C{config-reset} Reset\n\n\\H{config-net} Net\n\n\\H{conn} Connecting\n\n\\H{errors-connreset} Reset\n\n\\H{other} The connreset case\n' }]);
    const names = workspaceSymbols({ ...ctx, ws }, 'connreset').map((s) => s.name.split(':')[0]);
    assert.deepStrictEqual(names, ['errors-connreset', 'other']);
    assert.deepStrictEqual(workspaceSymbols({ ...ctx, ws }, 'conn').map((s) => s.name.split(':')[0]), ['conn', 'errors-connreset', 'other', 'config-net']);
  });

  it('selection ranges: a word, then each brace group and the command it belongs to, out to the file', () => {
    const text = '\\C{one} One\n\nSee \\q{\\ii{Out of memory}} and \\W{https://x.org/}{the \\e{si\\}te}} here.\n\n\\c code {not a group}\n';
    const { ws, uris } = memoryWorkspace([{ name: 'sel.but', text }]);
    const c: FeatureContext = { ws, codec: new PositionCodec(), settings: { inlayHints: true } };
    const lines = new LineIndex(text);
    const chain = (needle: string, delta: number) => {
      const out: string[] = [];
      for (let r: SelectionRange | undefined = selectionRanges(c, uris[0], [lines.positionAt(text.indexOf(needle) + delta)])[0]; r; r = r.parent) out.push(text.slice(lines.offsetAt(r.range.start), lines.offsetAt(r.range.end)));
      return out;
    };
    const para = 'See \\q{\\ii{Out of memory}} and \\W{https://x.org/}{the \\e{si\\}te}} here.';
    assert.deepStrictEqual(chain('memory', 2).slice(0, 6), ['memory', 'Out of memory', '{Out of memory}', '\\ii{Out of memory}', '{\\ii{Out of memory}}', '\\q{\\ii{Out of memory}}']);
    assert.strictEqual(chain('memory', 2)[6], para);
    // An escaped brace is text; the command of a second argument is found past the first.
    assert.deepStrictEqual(chain('si\\}te', 1).slice(0, 5), ['si\\}te', '{si\\}te}', '\\e{si\\}te}', '{the \\e{si\\}te}}', '\\W{https://x.org/}{the \\e{si\\}te}}']);
    assert.deepStrictEqual(chain('See', 1).slice(0, 2), ['See', para]);
    // A code paragraph's braces are its text.
    assert.deepStrictEqual(chain('not a', 1).slice(0, 2), ['not', '\\c code {not a group}']);
  });

  it('folding, selection ranges, links, inlay hints, semantic tokens', () => {
    const folds = foldingRanges(ctx, A);
    assert.ok(folds.some((f) => f.startLine === 9 && f.endLine === 13), 'the \\quote block folds');
    const sel = selectionRanges(ctx, A, [at('/doc/a.but', '\\k{usage}', 4)])[0];
    assert.strictEqual(sel.range.end.character - sel.range.start.character, 'usage'.length);
    assert.ok(sel.parent && sel.parent.parent);
    assert.deepStrictEqual(documentLinks(ctx, A).map((l) => l.target), ['https://example.org/']);
    assert.deepStrictEqual(inlayHints(ctx, A, { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } }).map((h) => h.label), ['chapter 2', 'Section 2.1']);
    ctx.settings.inlayHints = false;
    assert.deepStrictEqual(inlayHints(ctx, A, { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } }), []);
    const toks = semanticTokens(ctx, B).data;
    assert.ok(toks.length % 5 === 0 && toks.length >= 5 * 4);
  });

  it('code actions: did-you-mean replacements and a rename for duplicates', () => {
    const d = diagnosticsFor(ctx, B);
    const actions = codeActions(ctx, B, d[0].range, d);
    // (A keyword's fix says what it names; an index tag's is only the tag.)
    assert.deepStrictEqual(actions.map((a) => a.title), ["Change to `intro-why' (Section 1.1 Why)", "Change to `useful'"]);
    const edit = actions[0].edit!.changes![B][0];
    assert.strictEqual(edit.newText, 'intro-why');
    assert.strictEqual(edit.range.end.character - edit.range.start.character, 'intro-wyh'.length);
    // A client that sends none of ours (no diagnostics, or another tool's) gets the fixes at the range.
    const cursor = at('/doc/b.but', '\\k{intro-wyh}', 6);
    const spell: Diagnostic = { range: { start: cursor, end: cursor }, source: 'spell', message: 'wyh?' };
    for (const sent of [[], [spell]]) {
      assert.deepStrictEqual(codeActions(ctx, B, { start: cursor, end: cursor }, sent).map((a) => a.title), ["Change to `intro-why' (Section 1.1 Why)"]);
    }
    assert.deepStrictEqual(codeActions(ctx, B, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, []), []);
  });

  it('positions in UTF-8 and UTF-32 as negotiated', () => {
    const text = 'Caf\u00e9 \ud83d\ude00 \\k{x}';
    const lines = new LineIndex(text);
    const k = text.indexOf('\\k');
    assert.deepStrictEqual(new PositionCodec('utf-16').toPosition(lines, k), { line: 0, character: 8 });
    assert.deepStrictEqual(new PositionCodec('utf-8').toPosition(lines, k), { line: 0, character: 11 });
    assert.deepStrictEqual(new PositionCodec('utf-32').toPosition(lines, k), { line: 0, character: 7 });
    assert.strictEqual(new PositionCodec('utf-8').toOffset(lines, { line: 0, character: 11 }), k);
    assert.strictEqual(new PositionCodec('utf-16').toOffset(lines, { line: 5, character: 99 }), text.length, 'past the end is clamped');
  });

  it('positions in every encoding, both ways, as counting the line’s characters up to there says', () => {
    const piece = fc.constantFrom('a', ' ', '\u00e9', '\u20ac', '\ud83d\ude00', '\n', '\r\n', '\r', '\\k{x}');
    const units = { 'utf-8': (s: string) => Buffer.byteLength(s, 'utf8'), 'utf-16': (s: string) => s.length, 'utf-32': (s: string) => [...s].length };
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.nat(), fc.constantFrom('utf-8', 'utf-16', 'utf-32') as fc.Arbitrary<keyof typeof units>, fc.nat({ max: 40 }), (pieces, pick, enc, past) => {
        const text = pieces.join('');
        const lines = new LineIndex(text);
        const codec = new PositionCodec(enc);
        // Offsets between the halves of a pair or a CRLF's CR and LF are no place an editor names.
        const places = [...Array(text.length + 1).keys()].filter((o) => !(/[\ud800-\udbff]/.test(text[o - 1] ?? '') || (text[o - 1] === '\r' && text[o] === '\n')));
        const offset = places[pick % places.length];
        const { line, start } = lines.text.lineAt(offset);
        const p = codec.toPosition(lines, offset);
        assert.deepStrictEqual(p, { line, character: units[enc](text.slice(start, offset)) });
        assert.strictEqual(codec.toOffset(lines, p), offset);
        // A column past the line's end is its end.
        assert.strictEqual(codec.toOffset(lines, { line, character: p.character + units[enc](text.slice(offset, lines.lineContentEnd(line))) + past }), lines.lineContentEnd(line));
      }),
      { numRuns: 2000 },
    );
  });
});
