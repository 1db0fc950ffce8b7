/** The syntax tree: each construct on a small input, with exact spans. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { indexWordsOf, wordsOf } from '../../server/src/core/paragraphWords';
import { parseFile } from '../../server/src/core/parser';
import { plainText } from '../../server/src/core/render';
import { Span } from '../../server/src/core/syntax';
import { decode } from '../../server/src/node/decode';
import { HALIBUT_MANUAL, halibutDir, PUTTY_MANUAL, puttyDir } from '../support/corpus';

const at = (text: string, s: Span) => text.slice(s.start, s.end);

describe('parser: constructs and spans', () => {
  it('headings: kind, level, keyword spans, designation, title', () => {
    const t = '\\C{intro} Intro\n\n\\H{sec} Section\n\n\\S{sub} Sub\n\n\\S2{deep}{Question} Deep \\e{one}\n\n\\A{app} App\n\n\\U Unnumbered\n';
    const r = parseFile(t);
    assert.deepStrictEqual(r.paragraphs.map((p) => [p.kind, p.level, p.keywords.map((k) => k.text), plainText(wordsOf(r, p), r.text)]), [
      ['chapter', 0, ['intro'], 'Intro'],
      ['heading', 0, ['sec'], 'Section'],
      ['heading', 1, ['sub'], 'Sub'],
      ['heading', 2, ['deep', 'Question'], 'Deep one'],
      ['appendix', 0, ['app'], 'App'],
      ['unnumbered', 0, [], 'Unnumbered'],
    ]);
    const deep = r.paragraphs[3];
    assert.strictEqual(at(t, deep.keywords[0].span), 'deep');
    assert.strictEqual(at(t, deep.keywords[0].braced), '{deep}');
    assert.strictEqual(at(t, deep.cmdSpan), '\\S2');
    assert.strictEqual(deep.cmdName, 'S2');
  });

  it('keywords with escapes, \\_ and line breaks', () => {
    const r = parseFile('\\C{a\\{b\\}\\\\c\\_d\ne} T\n');
    assert.strictEqual(r.paragraphs[0].keywords[0].text, 'a{b}\\c d e');
  });

  it('cross-references: key, key span and whole span', () => {
    const t = 'See \\k{one} and \\K{two words}.\n';
    const r = parseFile(t);
    assert.deepStrictEqual(r.xrefs.map((x) => [x.upper, x.key, at(t, x.keySpan), at(t, x.span), x.checked]), [
      [false, 'one', 'one', '\\k{one}', true],
      [true, 'two words', 'two words', '\\K{two words}', true],
    ]);
  });

  it('index terms: \\i \\I \\ii, \\i\\c, tags as halibut computes them', () => {
    const t = 'A \\i{Foo bar}, \\I{hidden}, \\ii{Lower}, \\i\\c{grep}, \\i{q \\q{x}}.\n';
    const r = parseFile(t);
    assert.deepStrictEqual(r.indexUses.map((u) => [u.command, u.tag, u.visible, at(t, u.textSpan)]), [
      ['i', 'Foo bar', true, 'Foo bar'],
      ['I', 'hidden', false, 'hidden'],
      ['ii', 'lower', true, 'Lower'],
      ['i', 'grep', true, 'grep'],
      ['i', 'q "x"', true, 'q \\q{x}'],
    ]);
    assert.strictEqual(plainText(wordsOf(r, r.paragraphs[0]), r.text), 'A Foo bar, , Lower, grep, q \u2018x\u2019.');
  });

  it('macros: definition text (multi-line), uses at paragraph start and mid-paragraph', () => {
    const t = '\\define{eur} \\u20AC{EUR\\_}\n\n\\define{two} line one\nline two\n\n\\eur 5 and \\eur\\.10.\n';
    const r = parseFile(t);
    assert.deepStrictEqual(r.macroDefs.map((d) => [d.name, d.text, at(t, d.nameSpan)]), [
      ['eur', '\\u20AC{EUR\\_}', 'eur'],
      ['two', 'line one\nline two', 'two'],
    ]);
    assert.deepStrictEqual(r.macroUses.map((u) => [u.name, at(t, u.span), u.atParagraphStart]), [
      ['eur', '\\eur', true],
      ['eur', '\\eur', false],
    ]);
    assert.strictEqual(plainText(wordsOf(r, r.paragraphs[0]), r.text), '\u20ac 5 and \u20ac10.');
  });

  it('a word keeps a text of its own only where the file differs from it there', () => {
    const t = '\\define{m} macro text\n\nPlain \\{brace\\} non\\_break \\m, \\ii{Lower Case} \\date{%Y} end.\n';
    const r = parseFile(t);
    const words = wordsOf(r, r.paragraphs[0]).flatMap((w) => (w.t === 'text' ? [[w.textIn(t), w.own ?? null, at(t, w.span)]] : []));
    assert.deepStrictEqual(words, [
      // However the lexer read it (the first word of a paragraph comes through its slow path,
      // after the check for a paragraph command), a word as the source has it has no string.
      ['Plain', null, 'Plain'],
      ['{', '{', '\\{'],
      ['brace', null, 'brace'],
      ['}', '}', '\\}'],
      ['non', null, 'non'],
      [' ', ' ', '\\_'],
      ['break', null, 'break'],
      // A macro's words are placed at its use, with the macro's text (joined to what follows).
      ['macro', 'macro', '\\m'],
      ['text,', 'text,', '\\m,'],
      ['Lower', null, 'Lower'],
      ['Case', null, 'Case'],
      ['\\date', '\\date', '\\date{%Y}'],
      ['end.', null, 'end.'],
    ]);
    // \\ii lowercases the index's copy of its words, not the text's.
    assert.deepStrictEqual(indexWordsOf(r, r.indexUses[0]).flatMap((w) => (w.t === 'text' ? [w.textIn(t)] : [])), ['lower', 'case']);
    assert.strictEqual(plainText(wordsOf(r, r.paragraphs[0]), t), 'Plain {brace} non break macro text, Lower Case \\date end.');
  });

  it('a macro that uses itself is refused inside its own expansion, once, with its text read once', () => {
    // Halibut hangs on it. Refused only after a thousand expansions, the rest of each level's
    // text was read when the stack unwound: a thousand copies of it in the paragraph.
    for (const [t, words] of [
      ['\\define{x} \\x and more words\n\nUse \\x here.\n', 'Use and more words here.'],
      ['\\define{x} \\y then x\n\n\\define{y} \\x then y\n\nUse \\x here.\n', 'Use then y then x here.'],
      // Calling itself last, each level's text is read by then: refused after a thousand expansions.
      ['\\define{x} words \\x\n\nUse \\x here.\n', `Use${' words'.repeat(1002)} here.`],
    ] as const) {
      const r = parseFile(t);
      assert.deepStrictEqual(r.diagnostics.map((d) => [d.code, t.slice(d.span.start, d.span.end)]), [['macro-recursion', '\\x']], t);
      const use = r.paragraphs[r.paragraphs.length - 1];
      assert.strictEqual(plainText(wordsOf(r, use), t).replace(/\s+/g, ' '), words, t);
    }
  });

  it('macros from earlier files, and the lookups recorded for reuse', () => {
    const r = parseFile('Text \\prod and \\other.\n', (n) => (n === 'prod' ? 'Widget' : undefined));
    assert.strictEqual(plainText(wordsOf(r, r.paragraphs[0]), r.text), 'Text Widget and .');
    assert.deepStrictEqual([...r.externalLookups], [['prod', 'Widget'], ['other', undefined]]);
  });

  it('code paragraphs with emphasis lines', () => {
    const t = '\\c int main() {\n\\e bbb\n\\c   return 0;\n\\c }\n';
    const r = parseFile(t);
    const p = r.paragraphs[0];
    assert.strictEqual(p.kind, 'code');
    assert.deepStrictEqual(p.codeLines!.map((l) => [l.text, l.emphasis]), [
      ['int main() {', 'bbb'],
      ['  return 0;', undefined],
      ['}', undefined],
    ]);
    assert.strictEqual(at(t, p.codeLines![1].span), '  return 0;');
  });

  it('code lines: CR LF ends a line, a lone CR is text; a macro definition keeps its lines', () => {
    const t = '\\c a long line of code\r\n\\c x\ry\r\n\n\\define{m} first line, long enough\r\nsecond\n';
    const r = parseFile(t);
    assert.deepStrictEqual(r.paragraphs.map((p) => p.codeLines?.map((l) => l.text)), [['a long line of code', 'x\ry']]);
    assert.deepStrictEqual(r.macroDefs.map((d) => d.text), ['first line, long enough\nsecond']);
  });

  it('lists, \\lcont and \\quote blocks, comments', () => {
    const t = '\\b One.\n\n\\lcont{\n\n\\n Inner.\n\n}\n\n\\quote{\nQuoted.\n}\n\n\\# comment para\n\nText \\#{inline {nested}} more.\n';
    const r = parseFile(t);
    assert.deepStrictEqual(r.paragraphs.map((p) => p.kind), ['bullet', 'lcont-push', 'numbered', 'lcont-pop', 'quote-push', 'normal', 'quote-pop', 'normal']);
    assert.deepStrictEqual(r.blocks.map((b) => [b.kind, at(t, b.span).replace(/\n/g, '|')]), [
      ['lcont', '\\lcont{||\\n Inner.||}'],
      ['quote', '\\quote{|Quoted.|}'],
    ]);
    assert.deepStrictEqual(r.comments.map((c) => at(t, c.span)), ['\\# comment para', '\\#{inline {nested}}']);
    assert.strictEqual(plainText(wordsOf(r, r.paragraphs[7]), r.text), 'Text more.');
  });

  it('\\cfg, \\BR, \\nocite, \\IM keywords; \\W links; \\u characters', () => {
    const t = '\\cfg{html-contents-filename}\n  {index.html}\n\n\\BR{b} [B]\n\n\\nocite{b}{c}\n\n\\IM{x}{y} Rewritten\n\nSee \\W{https://example.org/}{the site} and \\u00e9{e}.\n';
    const r = parseFile(t);
    assert.deepStrictEqual(r.paragraphs.map((p) => [p.kind, p.keywords.map((k) => k.text)]), [
      ['cfg', ['html-contents-filename', 'index.html']],
      ['br', ['b']],
      ['nocite', ['b', 'c']],
      ['im', ['x', 'y']],
      ['normal', []],
    ]);
    assert.deepStrictEqual(r.links.map((l) => [l.url, at(t, l.urlSpan)]), [['https://example.org/', 'https://example.org/']]);
    assert.strictEqual(plainText(wordsOf(r, r.paragraphs[4]), r.text), 'See the site and \u00e9.');
  });

  it('never throws, and recovers to the end of the file', () => {
    const inputs = ['', '\\', '{', '}', '\\c', '\\define', '\\define{', '\\k{', '\\W{x}', '\\u', '\\#{', '\\lcont', '\\quote{', '\\S99999{x} y', '\\u1F600 x', '\r\n\r\n', '\ufeff\\C{x} y'];
    for (const s of inputs) assert.doesNotThrow(() => parseFile(s), s);
    const r = parseFile('Bad } brace.\n\n\\C{ok} Fine\n');
    assert.strictEqual(r.paragraphs.at(-1)!.kind, 'chapter');
  });
});

describe('parser: running text is read again when shown', () => {
  const macros = (name: string) => (name === 'dash' ? '\\u2013{-}' : undefined);
  const sample =
    '\\define{both} \\e{macro} text\n\n\\C{c} Chapter \\e{title}\n\nRunning \\both with \\ii{Lower Case} and \\u00e9{e} \\dash x.\n\n' +
    '\\b A bullet.\n\n\\n{item} A keyed item.\n\n\\n An item.\n\n\\dt Term\n\n\\dd Definition\n\n\\B{bib} A \\W{http://x/}{book}.\n\n' +
    '\\quote{\n\nQuoted \\c{code}.\n\n\\b Inside.\n\n}\n\n\\IM{tag} Rewrite\n\n\\title The \\q{title}\n\nLast \\#{comment} words.\n';

  it('a parse keeps the words of what names something, and of no running text', () => {
    const r = parseFile(sample, macros);
    const kept = r.paragraphs.filter((p) => p.words !== undefined && p.words.length > 0).map((p) => p.kind);
    assert.deepStrictEqual(kept, ['chapter', 'numbered', 'biblio', 'im', 'title']);
    assert.deepStrictEqual(
      r.paragraphs.filter((p) => p.words === undefined).map((p) => p.kind),
      ['normal', 'bullet', 'numbered', 'dt', 'dd', 'normal', 'bullet', 'normal'],
    );
  });

  it('the words read again are those a parse keeping every word has, at the same places', () => {
    // The second ends inside a block that is never closed: no checkpoint follows its paragraphs.
    for (const text of [sample, sample + '\\quote{\n\nUnclosed \\e{block} text.\n\nMore \\ii{words}.\n']) {
      const r = parseFile(text, macros);
      const all = parseFile(text, macros, true);
      assert.strictEqual(r.paragraphs.length, all.paragraphs.length);
      r.paragraphs.forEach((p, i) => assert.deepStrictEqual(JSON.parse(JSON.stringify(wordsOf(r, p))), JSON.parse(JSON.stringify(all.paragraphs[i].words)), `paragraph ${i} (${p.kind})`));
      assert.ok(r.indexUses.length > 0 && r.indexUses.every((u) => u.words === undefined));
      r.indexUses.forEach((u, i) => assert.deepStrictEqual(JSON.stringify(indexWordsOf(r, u)), JSON.stringify(all.indexUses[i].words), `index term ${i}`));
    }
    const r = parseFile(sample, macros);
    assert.strictEqual(plainText(wordsOf(r, r.paragraphs[1]), sample), 'Running macro text with Lower Case and \u00e9 \u2013 x.');
  });

  it('items a macro’s text makes at one place read again each as itself (found by review)', () => {
    // All start at the macro's use: a `}` in its text splits a paragraph, two \\i make two terms.
    for (const text of ['\\define{m} a}b\n\nx\n\n\\m\n\ny\n', '\\define{m} \\i{a} \\i{b}\n\nSee \\m.\n', '\\define{m} \\e{a}}\\i{c}b}\\i{d}\n\n\\m \\m\n']) {
      const r = parseFile(text);
      const all = parseFile(text, undefined, true);
      r.paragraphs.forEach((p, i) => assert.strictEqual(JSON.stringify(wordsOf(r, p)), JSON.stringify(all.paragraphs[i].words), `${JSON.stringify(text)}: paragraph ${i}`));
      r.indexUses.forEach((u, i) => assert.strictEqual(JSON.stringify(indexWordsOf(r, u)), JSON.stringify(all.indexUses[i].words), `${JSON.stringify(text)}: index term ${i}`));
    }
  });

  it('every paragraph and index term of the corpus reads again as a parse keeping every word has it', function () {
    const files = [...PUTTY_MANUAL.map((f) => path.join(puttyDir, f)), ...HALIBUT_MANUAL.map((f) => path.join(halibutDir, f))].filter((f) => fs.existsSync(f));
    if (files.length === 0) this.skip();
    let paragraphs = 0;
    for (const f of files) {
      const text = decode(fs.readFileSync(f));
      const r = parseFile(text, macros);
      const all = parseFile(text, macros, true);
      r.paragraphs.forEach((p, i) => {
        if (p.words) return;
        paragraphs++;
        assert.deepStrictEqual(JSON.stringify(wordsOf(r, p)), JSON.stringify(all.paragraphs[i].words), `${f}: paragraph ${i}`);
      });
      r.indexUses.forEach((u, i) => assert.deepStrictEqual(JSON.stringify(indexWordsOf(r, u)), JSON.stringify(all.indexUses[i].words), `${f}: index term ${i}`));
    }
    assert.ok(paragraphs > 3000, `${paragraphs} paragraphs read again`);
  });

  it('a parse keeping no running text is otherwise the parse keeping every word', function () {
    // Running text makes no word objects at all, but what it had still decides what the parse
    // finds: a paragraph of only \\I{} or only a \\u fallback, index tags, leading spaces.
    const tricky = ['\\I{invisible} \\I{only}\n', '\\i{Visible term} starts\n', '\\I{a} then words\n', '  \\u00e9{e} first\n', '\\ii{Lower Case} x\n', '\\#{c} \\I{x}\n', '\\I{\\u00fc{u}} y\n'];
    // Running text is read past in one step: where it stops must be where the tokens stop.
    const running = [
      'one-two three\r\nfour\r\n\r\nfive\n', 'a \t b\n \t \nc\n', 'word-\nnext-\n\nx', 'ends with no line break', 'ends with spaces  ',
      'x\n \ny', '\\e{em} words after-\n  a} b\n', 'text \\k{key} more text\n', '- - -- x -\n', 'words\ttab\r\rCR\n\rx\n',
      '\\IM{x} words\n\\IM{y} more\n', '\\BR{x} words\n\\BR{y} more\n', ' \\i{x}y z\n', 'a\u00a0b\u2013c \ud83d\ude00 d\n', 'x \\dash y\n', 'a\0b c\n', '\\define{m} macro words\n\nBefore \\m after words \\m\n', '\\define{m} a}b\n\nx \\m y z\n', '\\{ a \\- b\\_c\n', 'many words '.repeat(1500) + '\n\nnext\n',
    ];
    const files = [...PUTTY_MANUAL.map((f) => path.join(puttyDir, f)), ...HALIBUT_MANUAL.map((f) => path.join(halibutDir, f))].filter((f) => fs.existsSync(f));
    const texts = [sample, ...tricky, tricky.join('\n'), ...running, ...files.map((f) => decode(fs.readFileSync(f)))];
    const withoutWords = (key: string, value: unknown) => (key === 'words' ? undefined : value);
    for (const text of texts) {
      const r = parseFile(text, macros);
      const all = parseFile(text, macros, true);
      const { text: _a, ...ours } = r;
      const { text: _b, ...theirs } = all;
      assert.strictEqual(JSON.stringify(ours, withoutWords), JSON.stringify(theirs, withoutWords), text.slice(0, 60));
    }
    // Halibut keeps a paragraph of nothing but invisible index terms: its terms exist for \\IM.
    const onlyIndex = parseFile('\\I{only} \\I{two}\n\n\\IM{only} Only\n');
    assert.deepStrictEqual(onlyIndex.paragraphs.map((p) => p.kind), ['normal', 'im']);
  });

  it('every \\u written in the file is listed with its character, not those of a macro’s text', () => {
    const t = 'A \\u00e9{e} b \\u2013 c \\I{\\u00fc{u}} \\accent.\n';
    const r = parseFile(t, (name) => (name === 'accent' ? '\\u00e8' : undefined));
    assert.deepStrictEqual(r.uchars.map((u) => [at(t, u.span), u.text, u.codePoint]), [['\\u00e9', '\u00e9', 0xe9], ['\\u2013', '\u2013', 0x2013], ['\\u00fc', '\u00fc', 0xfc]]);
  });
});
