/**
 * Each input error halibut reports, on a small input written here. Every
 * expectation is also checked against halibut itself when it is installed,
 * so these tests cannot drift from the oracle.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyseTexts, messages, spanned } from './helpers';

const haveHalibut = spawnSync('halibut', ['--version']).status === 0;

/** What halibut prints for these files (a.but, b.but, ...), as sorted unique lines. */
function halibut(texts: string[]): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-'));
  const names = texts.map((t, i) => {
    const n = `${String.fromCharCode(97 + i)}.but`;
    fs.writeFileSync(path.join(dir, n), t);
    return n;
  });
  const r = spawnSync('halibut', ['--text=/dev/null', ...names], { cwd: dir, encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return [...new Set(r.stderr.split('\n').filter((l) => l && !l.includes('code paragraph line is')))].sort();
}

interface Case {
  name: string;
  files: string[];
  expect: string[];
  /** Halibut stops after its parse phase, so it prints only these. */
  halibutPrints?: string[];
  /** Text the first diagnostic of this code must cover. */
  covers?: [code: string, text: string];
}

const cases: Case[] = [
  { name: 'clean document', files: ['\\C{one} One\n\nSee \\k{two}.\n\n\\H{two} Two\n'], expect: [] },
  { name: 'unresolved cross-reference', files: ['\\C{one} One\n\nSee \\k{tow}.\n\n\\H{two} Two\n'], expect: ["a.but:3: unable to resolve cross-reference to `tow'; did you mean `two'?"], covers: ['unresolved-xref', '\\k{tow}'] },
  { name: 'cross-reference across files', files: ['\\C{one} One\n\nSee \\K{three}.\n', '\\C{three} Three\n'], expect: [] },
  { name: 'duplicate keyword', files: ['\\C{one} One\n\n\\H{x} X\n', '\\C{two} Two\n\n\\H{x} X again\n'], expect: ["b.but:3: paragraph keyword `x' already defined at a.but:3"], covers: ['duplicate-keyword', 'x'] },
  { name: 'heading level jump', files: ['\\H{h} Heading first\n\n\\C{c} Chapter\n\n\\S2{s} Too deep\n'], expect: ['a.but:1: expected higher heading levels before this one', 'a.but:5: expected higher heading levels before this one'] },
  { name: 'unknown command mid-paragraph', files: ['Text \\twaddle here.\n'], expect: ["a.but:1: command `twaddle' unexpected in mid-paragraph"], covers: ['unknown-command', '\\twaddle'] },
  { name: 'unknown command at start', files: ['\\bogus Text.\n'], expect: ["a.but:1: command `bogus' unrecognised at start of paragraph"] },
  { name: 'unclosed brace', files: ['Unclosed \\e{brace.\n\nNext.\n'], expect: ['a.but:1: unclosed braces at end of paragraph'] },
  { name: 'unexpected brace', files: ['Stray } brace.\n'], expect: ['a.but:1: brace character unexpected in mid-paragraph'] },
  { name: 'nested styles', files: ['\\e{a \\s{b}}\n'], expect: ['a.but:1: unable to nest text styles', "a.but:1: expected `{' after command"] },
  { name: 'nested index', files: ['\\i{a \\i{b}}\n'], expect: ['a.but:1: unable to nest index markings', "a.but:1: expected `{' after command"] },
  { name: 'quote in code', files: ['\\c{a \\q{b}}\n'], expect: ['a.but:1: unable to nest \\q{...} within \\c{...} or \\cw{...}'] },
  { name: 'broken code paragraph', files: ['\\c code\nnot code\n\nNext.\n'], expect: ["a.but:2: every line of a code paragraph should begin `\\c'"] },
  { name: 'keyword unclosed', files: ['\\C{open Title\n\nNext.\n'], expect: ["a.but:1: expected `}' after paragraph keyword"] },
  { name: 'keyword expected', files: ['\\C Title\n'], expect: ['a.but:1: expected a paragraph keyword'] },
  { name: 'keyword illegal', files: ['\\U{k} Title\n'], expect: ['a.but:1: expected no paragraph keyword'] },
  { name: 'too many keywords', files: ['\\BR{a}{b} x\n'], expect: ['a.but:1: expected only one paragraph keyword', "a.but:1: unable to resolve cross-reference to `a'"], halibutPrints: ['a.but:1: expected only one paragraph keyword'] },
  { name: 'body illegal', files: ['\\rule text\n'], expect: ['a.but:1: expected no text after paragraph keyword'] },
  { name: 'macro defined twice', files: ['\\define{m} one\n\n\\define{m} two\n'], expect: ["a.but:3: macro `m' already defined"] },
  { name: 'macro defined twice across files', files: ['\\define{m} one\n', '\\define{m} two\n'], expect: ["b.but:1: macro `m' already defined"] },
  { name: 'macro used in a later file', files: ['\\define{m} expanded\n', 'Text \\m.\n'], expect: [] },
  { name: 'macro used before its definition', files: ['Text \\m.\n', '\\define{m} expanded\n'], expect: ["a.but:1: command `m' unexpected in mid-paragraph"] },
  { name: '\\IM on unknown tag', files: ['\\i{foo} bar\n\n\\IM{fooo} Foo\n'], expect: ["a.but:3: `\\IM' on unknown index tag `fooo'; did you mean `foo'?"] },
  { name: 'index tag case clash', files: ['\\i{Foo} one\n\n\\i{foo} two\n'], expect: ["a.but:3: warning: index tag `foo' used with different case (`Foo') at a.but:1"] },
  { name: 'multiple \\BR', files: ['\\B{b} Book.\n\n\\BR{b} [B1]\n\n\\BR{b} [B2]\n\nSee \\k{b}.\n'], expect: ["a.but:5: multiple `\\BR' entries given for `b'"] },
  { name: '\\BR on unknown entry', files: ['\\BR{nob} [X]\n'], expect: ["a.but:1: unable to resolve cross-reference to `nob'"] },
  { name: '\\nocite of unknown entry', files: ['\\nocite{nob}\n'], expect: ["a.but:1: unable to resolve cross-reference to `nob'"] },
  { name: 'misplaced \\lcont', files: ['Text.\n\n\\lcont{\n\nMore.\n\n}\n'], expect: ['a.but:3: \\lcont is only expected after a list item'] },
  { name: 'heading inside \\quote', files: ['\\C{c} C\n\n\\quote{\n\n\\H{h} In quote\n\n}\n'], expect: ['a.but:5: section headings are not supported within \\quote'] },
  { name: 'unclosed \\quote at end of file', files: ['\\quote{\n\nText.\n'], expect: ['a.but:3: unclosed braces at end of input file'] },
  { name: 'comment to end of file', files: ['Text \\#{ never closed\n'], expect: ["a.but:1: end of file unexpected inside `\\#{...}' comment"] },
  { name: 'expected brace after command', files: ['Text \\e plain.\n'], expect: ["a.but:1: expected `{' after command"] },
  // (An unclosed reference is not resolved: the words it swept up would make a second error of the first.)
  { name: 'cross-reference unclosed', files: ['See \\k{a\\_b}.\n'], expect: ["a.but:1: expected `}' after cross-reference", 'a.but:1: brace character unexpected in mid-paragraph'] },
  { name: 'cross-reference unclosed to the paragraph\'s end', files: ['\\C{gs-hostkey} Keys\n\nSee \\k{gs-hostkey for more on keys.\n\nSee \\k{\\k{gs-hostkey}}.\n'], expect: ["a.but:3: expected `}' after cross-reference", "a.but:5: expected `}' after cross-reference", 'a.but:5: brace character unexpected in mid-paragraph', 'a.but:5: brace character unexpected in mid-paragraph'] },
  { name: 'NUL character', files: ['Text\0more.\n'], expect: ['a.but:1: the Unicode zero character is not permitted in input'] },
  { name: 'numbered list reference', files: ['\\n{one} One.\n\n\\n Two, see \\k{one}.\n'], expect: [] },
  { name: 'list keyword on a bullet is not a keyword', files: ['\\b{x} Bullet.\n\nSee \\k{x}.\n'], expect: ["a.but:3: unable to resolve cross-reference to `x'"] },
  { name: 'heading with no title is dropped', files: ['\\C{c}\n\nSee \\k{c}.\n'], expect: ["a.but:3: unable to resolve cross-reference to `c'"] },
  { name: 'reference inside \\I{} is not checked', files: ['Text \\I{see \\k{nowhere}}here.\n'], expect: [] },
  { name: 'comment paragraph', files: ['\\# \\k{nowhere} is ignored\n\nText.\n'], expect: [] },
  { name: 'recursive macro does not hang', files: ['\\define{a} \\a\n\nText \\a.\n'], expect: ["a.but:3: macro `a' expands to itself without end (halibut would hang here)"], halibutPrints: null as unknown as string[] },
];

describe('diagnostics: each halibut input error on a small input', () => {
  for (const c of cases) {
    it(c.name, function () {
      const set = analyseTexts(...c.files);
      assert.deepStrictEqual(messages(set), [...c.expect].sort());
      if (c.covers) assert.strictEqual(spanned(set, c.covers[0])[0], c.covers[1]);
    });
    if (c.halibutPrints !== null) {
      it(`${c.name}: halibut agrees`, function () {
        if (!haveHalibut) {
          if (process.env.CI) assert.fail('halibut is not installed (CI must have it)');
          this.skip();
        }
        const ours = (c.halibutPrints ?? c.expect).map((m) => m.replace(/; did you mean .*$/, ''));
        const theirs = halibut(c.files);
        // Halibut stops after its first failing phase, so it may print a subset of ours.
        for (const line of theirs) assert.ok(ours.includes(line), `halibut printed ${JSON.stringify(line)}, which we do not report (ours: ${JSON.stringify(ours)})`);
        if (theirs.length === 0) assert.deepStrictEqual(ours, [], 'halibut printed nothing');
      });
    }
  }
});
