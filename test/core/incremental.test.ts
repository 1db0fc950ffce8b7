/**
 * Incremental analysis equals analysis from scratch: random edit sequences
 * over corpus document sets (typing, deleting, pasted paragraphs, braces,
 * blank lines, heading and keyword edits, macros, index terms, several files)
 * applied to a workspace one by one, and after every edit the set the
 * workspace holds, patched or rebuilt, is compared in full with a fresh
 * DocumentSet of the same texts: syntax, symbols, numbers, references,
 * index, macros and diagnostics.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { DocumentSet, SourceFile } from '../../server/src/core/docset';
import { indexWordsOf, wordsOf } from '../../server/src/core/paragraphWords';
import { MacroLookup, parseFile, parsePart } from '../../server/src/core/parser';
import { listLengthsAt, PARSED_LISTS } from '../../server/src/core/syntax';
import { changedRun, reparse, replacedRun } from '../../server/src/core/reparse';
import { changedRange } from '../../server/src/core/textDiff';
import { CHUNK, Text } from '../../server/src/core/text';
import { setRunLength } from '../../server/src/core/checkpoints';
import { symbolAt } from '../../server/src/core/query';
import { decode } from '../../server/src/node/decode';
import { corpus, HALIBUT_MANUAL, halibutDir, PUTTY_MANUAL, puttyDir } from '../support/corpus';
import { LineIndex } from '../../server/src/core/lines';
import { describeSet, wordsReplacer } from '../support/describeSet';
import { memoryWorkspace } from '../support/memoryWorkspace';
import { Workspace } from '../../server/src/core/workspace';

const RUNS = Number(process.env.INCREMENTAL_RUNS ?? 20);

/** Pieces an author types or pastes. */
const PIECES = [
  ' ', 'x', 'word ', '\n', '\n\n', '{', '}', '\\', '\\e{', '\\c{code}',
  '\\k{config-ssh-kex-rekey}', '\\k{errors-hostkey-absent}', '\\k{nosuch-key}', '\\K{intro}', '\\k{input-config}',
  '\\i{error messages}', '\\i{Error Messages}', '\\ii{host key}', '\\I{port forwarding}',
  '\n\n\\H{new-heading} A new heading\n\n', '\n\n\\S{errors-hostkey-absent} A duplicate\n\n', '\n\n\\S2{deep-jump} Too deep\n\n',
  '\n\nA pasted paragraph, with \\k{feedback} and \\i{NAT router}.\n\n', '\n\n\\define{newmacro} some text\n\n', '\\newmacro', '\\dash',
  '\n\n\\#{ an unterminated comment\n\n', '\n\n\\quote{\n\nQuoted.\n\n}\n\n', '\n\n\\n numbered item\n\n', '\n\n\\b bullet\n\n',
  '\n\n\\IM{error messages} error messages\n\n', '\n\n\\BR{nosuch} [X]\n\n', '\n\n\\B{newbib} A book.\n\n', '\n\n\\cfg{chapter}{Part}\n\n',
  '\n\n\\cfg{input-charset}{nonsense}\n\n', '\n\n\\cfg{info-dir-entry}{x}\n\n',
  // Citations of bibliography entries (cited or not, the entries are numbered again).
  '\\k{newbib}', '\\k{authplugin-ref-userauth}', '\\k{authplugin-ref-ki}',
  '\n\n\\lcont{\n\nContinued.\n\n}\n\n', '\n\n\\b item\n\n', '\n\n\\dd a definition\n\n',
  '\n\n\\C{new-chapter} New chapter\n\n', '\n\n\\A{new-appendix} New appendix\n\n', '\n\n\\U Unnumbered\n\n',
];

/** An edit anywhere, or (rekey) inside the keyword of the heading or list item `at` picks. */
type CharEdit = { file: number; at: number; del: number; insert: string; rekey?: boolean };
/** Whole paragraphs (a file split at its blank lines) edited: `count` of them, from the one `at` picks, replaced by `paras`. */
type ParaEdit = { file: number; at: number; count: number; paras: string[] };
type Edit = CharEdit | ParaEdit;

/**
 * Paragraphs of every kind, naming a few keywords and index tags (in several cases), so that
 * those of small generated sets meet: definitions, references, duplicates, lists running on,
 * citations, index rewrites, macros and their uses. (A reviewer's fuzzer made this way found
 * five bugs that edits of the corpus had not: see "cases found by review".)
 */
const PARAGRAPHS: ((k: string, l: string, t: string, u: string) => string)[] = [
  (k) => `\\C{${k}} Chap`, (k) => `\\H{${k}} Head`, (k) => `\\S{${k}} Sub`, (k) => `\\A{${k}} App`, () => '\\U Unnumbered', (k) => `\\U{${k}} Unnumbered`,
  () => '\\C Chap', () => '\\H Head', (k) => `\\S2{${k}} Deep`, (k) => `\\n{${k}} item`, () => '\\n item', () => '\\b bullet',
  (k) => `\\B{${k}} A book.`, (k) => `\\BR{${k}} [X]`, (k) => `\\nocite{${k}}`, (_, __, t) => `\\IM{${t}} rewritten`, (_, __, t, u) => `\\IM{${t}}{${u}} two`,
  (k, _, t) => `Text \\i{${t}} and \\k{${k}}.`, (_, __, t, u) => `Text \\I{${t}} x \\ii{${u}}.`, (k, l) => `See \\K{${k}} and \\k{${l}}.`, () => 'Plain text.',
  () => '\\lcont{\n\n\\n item\n\n}', () => '\\cfg{chapter}{Part}', (k) => `\\cfg{input-charset}{${k}}`, () => '\\cfg{info-dir-entry}{x}', () => '\\cfg{input-charset}{UTF-8}', () => '\\define{m} macro', () => 'Uses \\m here.', () => '\\define{m} other', () => '\\define{mm} \\m twice', () => 'Uses \\mm here.', () => '\\m at the start.', () => '\\# a comment line',
  () => '\\#{ block\n\ncomment }', (k, l, t) => `\\H{${k}} Head\n\nSee \\k{${l}} \\i{${t}}.`, (k) => `\\n{${k}} one\n\n\\n two`,
];
const paragraphArb = fc
  .tuple(fc.nat({ max: PARAGRAPHS.length - 1 }), fc.constantFrom('a', 'b', 'bib', 'n1', 'n2', 'n3'), fc.constantFrom('a', 'b', 'bib', 'n1', 'n2', 'n3'), fc.constantFrom('foo', 'Foo', 'FOO', 'bar', 'Bar'), fc.constantFrom('foo', 'Foo', 'FOO', 'bar', 'Bar'))
  .map(([i, k, l, t, u]) => PARAGRAPHS[i](k, l, t, u));
const fileArb = fc.array(paragraphArb, { maxLength: 5 }).map((ps) => (ps.length ? ps.join('\n\n') + '\n' : ''));
const paraEditArb = (files: number): fc.Arbitrary<ParaEdit> =>
  fc.record({ file: fc.nat({ max: files - 1 }), at: fc.double({ min: 0, max: 1, noNaN: true }), count: fc.nat({ max: 2 }), paras: fc.array(paragraphArb, { maxLength: 2 }) });

const editArb = (files: number) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({
      file: fc.nat({ max: files - 1 }),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      del: fc.oneof(fc.constant(0), fc.constant(0), fc.nat({ max: 3 }), fc.nat({ max: 60 })),
      insert: fc.oneof(fc.constantFrom(...PIECES), fc.constant(''), fc.string({ maxLength: 4 })),
    }) },
    { weight: 1, arbitrary: fc.record({
      file: fc.nat({ max: files - 1 }),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      del: fc.nat({ max: 2 }),
      insert: fc.constantFrom('x', '-renamed', 'config-ssh-kex-rekey', 'feedback', 'input', 'nosuch', ''),
      rekey: fc.constant(true),
    }) },
  );

/** Where an edit lands in a text: `del` characters at `at` replaced by `insert`. */
function spliceOf(text: string, e: Edit): { at: number; end: number; insert: string } {
  if ('paras' in e) {
    const paras = text === '' ? [] : text.split('\n\n');
    const at = Math.floor(e.at * (paras.length + 1));
    paras.splice(at, e.count, ...e.paras);
    const next = paras.join('\n\n');
    const { start, oldEnd, newEnd } = changedRange(text, next);
    return { at: start, end: oldEnd, insert: next.slice(start, newEnd) };
  }
  if (e.rekey) {
    const keys = [...text.matchAll(/\\(?:C|H|S\d*|A|U|B|n)\{([^{}\\]*)\}/g)];
    if (keys.length) {
      const m = keys[Math.min(keys.length - 1, Math.floor(e.at * keys.length))];
      const at = (m.index ?? 0) + m[0].indexOf('{') + 1 + Math.floor(m[1].length / 2);
      return { at, end: Math.min(text.length, at + e.del), insert: e.insert };
    }
  }
  const at = Math.floor(e.at * text.length);
  return { at, end: Math.min(text.length, at + e.del), insert: e.insert };
}

function apply(text: string, e: Edit): string {
  const { at, end, insert } = spliceOf(text, e);
  return text.slice(0, at) + insert + text.slice(end);
}

/**
 * Chunk lengths for the editor's texts: the real one, and small ones, with which every
 * reparse reads a window of several chunks and often runs out of it and reads again.
 */
const chunkArb = fc.oneof(fc.constant(CHUNK), fc.integer({ min: 1, max: 200 }));
/** Checkpoint runs of the real length, and short ones (every edit splits and moves several). */
const runArb = fc.oneof(fc.constant(256), fc.integer({ min: 1, max: 8 }));

/** Two arrays of the same items (by identity: deepStrictEqual would compare whole syntax trees). */
function sameArray(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function withRunLength<T>(n: number, f: () => T): T {
  const was = setRunLength(n);
  try {
    return f();
  } finally {
    setRunLength(was);
  }
}

/** Steps whose edits were patched in, and all steps: the property must exercise both paths. */
const tally = { patched: 0, steps: 0 };

function check(sources: { name: string; text: string }[], edits: Edit[][], chunk = CHUNK): void {
  const { ws, paths } = memoryWorkspace(sources);
  const texts = sources.map((s) => s.text);
  // The editor's texts, as its document store keeps them: each edit made on the one before.
  const docs = sources.map((s) => Text.of(s.text, chunk));
  let last = ws.allSets()[0].set;
  for (const step of edits) {
    // Several edits may land before anyone asks (a burst of typing, a multi-file change).
    for (const e of step) {
      const { at, end, insert } = spliceOf(texts[e.file], e);
      texts[e.file] = texts[e.file].slice(0, at) + insert + texts[e.file].slice(end);
      docs[e.file] = docs[e.file].edit(at, end, insert);
      ws.setOverlay(paths[e.file], docs[e.file]);
    }
    const held = ws.setsOf(paths[step[0].file])[0].set;
    tally.steps++;
    if (held === last) tally.patched++;
    last = held;
    const fresh = new DocumentSet(
      sources.map((s, i) => ({ id: paths[i], name: held.files[i].source.name, text: texts[i] })),
      { parse: (f, m) => parseFile(f.text, m) },
    );
    assert.deepStrictEqual(describeSet(held), describeSet(fresh));
  }
}

/** An edit of one file of a set, said in words, and whether the set is to be patched (else rebuilt). */
type Step = [what: string, file: number, edit: (text: string) => string, patched: boolean];

/**
 * Each edit in turn through a workspace over the files (named a.but, b.but, ...): the set as
 * patched (or rebuilt) must equal a fresh analysis, and be patched when the step says so;
 * `after` checks more of each step.
 */
function stepThrough(texts: string[], steps: readonly Step[], after?: (ws: Workspace, paths: string[], step: Step, k: number) => void): void {
  const name = (i: number) => `${String.fromCharCode(97 + i)}.but`;
  const { ws, paths } = memoryWorkspace(texts.map((text, i) => ({ name: name(i), text })));
  texts = [...texts];
  steps.forEach((step, k) => {
    const [what, file, edit, patched] = step;
    const set = ws.setsOf(paths[0])[0].set;
    const was = texts[file];
    texts[file] = edit(was);
    assert.notStrictEqual(texts[file], was, `${what}: the edit applies`);
    ws.setOverlay(paths[file], texts[file]);
    const held = ws.setsOf(paths[0])[0].set;
    const fresh = new DocumentSet(texts.map((text, i) => ({ id: paths[i], name: name(i), text })), { parse: (f, m) => parseFile(f.text, m) });
    assert.deepStrictEqual(describeSet(held), describeSet(fresh), what);
    assert.strictEqual(held === set, patched, `${what}: ${patched ? 'patched' : 'rebuilt'}`);
    after?.(ws, paths, step, k);
  });
}

function load(dir: string, files: string[]): { name: string; text: string }[] {
  return files.map((f) => ({ name: path.basename(f), text: decode(fs.readFileSync(path.join(dir, f))) }));
}

/**
 * A parse as plain data (the lookups a parse records may include names an edit removed, so
 * apart), with the words of every paragraph and index term: those its parse kept, else read
 * again there.
 */
function describeParse(p: ReturnType<typeof parseFile>): unknown {
  const { externalLookups, paragraphs, indexUses, ...rest } = p;
  void externalLookups;
  return JSON.parse(
    JSON.stringify({
      ...rest,
      paragraphs: JSON.parse(JSON.stringify(paragraphs.map((para) => ({ ...para, words: wordsOf(p, para) })), wordsReplacer)),
      indexUses: indexUses.map((use) => ({ ...use, words: indexWordsOf(p, use) })),
    }),
  );
}

describe('incremental parsing equals parsing from scratch', function () {
  this.timeout(600000);
  const macros: MacroLookup = (name) => (name === 'dash' ? '\u2013{-}' : undefined);
  const files: [string, string][] = [
    [puttyDir, 'doc/errors.but'], [puttyDir, 'doc/config.but'], [puttyDir, 'doc/blurb.but'], [puttyDir, 'doc/pubkeyfmt.but'],
    [halibutDir, 'doc/input.but'], [halibutDir, 'inputs/test.but'],
  ];
  it('regression (found by the fuzzer): an edit to the first token of a paragraph can move where the one before ends', () => {
    const before = '\\IM{a} x\n\\IM{b} y\n\\IM{c} z\n\\IM{d} w\n';
    const after = before.replace('\\IM{b}', '\\I\\c{M{b}');
    const parsed = reparse(parseFile(before, macros), after, macros, (t) => parseFile(t, macros));
    assert.deepStrictEqual(describeParse(parsed), describeParse(parseFile(after, macros, true)));
  });

  it('typing past the first token of a paragraph reads that paragraph again, not the heading before it', () => {
    const text = '\\H{h} Heading\n\nSome words here.\n\nMore.\n';
    const typed = (at: number) => {
      const parsed = parseFile(text, macros);
      const after = reparse(parsed, text.slice(0, at) + 'x' + text.slice(at), macros, (t) => parseFile(t, macros));
      assert.deepStrictEqual(describeParse(after), describeParse(parseFile(text.slice(0, at) + 'x' + text.slice(at), macros, true)));
      const { start, oldEnd, newEnd } = replacedRun(parsed, after, 'paragraphs')!;
      return { start, oldEnd, newEnd };
    };
    assert.deepStrictEqual(typed(text.indexOf('words')), { start: 1, oldEnd: 2, newEnd: 2 });
    // In the first token, the paragraph before is read again too (see the \IM regression above).
    assert.deepStrictEqual(typed(text.indexOf('Some') + 2), { start: 0, oldEnd: 2, newEnd: 2 });
  });

  it('a reparse remembers one step back: earlier parses of the file can be collected', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const text = 'One.\n\nTwo words.\n\nThree.\n';
    const step = (k: number) => text.replace('words', 'words'.repeat(k + 2));
    let parsed = parseFile(text, macros);
    const first = new WeakRef(parsed);
    for (let k = 0; k < 20; k++) parsed = reparse(parsed, step(k), macros, (t) => parseFile(t, macros));
    // A WeakRef read in this turn holds its object until the turn ends.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    assert.strictEqual(first.deref(), undefined, 'the first parse is still held');
    assert.deepStrictEqual(describeParse(parsed), describeParse(parseFile(step(19), macros, true)));
  });

  it('a NUL typed, deleted, or typed beside another (its errors come first in a parse) comes out right', () => {
    const base = 'One.\n\nTwo \\k{x} words.\n\nThree.\n\nFour.\n';
    const steps = [base.replace('Three', 'Th\0ree'), base.replace('Three', 'Th\0re\0e'), base.replace('Three', 'Thre\0e'), base, base.replace('Four', 'F\0our')];
    let parsed = parseFile(base, macros);
    for (const text of steps) {
      parsed = reparse(parsed, text, macros, (t) => parseFile(t, macros));
      assert.deepStrictEqual(describeParse(parsed), describeParse(parseFile(text, macros, true)), JSON.stringify(text));
    }
  });

  it('a macro defined again further on: every edit comes out right, and only those near its first definition parse the file whole', () => {
    // The second definition's error points at the first: a place the tail's diagnostic holds.
    const paras = Array.from({ length: 7 }, (_, i) => `Paragraph ${i} with words.`);
    const text = [paras[0], '\\define{m} first', paras[1], paras[2], paras[3], '\\define{m} second', paras[4], 'Use \\m.', paras[5], paras[6]].join('\n\n') + '\n';
    // Typed into each paragraph's first token (the paragraph before is read again), and past it (it is not).
    const wholeFor = (offset: number) =>
      paras.map((p, i) => {
        const at = text.indexOf(p) + offset;
        const after = text.slice(0, at) + 'x\n' + text.slice(at);
        let whole = 0;
        const parsed = reparse(parseFile(text, macros), after, macros, (t) => (whole++, parseFile(t, macros)));
        assert.deepStrictEqual(describeParse(parsed), describeParse(parseFile(after, macros, true)), `paragraph ${i} at ${offset}`);
        return whole;
      });
    assert.ok(parseFile(text, macros).diagnostics.some((d) => d.code === 'macro-redefined' && d.related?.length));
    // Only an edit whose re-read part holds the first definition (the first token of the paragraph after it) needs the whole file.
    assert.deepStrictEqual(wholeFor(1), [0, 1, 0, 0, 0, 0, 0]);
    assert.deepStrictEqual(wholeFor('Paragraph '.length), [0, 0, 0, 0, 0, 0, 0]);
  });

  it('the kind of the paragraph before a checkpoint is part of its state (\\lcont after a list item)', () => {
    const before = '\\b item\n\nbetween\n\nmore\n\n\\lcont{\n\ncontinued\n\n}\n\nlast\n';
    const after = before.replace('more\n\n', '');
    const parsed = reparse(parseFile(before, macros), after, macros, (t) => parseFile(t, macros));
    assert.deepStrictEqual(describeParse(parsed), describeParse(parseFile(after, macros, true)));
    const again = reparse(parseFile(after, macros), after.replace('between\n\n', ''), macros, (t) => parseFile(t, macros));
    assert.deepStrictEqual(describeParse(again), describeParse(parseFile(after.replace('between\n\n', ''), macros, true)));
  });

  it('what each list held when the parser reached a checkpoint is what starts before it (but the diagnostics, which it counts)', function () {
    const file = path.join(puttyDir, 'doc/errors.but');
    if (!fs.existsSync(file)) this.skip();
    const original = decode(fs.readFileSync(file));
    const check = (text: string, picks: number[]) => {
      const parsed = parseFile(text, macros);
      for (const x of picks) {
        const cp = parsed.checkpoints[Math.floor(x * parsed.checkpoints.length)];
        if (!cp) continue;
        // The parser's own lists at that moment: a parse from the start, stopped there.
        const { out } = parsePart(text, macros, { stop: (at) => at.offset === cp.offset });
        assert.deepStrictEqual(listLengthsAt(parsed, cp), PARSED_LISTS.map((l) => out[l].length), `at ${cp.offset}`);
      }
    };
    // A missing keyword reported at the `}` after the command, which starts the next paragraph.
    check('\\C}rrors} Common \\i{error messages}\n\nMore.\n', Array.from({ length: 6 }, (_, i) => i / 6));
    fc.assert(
      fc.property(fc.array(editArb(1), { minLength: 1, maxLength: 8 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }), (edits, picks) =>
        check(edits.reduce(apply, original), picks),
      ),
      { numRuns: RUNS * 5, seed: 20261202 },
    );
  });

  for (const [dir, file] of files) {
    it(`${path.basename(dir)}/${file}: every edit of a random sequence`, function () {
      if (!fs.existsSync(path.join(dir, file))) this.skip();
      const original = decode(fs.readFileSync(path.join(dir, file)));
      fc.assert(
        fc.property(fc.array(editArb(1), { minLength: 1, maxLength: 12 }), chunkArb, runArb, (edits, chunk, run) => withRunLength(run, () => {
          let text = original;
          let doc = Text.of(original, chunk);
          let parsed = parseFile(doc, macros);
          for (const e of edits) {
            const { at, end, insert } = spliceOf(text, e);
            text = text.slice(0, at) + insert + text.slice(end);
            doc = doc.edit(at, end, insert);
            const lists = PARSED_LISTS.map((list) => (parsed[list] as unknown[]).slice());
            const incremental = reparse(parsed, doc, macros, (t) => parseFile(t, macros));
            // What the reparse says it replaced in each list is what comparing the lists by identity finds.
            for (const list of PARSED_LISTS) {
              const said = replacedRun(parsed, incremental, list);
              const was = lists[PARSED_LISTS.indexOf(list)];
              // The old parse's lists, which the reparse may have changed in place, read as they were.
              assert.ok(sameArray(parsed[list] as unknown[], was), `the old parse's ${list}`);
              const run = changedRun(was, incremental[list] as unknown[]);
              if (said) assert.ok(sameArray([said.start, said.oldEnd, said.newEnd, ...said.removed], [run.start, run.oldEnd, run.newEnd, ...was.slice(run.start, run.oldEnd)]), list);
            }
            const fresh = parseFile(text, macros, true);
            assert.deepStrictEqual(describeParse(incremental), describeParse(fresh));
            for (const [name, body] of fresh.externalLookups) assert.strictEqual(incremental.externalLookups.get(name), body, `lookup of ${name}`);
            parsed = incremental;
          }
        })),
        // The large files cost most in the comparison, not in the reparse.
        { numRuns: original.length > 100000 ? Math.ceil(RUNS / 6) : RUNS, seed: 20261124 },
      );
    });
  }

  // Names that are prefixes of one another, \u names (which the lexer ends after four hex
  // digits), a name shadowing a paragraph command, and one an earlier file defines.
  const NAMES = ['a', 'ab', 'b', 'c', 'u0', 'u00e9', 'ext'];
  const withExt: MacroLookup = (name) => (name === 'ext' ? 'from \\a earlier' : name === 'dash' ? '\u2013{-}' : undefined);
  const MACRO_PARAGRAPHS: ((n: string, m: string) => string)[] = [
    (n) => `\\define{${n}} plain`, (n, m) => `\\define{${n}} with \\${m} in it`, (n) => `\\define{${n}} \\c code`, (n) => `\\define{${n}} ends \\`,
    (n) => `\\define{${n}} ends in \\u0`, (n, m) => `Uses \\${n} and \\${m}ab here.`, (n) => `\\${n} at the start.`, (n, m) => `\\${n}${m} at the start.`, (n) => `\\c code \\${n}`,
    (n) => `Escaped \\\\${n} backslash.`, () => 'Plain text.', () => '\\H{h} Head', () => '\\n item', () => '\\ext and \\dash.',
  ];
  const macroFileArb = fc
    .array(fc.tuple(fc.nat({ max: MACRO_PARAGRAPHS.length - 1 }), fc.constantFrom(...NAMES), fc.constantFrom(...NAMES)), { maxLength: 12 })
    .map((ps) => ps.map(([i, n, m]) => MACRO_PARAGRAPHS[i](n, m)).join('\n\n') + '\n');
  const macroEditArb = fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    del: fc.oneof(fc.constant(0), fc.nat({ max: 3 }), fc.nat({ max: 40 })),
    insert: fc.oneof(fc.constantFrom('\\define{', '}', '{', '\\', ' ', '\n\n', 'x', '0', 'e9', ...NAMES, ...NAMES.map((n) => `\\${n}`), `\n\n\\define{ab} new\n\n`), fc.string({ maxLength: 3 })),
  });

  it('macros defined, changed and used: every edit of a random sequence, the file read again only as far as a changed macro may be looked up', () => {
    fc.assert(
      fc.property(macroFileArb, fc.array(macroEditArb, { minLength: 1, maxLength: 10 }), chunkArb, runArb, (original, edits, chunk, run) => withRunLength(run, () => {
        let text = original;
        let doc = Text.of(original, chunk);
        let parsed = parseFile(doc, withExt);
        for (const e of edits) {
          const at = Math.floor(e.at * text.length);
          const end = Math.min(text.length, at + e.del);
          text = text.slice(0, at) + e.insert + text.slice(end);
          doc = doc.edit(at, end, e.insert);
          const incremental = reparse(parsed, doc, withExt, (t) => parseFile(t, withExt));
          const fresh = parseFile(text, withExt, true);
          assert.deepStrictEqual(describeParse(incremental), describeParse(fresh), JSON.stringify(text));
          for (const [name, body] of fresh.externalLookups) assert.strictEqual(incremental.externalLookups.get(name), body, `lookup of ${name}`);
          parsed = incremental;
        }
      })),
      { numRuns: RUNS * 25, seed: 20261205 },
    );
  });

  it('a macro whose text ends in a backslash, used where letters follow, looks up the name they make', () => {
    // \u00e9 at a paragraph's start is looked up as a macro; its text and the "ab" after it make \ab.
    const text = '\\define{u00e9} ends \\\n\nFirst.\n\nSecond.\n\n\\u00e9ab at the start.\n\nMore.\n';
    const after = text.replace('First.', '\\define{ab} now defined');
    const parsed = reparse(parseFile(Text.of(text), withExt), Text.of(text).edit(0, text.length, after), withExt, (t) => parseFile(t, withExt));
    assert.deepStrictEqual(describeParse(parsed), describeParse(parseFile(after, withExt, true)));
    assert.ok(!parseFile(after, withExt).diagnostics.some((d) => /ab/.test(d.message)), 'the macro made of the two is found');
  });

  it('a macro typed into a long file reads the file again as far as its last use, not to the end', () => {
    const paras = Array.from({ length: 200 }, (_, i) => (i === 10 ? '' : i === 120 ? 'Uses \\newmac here.' : i === 150 ? 'Uses \\newmacro here.' : `Paragraph ${i} with \\e{words}.`));
    const text = paras.join('\n\n') + '\n';
    const at = text.indexOf('\n\nParagraph 11 ');
    // Typed a character at a time into the empty paragraph: the paragraphs each keystroke re-reads.
    const typed = '\\define{newmac} text';
    let doc = Text.of(text);
    let parsed = parseFile(doc, withExt);
    const reread: number[] = [];
    for (let i = 0; i < typed.length; i++) {
      doc = doc.edit(at + i, at + i, typed[i]);
      const next = reparse(parsed, doc, withExt, (t) => parseFile(t, withExt));
      const run = replacedRun(parsed, next, 'paragraphs')!;
      reread.push(run.oldEnd - run.start);
      parsed = next;
      assert.deepStrictEqual(describeParse(parsed), describeParse(parseFile(doc.toString(), withExt, true)), `after ${JSON.stringify(typed.slice(0, i + 1))}`);
    }
    // Until the name is newmac, it is used nowhere. The keystroke that completes it, and each
    // one typing its text, change the macro used in paragraph 120 (but not \newmacro, a longer
    // name, in 150); the brace and the space after it change nothing.
    const whole = typed.indexOf('newmac') + 'newmac'.length - 1;
    const changing = [whole, ...Array.from({ length: 4 }, (_, i) => typed.length - 1 - i)];
    assert.ok(reread.every((n, i) => (changing.includes(i) ? n >= 110 && n < 140 : n <= 3)), `re-read: ${reread.join(' ')}`);
  });
});

describe('incremental analysis equals analysis from scratch', function () {
  this.timeout(600000);
  before(function () {
    if (!fs.existsSync(corpus)) {
      console.log(`    (skipped: no corpus at ${corpus})`);
      this.skip();
    }
  });

  it('the Halibut manual, random edit sequences', () => {
    const sources = load(halibutDir, HALIBUT_MANUAL);
    fc.assert(
      fc.property(fc.array(fc.array(editArb(sources.length), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 }), chunkArb, runArb, (edits, chunk, run) => withRunLength(run, () => check(sources, edits, chunk))),
      { numRuns: RUNS, seed: 20261124 },
    );
  });

  it('the PuTTY manual, random edit sequences', () => {
    const sources = load(puttyDir, PUTTY_MANUAL);
    fc.assert(
      fc.property(fc.array(fc.array(editArb(sources.length), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 4 }), chunkArb, runArb, (edits, chunk, run) => withRunLength(run, () => check(sources, edits, chunk))),
      { numRuns: Math.max(3, Math.floor(RUNS / 4)), seed: 20261124 },
    );
  });

  it('small sets made of every kind of paragraph, random edits of whole paragraphs and of characters', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }).chain((n) =>
          fc.tuple(
            fc.array(fileArb, { minLength: n, maxLength: n }),
            fc.array(fc.array(fc.oneof(paraEditArb(n), editArb(n)), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 8 }),
          ),
        ),
        chunkArb,
        ([texts, edits], chunk) => check(texts.map((text, i) => ({ name: `${String.fromCharCode(97 + i)}.but`, text })), edits, chunk),
      ),
      { numRuns: RUNS * 100, seed: 20261205 },
    );
  });

  it('both paths were taken: some edits patched, some rebuilt', () => {
    console.log(`      ${tally.patched} of ${tally.steps} steps patched in, the rest rebuilt`);
    assert.ok(tally.patched > tally.steps / 10 && tally.patched < tally.steps, `${tally.patched} of ${tally.steps}`);
  });

  it('typing in errors.but is patched into the set, not rebuilt, and the rest stays as it was', () => {
    const sources = load(puttyDir, PUTTY_MANUAL);
    const { ws, paths } = memoryWorkspace(sources);
    const errors = PUTTY_MANUAL.indexOf('doc/errors.but');
    const before = ws.setsOf(paths[errors])[0];
    const def = before.set.keywords.get('config-ssh-kex-rekey')!;
    const at = sources[errors].text.indexOf('This chapter lists');
    ws.setOverlay(paths[errors], sources[errors].text.slice(0, at) + 'Indeed, t' + sources[errors].text.slice(at + 1));
    const after = ws.setsOf(paths[errors])[0];
    assert.strictEqual(after.set, before.set, 'the same set, patched');
    assert.strictEqual(after.set.keywords.get('config-ssh-kex-rekey'), def, 'definitions keep their identity');
    assert.ok(after.version > before.version || after === before);
    // A new heading is patched in too (the next file starts a chapter of its own).
    ws.setOverlay(paths[errors], sources[errors].text + '\n\n\\H{brand-new} New\n');
    assert.strictEqual(ws.setsOf(paths[errors])[0].set, before.set, 'a new heading, patched');
    // A macro that no later file looks up is the file's own business: patched.
    ws.setOverlay(paths[errors], sources[errors].text + '\n\n\\define{brandnew} New\n');
    assert.strictEqual(ws.setsOf(paths[errors])[0].set, before.set, 'a new macro, patched');
    assert.strictEqual(before.set.macros.get('brandnew')?.file, errors);
    ws.setOverlay(paths[errors], sources[errors].text + '\n\n\\define{brandnew} Newer\n');
    assert.strictEqual(ws.setsOf(paths[errors])[0].set, before.set, 'its body changed, patched');
    assert.strictEqual(before.set.macros.get('brandnew')?.def.text, 'Newer');
    ws.setOverlay(paths[errors], sources[errors].text);
    assert.strictEqual(ws.setsOf(paths[errors])[0].set, before.set, 'taken away, patched');
    assert.strictEqual(before.set.macros.has('brandnew'), false);
    // One that a later file looks up reaches it (its parse changes): that edit rebuilds.
    const faq = PUTTY_MANUAL.indexOf('doc/faq.but');
    ws.setOverlay(paths[faq], sources[faq].text + '\n\nUsing \\brandnew here.\n');
    const withUse = ws.setsOf(paths[errors])[0].set;
    ws.setOverlay(paths[errors], sources[errors].text + '\n\n\\define{brandnew} New\n');
    assert.notStrictEqual(ws.setsOf(paths[errors])[0].set, withUse, 'rebuilt');
    assert.deepStrictEqual(ws.diagnostics(paths[faq]), []);
  });
});

describe('incremental analysis: answers after an edit patched in place', () => {
  it('what is at an offset follows the edit, in the edited paragraph and after it', () => {
    const text = '\\C{a} A\n\nSee \\k{a} here.\n\nMore \\k{a}.\n\n\\H{b} B\n';
    const { ws, paths } = memoryWorkspace([{ name: 'a.but', text }]);
    const set = ws.setsOf(paths[0])[0].set;
    const xrefAt = (t: string, needle: string) => {
      const s = ws.setsOf(paths[0])[0].set;
      assert.strictEqual(s, set, 'patched, not rebuilt');
      const at = t.indexOf(needle) + 3;
      const found = symbolAt(s, 0, at);
      return found?.kind === 'xref' ? [found.span.start, found.span.end, found.xref.key] : found?.kind;
    };
    assert.deepStrictEqual(xrefAt(text, '\\k{a}.'), [text.indexOf('\\k{a}.'), text.indexOf('\\k{a}.') + 5, 'a']);
    // Typing in running text (the prose patch), then in the paragraph of the reference itself.
    for (const t of [text.replace('See', 'Seeing'), text.replace('See', 'Seeing').replace('More', 'Much more'), text.replace('More \\k{a}', 'More \\k{b}')]) {
      ws.setOverlay(paths[0], t);
      const needle = t.includes('\\k{b}') ? '\\k{b}' : '\\k{a}.';
      assert.deepStrictEqual(xrefAt(t, needle), [t.indexOf(needle), t.indexOf(needle) + 5, needle.slice(3, 4)]);
    }
  });
});

describe('incremental analysis: a file in two sets', () => {
  // The reparse that brings one set up to date consumes the parse the other set still holds.
  it('edited while only one set or the other is asked, both equal fresh sets in the end', () => {
    const chapter = '\\C{a} A\n\n' + Array.from({ length: 30 }, (_, i) => `\\H{h${i}} Heading ${i}\n\nText ${i} sees \\k{h${(i * 7) % 30}}, \\k{b} and \\i{t${i % 4}}.\n`).join('\n');
    const disk = (a: string) => new Map([
      ['/doc/a.but', a],
      ['/doc/b.but', '\\C{b} B\n\nBack to \\k{a}.\n'],
      ['/doc/halibut.json', JSON.stringify({ sets: [{ name: 'one', files: ['a.but'] }, { name: 'two', files: ['a.but', 'b.but'] }] })],
    ]);
    const open = (files: Map<string, string>) => {
      const ws = new Workspace({ readFile: (f) => files.get(f), listDir: (d) => (d === '/doc' ? { files: [...files.keys()].map((f) => path.posix.basename(f)), dirs: [] } : { files: [], dirs: [] }) });
      ws.setFolders(['/doc']);
      return ws;
    };
    const typed = ['More words ', '\n\n', '\\k{h3}', '\\k{zz}', '\\H{h', '}', '{', '\\define{m}{x}', '\\m', '\n\n\\S{s9} S\n\n', '\\i{idx}', '\\quote{', '\\#{', ''];
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.nat(), del: fc.oneof(fc.constant(0), fc.nat({ max: 30 })), insert: fc.constantFrom(...typed), ask: fc.constantFrom('a', 'b', 'none') }), { maxLength: 25 }), (edits) => {
        const ws = open(disk(chapter));
        ws.diagnostics('/doc/a.but');
        let text = chapter;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.del));
          ws.setOverlay('/doc/a.but', text);
          // b.but is in set two only: asking of it brings set two up to date and leaves set one behind.
          if (e.ask !== 'none') ws.setsOf(`/doc/${e.ask}.but`);
        }
        const fresh = open(disk(text));
        assert.deepStrictEqual(ws.setsOf('/doc/a.but').map((e) => describeSet(e.set)), fresh.setsOf('/doc/a.but').map((e) => describeSet(e.set)));
      }),
      { numRuns: RUNS * 10, seed: 20261203 },
    );
  });
});

describe('incremental analysis: typing and pasting in running text is patched in', () => {
  const text = '\\C{intro} Intro\n\nFirst \\k{use}.\n\n\\H{use} Use\n\nSecond.\n\n\\b item\n\n\\n one\n\n\\n two\n';
  const edits: [string, (t: string) => string][] = [
    ['typing just after a heading (which the parser reads again)', (t) => t.replace('First', 'Firstly')],
    ['pasting a paragraph after a heading', (t) => t.replace('Second.', 'Pasted \\k{intro}.\n\nSecond.')],
    ['taking a paragraph out', (t) => t.replace('Second.\n\n', '')],
    ['breaking a reference', (t) => t.replace('\\k{use}', '\\k{usex}')],
  ];
  for (const [what, edit] of edits) {
    it(what, () => {
      const { ws, paths } = memoryWorkspace([{ name: 'a.but', text }]);
      const set = ws.setsOf(paths[0])[0].set;
      const after = edit(text);
      ws.setOverlay(paths[0], after);
      assert.strictEqual(ws.setsOf(paths[0])[0].set, set, 'patched, not rebuilt');
      const fresh = new DocumentSet([{ id: paths[0], name: 'a.but', text: after }], { parse: (f, m) => parseFile(f.text, m) });
      assert.deepStrictEqual(describeSet(set), describeSet(fresh));
      // The outline and the definitions point at the paragraphs of the new parse.
      for (const h of set.headings) assert.ok(set.files[0].parsed.paragraphs.includes(h.para));
      for (const { def } of set.definitions) assert.ok(set.files[0].parsed.paragraphs.includes(def.para));
    });
  }
  it('pasting a paragraph between list items (the numbering restarts) comes out right too', () => {
    const { ws, paths } = memoryWorkspace([{ name: 'a.but', text }]);
    const after = text.replace('\\n two', 'Between.\n\n\\n two');
    ws.setOverlay(paths[0], after);
    const held = ws.setsOf(paths[0])[0].set;
    const fresh = new DocumentSet([{ id: paths[0], name: 'a.but', text: after }], { parse: (f, m) => parseFile(f.text, m) });
    assert.deepStrictEqual(describeSet(held), describeSet(fresh));
    assert.deepStrictEqual(held.definitions.map(({ def }) => def.words?.number), fresh.definitions.map(({ def }) => def.words?.number));
  });
});

describe('incremental analysis: \\IM paragraphs, bibliography entries and their citations are patched in', () => {
  // Two files: the index is the second's, as in the PuTTY manual; an \IM of a tag nothing
  // indexes is an error on the first such \IM in the set, and makes the tag for the rest.
  const chapter = '\\C{intro} Intro\n\nAbout \\i{Unix} and \\i{SSH}, see \\k{rfc} and \\k{other}.\n\n\\IM{ghost} early ghost\n\nAnd \\k{third}.\n';
  const index = '\\IM{Unix} Unix\n\\IM{Unix}{SSH} both\n\\IM{ghost} late ghost\n\nCites \\k{rfc}.\n\n\\B{rfc} The RFC.\n\n\\B{other} Another.\n\n\\B{third} A third.\n\n\\BR{rfc} [RFC]\n';
  const steps: [string, number, (t: string) => string, boolean, Record<string, string | undefined>?][] = [
    ['typing in an \\IM text', 1, (t) => t.replace('Unix\n', 'Unix systems\n'), true],
    ['typing in an \\IM keyword: a tag nothing indexes', 1, (t) => t.replace('\\IM{Unix} Unix', '\\IM{Unixx} Unix'), true],
    ['and back', 1, (t) => t.replace('\\IM{Unixx} Unix', '\\IM{Unix} Unix'), true],
    ['the first \\IM of a tag nothing indexes renamed: the error moves to the next, in the other file', 0, (t) => t.replace('\\IM{ghost}', '\\IM{ghosts}'), true],
    ['typing in a paragraph that cites a bibliography entry', 0, (t) => t.replace('About', 'All about'), true],
    // (Its references list each file's \\BR first, then the citations, as a fresh analysis does.)
    ['and in one before the entry’s \\BR, in the same file', 1, (t) => t.replace('Cites', 'It cites'), true],
    // The entries after one cited, or no longer, are numbered again: [2] becomes [1] and back.
    ['its only citation taken away', 0, (t) => t.replace('\\k{other}', 'nothing'), true, { rfc: '[RFC]', other: undefined, third: '[1]' }],
    ['and given back', 0, (t) => t.replace('nothing', '\\k{other}'), true, { rfc: '[RFC]', other: '[1]', third: '[2]' }],
    ['broken by typing into its keyword, and mended', 0, (t) => t.replace('\\k{other}', '\\k{otherx}'), true],
    ['mended', 0, (t) => t.replace('\\k{otherx}', '\\k{other}'), true],
    ['an entry with \\BR text cited no longer (its text stays, nothing is numbered)', 1, (t) => t.replace('It cites \\k{rfc}', 'It cites'), true],
    ['nor in the other file', 0, (t) => t.replace('\\k{rfc}', 'rfc'), true],
    ['cited again', 0, (t) => t.replace('see rfc', 'see \\k{rfc}'), true, { rfc: '[RFC]', other: '[1]', third: '[2]' }],
    ['an entry cited no longer', 0, (t) => t.replace('\\k{other}', 'nothing'), true, { other: undefined, third: '[1]' }],
    ['a \\nocite typed: the entry is cited again, and the one after it numbered again', 0, (t) => t + '\n\\nocite{other}\n', true, { other: '[1]', third: '[2]' }],
    ['a keyword that names nothing typed into it', 0, (t) => t.replace('\\nocite{other}', '\\nocite{other}{nosuch}'), true],
    ['its first keyword edited: the entry is cited no longer', 0, (t) => t.replace('\\nocite{other}', '\\nocite{third}'), true, { other: undefined, third: '[1]' }],
    ['taken away', 0, (t) => t.replace('\n\\nocite{third}{nosuch}\n', ''), true, { other: undefined, third: '[1]' }],
    ['a \\nocite in the file with the entries and the \\BR', 1, (t) => t.replace('It cites.', 'It cites.\n\n\\nocite{other}'), true, { other: '[1]', third: '[2]' }],
    ['typed into there', 1, (t) => t.replace('\\nocite{other}', '\\nocite{otherx}'), true, { other: undefined, third: '[1]' }],
    // A \BR read again (the paragraph after an edit that reaches its first token) is not patched.
    ['one typed before the \\BR', 1, (t) => t.replace('\\BR{rfc}', '\\nocite{other}\n\n\\BR{rfc}'), false, { other: '[1]', third: '[2]' }],
    ['a reference to an entry not yet written', 0, (t) => t.replace('And \\k{third}.', 'And \\k{third} and \\k{fourth}.'), true],
    ['the entry typed: the reference resolves, the entries are numbered again', 0, (t) => t + '\n\\B{fourth} A fourth.\n', true, { fourth: '[1]', other: '[2]', third: '[3]' }],
    ['typing in its text', 0, (t) => t.replace('A fourth.', 'A fourth book.'), true, { fourth: '[1]' }],
    ['an entry nothing cites typed among the others', 1, (t) => t.replace('\\B{third}', '\\B{fifth} Uncited.\n\n\\B{third}'), true, { fifth: undefined, third: '[3]' }],
    ['the first entry taken away', 0, (t) => t.replace('\n\\B{fourth} A fourth book.\n', ''), true, { other: '[1]', third: '[2]' }],
    ['an entry renamed: its citation resolves no longer, the entry after it is numbered again', 1, (t) => t.replace('\\B{other}', '\\B{others}'), true, { others: undefined, third: '[1]' }],
    ['renamed back', 1, (t) => t.replace('\\B{others}', '\\B{other}'), true, { other: '[1]', third: '[2]' }],
    ['an entry nothing cites renamed to the name a reference waits for: cited', 1, (t) => t.replace('\\B{fifth}', '\\B{fourth}'), true, { other: '[1]', fourth: '[2]', third: '[3]' }],
    ['and back to a name nothing cites', 1, (t) => t.replace('\\B{fourth}', '\\B{fifth}'), true, { other: '[1]', fifth: undefined, third: '[2]' }],
    // (A name that stops being an entry was found by the generated sets: its citation must go.)
    ['an entry made a heading under the same name', 1, (t) => t.replace('\\B{fifth} Uncited.', '\\H{fifth} Now a heading'), true, { other: '[1]', third: '[2]', fifth: undefined }],
    ['and the entry cited made a heading: its citations refer to a section', 1, (t) => t.replace('\\B{third} A third.', '\\H{third} Third'), true, { other: '[1]', third: undefined }],
    ['and made an entry again: cited', 1, (t) => t.replace('\\H{third} Third', '\\B{third} A third.'), true, { other: '[1]', third: '[2]' }],
    ['an entry with \\BR text renamed: the \\BR names nothing now, and the entry has no citation', 1, (t) => t.replace('\\B{rfc}', '\\B{rfcs}'), true, { rfcs: undefined, other: '[1]', third: '[2]' }],
    ['renamed back: the \\BR gives its citation again', 1, (t) => t.replace('\\B{rfcs}', '\\B{rfc}'), true, { rfc: '[RFC]', other: '[1]', third: '[2]' }],
    ['a second \\BR for it: a finding (a \\BR typed takes the longer way)', 1, (t) => t + '\n\\BR{rfc} [Again]\n', false, { rfc: '[RFC]' }],
    ['the entry renamed: both \\BRs name nothing', 1, (t) => t.replace('\\B{rfc}', '\\B{rfcs}'), true, { rfcs: undefined }],
    ['and back: the first gives the citation, the second is a finding again', 1, (t) => t.replace('\\B{rfcs}', '\\B{rfc}'), true, { rfc: '[RFC]' }],
    ['the second taken away', 1, (t) => t.replace('\n\\BR{rfc} [Again]\n', ''), false, { rfc: '[RFC]' }],
    ['an entry with \\BR text made a heading (the \\BR names it: the longer way)', 1, (t) => t.replace('\\B{rfc} The RFC.', '\\H{rfc} The RFC'), false, { other: '[1]', third: '[2]' }],
  ];
  it('each edit in turn, against a fresh analysis', () => {
    const { ws, paths } = memoryWorkspace([{ name: 'a.but', text: chapter }, { name: 'b.but', text: index }]);
    const texts = [chapter, index];
    for (const [what, file, edit, patched, citations] of steps) {
      const set = ws.setsOf(paths[0])[0].set;
      const was = texts[file];
      texts[file] = edit(was);
      assert.notStrictEqual(texts[file], was, `${what}: the edit applies`);
      ws.setOverlay(paths[file], texts[file]);
      const held = ws.setsOf(paths[0])[0].set;
      assert.strictEqual(held === set, patched, `${what}: ${patched ? 'patched' : 'rebuilt'}`);
      const fresh = new DocumentSet(texts.map((text, i) => ({ id: paths[i], name: `${'ab'[i]}.but`, text })), { parse: (f, m) => parseFile(f.text, m) });
      assert.deepStrictEqual(describeSet(held), describeSet(fresh), what);
      // (As halibut numbers them: checked here, as a fresh analysis numbers them the same way.)
      for (const [key, citation] of Object.entries(citations ?? {})) assert.strictEqual(held.keywords.get(key)?.citation, citation, `${what}: ${key}`);
    }
  });
});

describe('incremental analysis: index terms typed, pasted or taken out are patched in', () => {
  // The index is the second file's, as in the PuTTY manual: an \IM of a tag nothing indexes is
  // an error there, and its did-you-mean offers the tags in use anywhere.
  const chapter = '\\C{intro} Intro\n\nAbout \\i{SSH} here.\n\nAnd \\i{Telnet}.\n';
  const index = 'Also \\i{Unix} and \\i{unix}.\n\n\\IM{Unix} Unix\n\\IM{Telnet} Telnet\n\\IM{serial line} serial\n';
  const steps: Step[] = [
    ['typing in an index term: a new tag each keystroke', 0, (t) => t.replace('\\i{SSH}', '\\i{SSHx}'), true],
    ['and again', 0, (t) => t.replace('\\i{SSHx}', '\\i{SSHxy}'), true],
    ['and back', 0, (t) => t.replace('\\i{SSHxy}', '\\i{SSH}'), true],
    ['a paragraph with new terms pasted: one is the \\IM error’s did-you-mean', 0, (t) => t.replace('And', 'Pasted \\i{serial lines} and \\ii{Kerberos}.\n\nAnd'), true],
    ['one of them taken out', 0, (t) => t.replace(' and \\ii{Kerberos}', ''), true],
    ['the other retyped: the did-you-mean changes', 0, (t) => t.replace('\\i{serial lines}', '\\i{serial link}'), true],
    ['the only use of a tag an \\IM names taken out: the \\IM is an error', 0, (t) => t.replace('And \\i{Telnet}.', 'And Telnet.'), true],
    ['and put back: the error goes', 0, (t) => t.replace('And Telnet.', 'And \\i{Telnet}.'), true],
    ['a first use in another case typed before the first: the old first is warned', 0, (t) => t.replace('Pasted', 'Pasted \\i{TELNET}'), true],
    // A warning points at the place the edit is: this file takes the longer way.
    ['and taken out again', 0, (t) => t.replace('Pasted \\i{TELNET}', 'Pasted'), false],
    ['a first use in another case, in the file before the others: their warnings point at it', 0, (t) => t + '\nSee \\i{UNIX}.\n', true],
    ['a warned use retyped in the first use’s case: its warning goes', 1, (t) => t.replace('\\i{unix}', '\\i{UNIX}'), true],
    // A warning in another file points into this one: any edit of it rebuilds the set.
    ['typing in the file the warnings point into', 0, (t) => t.replace('Intro', 'Introduction'), false],
    ['an \\IM typed for a tag nothing indexes: an error', 1, (t) => t + '\n\\IM{ghost} g\n', true],
    ['its text typed on', 1, (t) => t.replace('\\IM{ghost} g', '\\IM{ghost} ghosts'), true],
    ['an \\IM pasted for a tag in use: its rewrite', 1, (t) => t.replace('\\IM{ghost}', '\\IM{SSH} Secure Shell\n\n\\IM{ghost}'), true],
    ['both taken out', 1, (t) => t.replace(/\n\\IM\{SSH\}[^]*$/, ''), true],
  ];
  it('each edit in turn, against a fresh analysis', () => stepThrough([chapter, index], steps));
  it('the messages along the way are halibut’s', () => {
    const { ws, paths } = memoryWorkspace([{ name: 'a.but', text: chapter }, { name: 'b.but', text: index }]);
    const said = () => paths.map((p) => ws.diagnostics(p).map((d) => d.message));
    assert.deepStrictEqual(said(), [[], ["index tag `unix' used with different case (`Unix') at b.but:1", "`\\IM' on unknown index tag `serial line'"]]);
    const pasted = chapter.replace('And', 'Pasted \\i{serial lines}.\n\nAnd');
    ws.setOverlay(paths[0], pasted);
    assert.deepStrictEqual(said()[1][1], "`\\IM' on unknown index tag `serial line'; did you mean `serial lines'?");
    ws.setOverlay(paths[0], pasted.replace('And \\i{Telnet}.', 'And Telnet.'));
    assert.deepStrictEqual(said()[1].slice(1), ["`\\IM' on unknown index tag `Telnet'", "`\\IM' on unknown index tag `serial line'; did you mean `serial lines'?"]);
    ws.setOverlay(paths[0], pasted + '\nSee \\i{UNIX}.\n');
    assert.deepStrictEqual(said(), [[], ["index tag `Unix' used with different case (`UNIX') at a.but:9", "index tag `unix' used with different case (`UNIX') at a.but:9", "`\\IM' on unknown index tag `serial line'; did you mean `serial lines'?"]]);
  });
});

describe('incremental analysis: bibliography entries moved (found by review)', () => {
  // Entries are numbered in bibliography order among those cited: one moved past another
  // swaps their numbers, in a window that a renumbering reads.
  it('an entry moved past another, in the file that cites them', () =>
    stepThrough(['See \\k{a} and \\k{b}.\n\n\\B{b} B\n\n\\B{a} A\n\nText.\n', 'x\n'], [
      ['\\B{b} moved to the end', 0, () => 'See \\k{a} and \\k{b}.\n\n\\B{a} A\n\nText.\n\n\\B{b} B\n', true],
      ['and back', 0, () => 'See \\k{a} and \\k{b}.\n\n\\B{b} B\n\n\\B{a} A\n\nText.\n', true],
    ]));
  it('an entry moved past another that a \\nocite cites, in the window', () =>
    stepThrough(['\\k{b}\n', '\\B{b} B\n\n\\nocite{a}\n\n\\B{a} A\n\nText.\n'], [
      ['\\B{b} moved to the end', 1, () => '\\nocite{a}\n\n\\B{a} A\n\nText.\n\n\\B{b} B\n', true],
    ]));
});

describe('incremental analysis: a name defined again in a later file', () => {
  // The later file's finding points into the edited one, which then takes the longer way for
  // every edit (its places are quoted elsewhere, as with an index warning): renaming the first
  // definition, or moving it, must not leave that finding as it was.
  const files = ['\\C{intro} Intro\n\n\\H{twice} First\n\nText.\n', '\\C{more} More\n\n\\H{twice} Again\n\nSee \\k{twice}.\n'];
  const steps: Step[] = [
    ['typing in the prose of the file with the first definition', 0, (t) => t.replace('Text.', 'Some text.'), false],
    ['the first definition renamed: the later one is a definition now, not a finding', 0, (t) => t.replace('\\H{twice}', '\\H{twicex}'), false],
    ['renamed back: the finding again', 0, (t) => t.replace('\\H{twicex}', '\\H{twice}'), false],
    ['a heading typed before it: it is numbered again, and the finding quotes its line', 0, (t) => t.replace('\\H{twice}', '\\H{new} New\n\n\\H{twice}'), false],
  ];
  it('each edit in turn, against a fresh analysis', () => stepThrough(files, steps));
});

describe('incremental analysis: macros defined in a file, and paragraphs that number nothing, are patched in', () => {
  const files = ['\\define{early} E\n\n\\C{a} A\n\nText \\early.\n\n\\n One\n', '\\C{b} B\n\nUses \\m here.\n', '\\C{c} C\n\nMore.\n'];
  const steps: Step[] = [
    ['a macro defined that no later file looks up', 0, (t) => t + '\n\\define{fresh} F\n', true],
    ['its body edited', 0, (t) => t.replace('{fresh} F', '{fresh} Fresh'), true],
    ['used in its own file', 0, (t) => t + '\nUsing \\fresh.\n', true],
    ['renamed: its use there is now unknown', 0, (t) => t.replace('{fresh}', '{fresher}'), true],
    ['taken away', 0, (t) => t.replace('\n\\define{fresher} Fresh\n', ''), true],
    ['a code paragraph pasted at the end of a file (the last kind changes, but not to a list item)', 1, (t) => t + '\n\\c code\n', true],
    ['a list item there: the next file starts differently, until its chapter', 1, (t) => t + '\n\\n item\n', true],
    // Not patched this way: the set's answer must still come out right.
    ['a macro a later file looks up (it was unknown there)', 0, (t) => t + '\n\\define{m} M\n', false],
    ['its body edited: the later file reads it', 0, (t) => t.replace('{m} M', '{m} Mm'), false],
    ['a macro defined in the last file', 2, (t) => t + '\n\\define{x} X\n', true],
    ['the same name defined in the first: the last one’s is now a redefinition', 0, (t) => t + '\n\\define{x} first\n', false],
    // (Its error points at the first file, which is rebuilt from now on; the file after it is not.)
    ['a file after the first defines another of its macros again', 2, (t) => t + '\n\\define{m} again\n', true],
    ['the second file defines one of the first’s again', 1, (t) => t + '\n\\define{early} again\n', true],
  ];
  it('each edit in turn, against a fresh analysis', () => stepThrough(files, steps));
});

describe('incremental analysis: cases found by review', () => {
  // Each against a fresh analysis; whether each is patched is what the code does now.
  const cases: [string, string[], Step[]][] = [
    ['text deleted before a file’s first heading (the kept paragraphs move back past the replaced ones’ old places)', ['\\C{c} Chap\n', '\\# comment line one\n\\# comment line two that is longer\n\n\\H{s1} First\n\n\\H{s2} Second\n'], [
      ['the comment lines deleted', 1, (t) => t.replace(/^(\\#.*\n)+\n/, ''), true],
    ]],
    ['a block comment deleted before it', ['\\C{c} Chap\n', '\\#{ This file describes the appendix; see the\nmain chapter for more. }\n\n\\H{s1} First\n\n\\H{s2} Second\n'], [
      ['the comment deleted', 1, (t) => t.replace(/^\\#\{[^}]*\}\n\n/, ''), true],
    ]],
    ['a file’s first citation of a bibliography entry, with a heading', ['\\B{bib} A book.\n', '\\C{c} C\n\nText.\n'], [
      ['a heading and a paragraph citing the entry pasted', 1, (t) => t + '\n\\H{h} H\n\nSee \\k{bib}.\n', true],
      ['both deleted', 1, (t) => t.replace('\n\\H{h} H\n\nSee \\k{bib}.\n', ''), true],
    ]],
    ['a citation typed, then its paragraph replaced by a \\cfg', ['\\B{bib} A book.\n', 'Plain.\n\nMore.\n'], [
      ['a \\cfg added (what the file gives the others is worked out)', 1, (t) => t.replace('Plain.', '\\cfg{foo}{bar}\n\nPlain.'), true],
      ['a citation typed in running text', 1, (t) => t.replace('More.', 'More \\k{bib}.'), true],
      ['its paragraph replaced by a \\cfg', 1, (t) => t.replace('More \\k{bib}.', '\\cfg{foo}{baz}'), true],
    ]],
    ['a numbered list running across a file of no paragraphs', ['\\n{x} One\n', '', '\\n{y} Two\n'], [
      ['a paragraph typed in it', 1, () => 'Text.\n', false],
      ['and deleted', 1, () => '', false],
      ['a comment typed there', 1, () => '\\# just a comment\n', true],
    ]],
    ['a heading keyword renamed by an edit that also takes an \\IM away (rekey, then the edit again)', ['\\n{n2} item\n\n\\IM{foo}{FOO} two\n', 'Cites \\k{bib} and \\k{bob}.\n', '\\H{n2} Head\n\nSee \\k{bib} \\i{bar}.\n'], [
      ['text deleted across them', 0, () => '\\n{n2O} two\n', true],
    ]],
    ['a paragraph pasted after the end of an \\lcont, which a list item came before', ['\\n{n2} one\n\n\\n two\n\n\\lcont{\n\n\\n item\n\n}', '\\n{c} x\n'], [
      ['pasted', 0, (t) => t + '\n\nSee \\K{n6} and \\i{FOO}.', false],
      ['a plain paragraph between them (the list cannot run on either way)', 0, (t) => t.replace('\n\nSee', '\n\nPlain.\n\nSee'), true],
    ]],
    ['two macro definitions swapped', ['\\C{a} A\n\n\\define{x} one\n\n\\define{y} two\n\nText.\n', 'Uses none.\n'], [
      ['swapped', 0, (t) => t.replace('\\define{x} one\n\n\\define{y} two', '\\define{y} two\n\n\\define{x} one'), true],
    ]],
  ];
  for (const [what, texts, steps] of cases) it(what, () => stepThrough(texts, steps));
});

describe('incremental analysis: \\cfg paragraphs typed are patched in, unless they name what numbering prints', () => {
  const files = ['\\C{a} A\n\nText \\i{x}.\n\n\\IM{x} y\n', '\\C{b} B\n\nMore.\n'];
  const steps: Step[] = [
    ['an unknown character set: an error', 0, (t) => t.replace('Text', '\\cfg{input-charset}{nonsense}\n\nText'), true],
    ['put right', 0, (t) => t.replace('{nonsense}', '{UTF-8}'), true],
    ['a setting short of its values: an error', 1, (t) => t + '\n\\cfg{info-dir-entry}{x}\n', true],
    ['given them', 1, (t) => t.replace('{info-dir-entry}{x}', '{info-dir-entry}{x}{y}{z}'), true],
    ['taken out', 0, (t) => t.replace('\\cfg{input-charset}{UTF-8}\n\n', ''), true],
    // Not patched this way: the set's answer must still come out right.
    ['what chapters are called', 1, (t) => t + '\n\\cfg{chapter}{Part}\n', false],
  ];
  it('each edit in turn, against a fresh analysis', () => stepThrough(files, steps));
});

describe('incremental analysis: headings typed, pasted or deleted are patched in', () => {
  // The next file starts a chapter, as each file of the PuTTY manual does: a section added
  // before it changes no number there. The third continues the second's chapter.
  const files = [
    '\\C{intro} Intro\n\nSee \\k{later}, \\k{new} and \\k{third}.\n\n\\H{first} First\n\nText.\n\n\\H{later} Later\n\nMore.\n',
    '\\C{two} Two\n\nBack to \\k{later} and \\k{new}.\n\n\\H{two-a} A\n',
    '\\H{two-b} B, in the same chapter\n\nSee \\k{first}.\n',
    '\\IM{x} y\n\nAn index, numbering nothing: \\i{x}.\n',
    '\\versionid $Id: v 1 $\n',
  ];
  const steps: Step[] = [
    ['a section typed: its command', 0, (t) => t.replace('Text.\n', 'Text.\n\n\\S'), true],
    ['its keyword begun: a new name, which references in both files were waiting for', 0, (t) => t.replace('\\S', '\\S{n'), true],
    ['typed on (a rename)', 0, (t) => t.replace('\\S{n', '\\S{ne'), true],
    ['and closed', 0, (t) => t.replace('\\S{ne', '\\S{new} New'), true],
    ['a heading pasted before it: the sections after it numbered again', 0, (t) => t.replace('Text.\n', 'Text.\n\n\\H{pasted} Pasted\n'), true],
    ['a heading at the end of the file: the next file starts its chapter, so its numbers stay', 0, (t) => t + '\n\\H{end} End\n', true],
    ['the heading the others refer to deleted: their references break', 0, (t) => t.replace('\\H{later} Later\n\nMore.\n', ''), true],
    ['and pasted back', 0, (t) => t.replace('\n\\H{end}', '\\H{later} Later\n\nMore.\n\n\\H{end}'), true],
    ['a section at the end of the last chapter, before files that number nothing (an index)', 2, (t) => t + '\n\\S{two-b-1} One\n', true],
    // Not patched this way: the set's answer must still come out right.
    ['a heading in the file whose chapter the next file continues: its numbers change', 1, (t) => t + '\n\\H{two-x} X\n', false],
    ['a heading under a name another file defines', 0, (t) => t.replace('\\H{end}', '\\H{two-a}'), false],
    ['a name defined twice in the file', 0, (t) => t.replace('\\H{pasted}', '\\H{first}'), false],
  ];
  it('each edit in turn, against a fresh analysis', () => stepThrough(files, steps));
  it('references elsewhere follow: resolved, broken, and numbered as halibut numbers them', () => {
    const { ws, paths } = memoryWorkspace(files.map((text, i) => ({ name: `${'abc'[i]}.but`, text })));
    const set = ws.setsOf(paths[0])[0].set;
    const broken = () => paths.map((p) => ws.diagnostics(p).map((d) => d.message.replace(/;.*/, '')));
    const number = (key: string) => set.keywords.get(key)?.words?.number;
    const later = set.keywords.get('later');
    assert.deepStrictEqual(broken(), [["unable to resolve cross-reference to `new'", "unable to resolve cross-reference to `third'"], ["unable to resolve cross-reference to `new'"], [], [], []]);
    ws.setOverlay(paths[0], files[0].replace('Text.\n', 'Text.\n\n\\H{new} New\n'));
    assert.deepStrictEqual(broken(), [["unable to resolve cross-reference to `third'"], [], [], [], []]);
    assert.deepStrictEqual([number('first'), number('new'), number('later'), number('two-a'), number('two-b')], ['1.1', '1.2', '1.3', '2.1', '2.2']);
    // The definition that was renumbered is the same object, which other files' references hold.
    assert.strictEqual(set.keywords.get('later'), later);
    assert.strictEqual(set.xrefs.find((x) => x.file === 1 && x.key === 'later')?.target, later);
    ws.setOverlay(paths[0], files[0].replace('\\H{later} Later\n\nMore.\n', ''));
    assert.deepStrictEqual(broken(), [["unable to resolve cross-reference to `later'", "unable to resolve cross-reference to `new'", "unable to resolve cross-reference to `third'"], ["unable to resolve cross-reference to `later'", "unable to resolve cross-reference to `new'"], [], [], []]);
    assert.strictEqual(ws.setsOf(paths[0])[0].set, set, 'patched, not rebuilt');
  });
});

describe('incremental analysis: a heading typed in a file that has an index and a bibliography', () => {
  // As in the PuTTY manual made one file: \IM paragraphs (one an error), a \BR, a citation.
  const text = '\\C{intro} Intro\n\nSee \\k{rfc}, \\k{later} and \\i{Unix}.\n\n\\H{later} Later\n\n\\B{rfc} The RFC.\n\n\\BR{rfc} [RFC]\n\n\\IM{Unix} Unix\n\n\\IM{ghost} nothing indexes this\n';
  const steps: Step[] = [
    ['a section typed before the one referred to', 0, (t) => t.replace('\\H{later}', '\\H{new} New\n\n\\H{later}'), true],
    ['its keyword retyped', 0, (t) => t.replace('\\H{new}', '\\H{newer}'), true],
    ['and deleted', 0, (t) => t.replace('\\H{newer} New\n\n', ''), true],
    // (Rebuilt before bibliography entries could be numbered in a window: one stands in it.)
    ['a heading typed together with an \\IM', 0, (t) => t.replace('\\H{later}', '\\H{new} New\n\n\\IM{later} later\n\n\\H{later}'), true],
    ['a heading typed while another citation of the entry is', 0, (t) => t.replace('\\H{later}', '\\H{cited} See \\k{rfc} again\n\n\\H{later}'), true],
  ];
  it('each edit in turn, against a fresh analysis', () =>
    stepThrough([text], steps, (ws, paths, [what]) => assert.ok(ws.diagnostics(paths[0]).some((d) => d.message === "`\\IM' on unknown index tag `ghost'"), `${what}: the \\IM error stays`)));
});

describe('incremental analysis: editing a heading’s title or keyword is patched in', () => {
  // The duplicate comes first: a finding that points after an edit makes the file take the longer way.
  const chapter = '\\C{intro} Intro\n\n\\H{dup} A\n\n\\H{dup} B\n\nText.\n\n\\H{use} Use\n\nSee \\k{use} and \\k{usex}.\n\n\\n{first} One\n';
  const other = 'Back to \\k{use}, \\k{used} and \\k{first}.\n';
  const edits: [string, (t: string) => string, boolean][] = [
    ['a heading’s title', (t) => t.replace('Use\n', 'Using it\n'), true],
    ['a heading keyword that references in both files name', (t) => t.replace('\\H{use}', '\\H{used}'), true],
    ['a heading keyword and its title at once', (t) => t.replace('\\H{use} Use', '\\H{usex} Usage'), true],
    ['a numbered list item’s keyword', (t) => t.replace('\\n{first}', '\\n{firstly}'), true],
    // Not patched this way: the set's answer must still come out right.
    ['a keyword renamed to one already defined', (t) => t.replace('\\H{use}', '\\H{intro}'), false],
    ['a keyword that is defined twice', (t) => t.replace('\\H{dup} A', '\\H{dupe} A'), false],
    ['a keyword emptied', (t) => t.replace('\\H{use}', '\\H{}'), false],
  ];
  for (const [what, edit, patched] of edits) {
    it(what, () => {
      const sources = [{ name: 'a.but', text: chapter }, { name: 'b.but', text: other }];
      const { ws, paths } = memoryWorkspace(sources);
      const set = ws.setsOf(paths[0])[0].set;
      const defs = new Map([...set.keywords].map(([k, d]) => [d, k]));
      const after = edit(chapter);
      ws.setOverlay(paths[0], after);
      const held = ws.setsOf(paths[0])[0].set;
      const fresh = new DocumentSet([{ id: paths[0], name: 'a.but', text: after }, { id: paths[1], name: 'b.but', text: other }], { parse: (f, m) => parseFile(f.text, m) });
      assert.deepStrictEqual(describeSet(held), describeSet(fresh));
      if (!patched) return;
      assert.strictEqual(held, set, 'patched, not rebuilt');
      // Definitions keep their identity under their new names, and point into the new parse.
      for (const [def] of defs) assert.ok(held.files[0].parsed.paragraphs.includes(def.para));
      assert.ok([...held.keywords.values()].every((d) => defs.has(d)));
      // And a rename back is patched too, leaving the set as it began.
      ws.setOverlay(paths[0], chapter);
      assert.strictEqual(ws.setsOf(paths[0])[0].set, set, 'patched back');
      const first = new DocumentSet([{ id: paths[0], name: 'a.but', text: chapter }, { id: paths[1], name: 'b.but', text: other }], { parse: (f, m) => parseFile(f.text, m) });
      assert.deepStrictEqual(describeSet(set), describeSet(first));
    });
  }
  it('the did-you-mean of a broken reference elsewhere follows a renamed keyword', () => {
    const { ws, paths } = memoryWorkspace([{ name: 'a.but', text: chapter }, { name: 'b.but', text: other }]);
    const set = ws.setsOf(paths[0])[0].set;
    const said = () => ws.diagnostics(paths[1]).map((d) => d.message);
    const broken = (key: string, hint?: string) => `unable to resolve cross-reference to \`${key}'` + (hint ? `; did you mean \`${hint}'?` : '');
    assert.deepStrictEqual(said(), [broken('used', 'use')]);
    // A new name near the broken one is offered; a name taken away is no longer.
    ws.setOverlay(paths[0], chapter.replace('\\H{use}', '\\H{usedd}'));
    assert.deepStrictEqual(said(), [broken('use'), broken('used', 'usedd')]);
    ws.setOverlay(paths[0], chapter.replace('\\H{use}', '\\H{elsewhere}'));
    assert.deepStrictEqual(said(), [broken('use'), broken('used')]);
    assert.strictEqual(ws.setsOf(paths[0])[0].set, set, 'patched, not rebuilt');
  });
});

describe('analysis: line indexes made only where needed', () => {
  it('a set indexes the lines of a file only when asked (a duplicate keyword’s message quotes a line)', () => {
    const indexed: string[] = [];
    const lines = (f: SourceFile) => (indexed.push(f.id), new LineIndex(f.text.toString()));
    const sources = [
      { id: '/a.but', name: 'a.but', text: '\\C{a} A\n\nSee \\k{b}.\n' },
      { id: '/b.but', name: 'b.but', text: '\\C{b} B\n\n\\C{c} C\n' },
      { id: '/c.but', name: 'c.but', text: '\\C{c} Again\n' },
    ];
    const set = new DocumentSet(sources, { parse: (f, m) => parseFile(f.text, m), lines });
    // c.but's duplicate names the line of b.but's first definition: only b.but was indexed.
    assert.deepStrictEqual(indexed, ['/b.but']);
    assert.strictEqual(set.files[0].lines.lineCount, 4);
    assert.deepStrictEqual(indexed, ['/b.but', '/a.but']);
  });
});

describe('incremental analysis: regressions found by the fuzzer', () => {
  it('a redefinition in one file points at the first definition in another after that file is re-read', () => {
    // b.but's parse is reused from the cache; a.but is parsed afresh (a NUL does that), so the
    // place of its definition is a new object, one character further on.
    const files = [
      { name: 'a.but', text: 'Intro text.\n\n\\define{macro} first\n\nUse \\macro.\n' },
      { name: 'b.but', text: '\\define{macro} again\n\nMore.\n' },
    ];
    check(files, [[{ file: 0, at: 0, del: 0, insert: '\0' }], [{ file: 0, at: 0, del: 1, insert: '' }]]);
  });

  it('a macro defined twice in one file keeps its first definition when an edit is patched in', () => {
    const text = 'Text \\i{eep}.\n\n\\define{macro} macro definition\n\n\\define{macro} same macro again\n\nUse \\macro.\n';
    const { ws, paths } = memoryWorkspace([{ name: 'a.but', text }, { name: 'b.but', text: 'More \\macro.\n' }]);
    const before = ws.setsOf(paths[0])[0].set;
    assert.strictEqual(before.macros.get('macro')?.def.text, 'macro definition');
    check([{ name: 'a.but', text }, { name: 'b.but', text: 'More \\macro.\n' }], [[{ file: 0, at: 0.02, del: 1, insert: ',' }]]);
    ws.setOverlay(paths[0], text.replace('Text', 'Te,t'));
    assert.strictEqual(ws.setsOf(paths[0])[0].set, before, 'patched, not rebuilt');
    assert.strictEqual(before.macros.get('macro')?.def.text, 'macro definition');
  });

  it('a line break typed before a keyword’s first definition moves the line its duplicate’s message quotes', () => {
    const text = 'Intro text here.\n\n\\C{k} One\n\nMore.\n\n\\C{k} Two\n';
    check([{ name: 'a.but', text }], [[{ file: 0, at: 5 / text.length, del: 0, insert: '\n' }], [{ file: 0, at: 5 / text.length, del: 1, insert: '' }]]);
  });

  it('typing before a place another paragraph’s warning points at moves that place', () => {
    // The case warning is on the second paragraph; its related place is the first use, in the first.
    const text = 'Text \\i{Foo} here.\n\nMore \\i{foo} there.\n';
    check([{ name: 'a.but', text }], [[{ file: 0, at: 0, del: 0, insert: 'x' }], [{ file: 0, at: 0, del: 1, insert: '' }]]);
  });

  it('typing in a paragraph whose unclosed \\i is recorded twice moves both records of the use', () => {
    // The parser records that index use twice (one object); the patch for typing in running
    // text used to move only the first of its two places in the tag's list.
    const text = 'One.\n\nSSH and SUPDUP are \\i\\e{network, run a|\\{i\\e{client},\nwhich (the\n\\i\\e{server}).  More}}}}d\ntext';
    const { ws, paths } = memoryWorkspace([{ name: 'a.but', text }]);
    const before = ws.setsOf(paths[0])[0].set;
    assert.strictEqual(before.files[0].parsed.indexUses.length, 2);
    check([{ name: 'a.but', text }], [[{ file: 0, at: 8 / text.length, del: 0, insert: 'x' }]]);
    ws.setOverlay(paths[0], text.slice(0, 8) + 'x' + text.slice(8));
    assert.strictEqual(ws.setsOf(paths[0])[0].set, before, 'patched, not rebuilt');
  });
});
