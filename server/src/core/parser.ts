/**
 * Halibut's paragraph parser (input.c's read_file), reproduced decision for
 * decision so that every input error halibut reports is reported here at the
 * same token, and every construct is recorded with its exact source span.
 *
 * Unlike halibut it never stops: each error recovers the way halibut's own
 * recovery does, and parsing goes on to the end of the file.
 */

import { appendCheckpoint, Checkpoint } from './checkpoints';
import { Cmd, Lexer, SourceWord, Tok, Token } from './lexer';
import { SourceText, Text } from './text';
import { Message, msg } from './messages';
import {
  Anchor,
  Block,
  CodeLine,
  Diagnostic,
  FILE_START,
  IndexUse,
  Inline,
  Keyword,
  MacroDef,
  ParaKind,
  Paragraph,
  PARSED_LISTS,
  ParsedFile,
  ParsedSpan,
  TextWord,
  Span,
  Style,
} from './syntax';

/** Macros visible to a file: those defined by earlier files of its document set. */
export type MacroLookup = (name: string) => string | undefined;

const NO_MACROS: MacroLookup = () => undefined;

/** halibut's `needkw` flags. */
const enum Need {
  None = -1,
  One = 1,
  AtLeastOne = 2,
  Any = 4,
  OnlyKeywords = 8,
  Nothing = 16,
  NoKeywords = 32,
}

const enum StackType {
  Nop = 0,
  UAlt = 1,
  Style = 2,
  Idx = 4,
  Hyper = 8,
  Quote = 16,
}

interface StackItem {
  type: number;
  open: Span;
  savedSink?: Inline[] | null;
  savedIdxSink?: Inline[] | null;
}

/** What a paragraph's body has open while it is read. */
interface BodyState {
  stack: StackItem[];
  style: Style;
  /** The paragraph's own words (kept only if `keep`), and the list words go to now. */
  main: Inline[];
  sink: Inline[] | null;
  idxSink: Inline[] | null;
  indexing: boolean;
  indexStr: string;
  indexUse: IndexUse | undefined;
  indexVisible: boolean;
  indexDowncase: boolean;
  seenWhite: boolean;
  iswhite: boolean;
  keep: boolean;
  mainCount: number;
  lastEnd: number;
}

function styleOf(c: Cmd): Style {
  return c === Cmd.c ? Style.Code : c === Cmd.cw ? Style.WeakCode : c === Cmd.s ? Style.Strong : Style.Emph;
}

interface CrossItem {
  kind: 'lcont' | 'quote' | null;
  seenLcont: boolean;
  seenQuote: boolean;
  block?: Block;
}

const HEADING_KINDS: ReadonlySet<ParaKind> = new Set(['chapter', 'heading', 'appendix', 'unnumbered']);

/**
 * Inline items with no text or place of their own, shared and frozen: a file has about as many
 * spaces as words, and one object per gap was a fifth of the syntax tree.
 */
const STYLES = [Style.Normal, Style.Emph, Style.Strong, Style.Code, Style.WeakCode];
const SPACES: readonly Inline[] = STYLES.map((style) => Object.freeze({ t: 'space' as const, style }));
const QUOTES_OPEN: readonly Inline[] = STYLES.map((style) => Object.freeze({ t: 'quote' as const, open: true, style }));
const QUOTES_CLOSE: readonly Inline[] = STYLES.map((style) => Object.freeze({ t: 'quote' as const, open: false, style }));
const LINK_END: Inline = Object.freeze({ t: 'linkEnd' as const });
const NO_WORDS: readonly Inline[] = Object.freeze([]);
const NO_KEYWORDS: readonly Keyword[] = Object.freeze([]);

/**
 * Whether a parse keeps a paragraph's words: those of headings, bibliography entries, keyed
 * list items, index rewrites and the title are shown as names (outline, hovers, citations),
 * read for every file of a set; running text, nine tenths of the words, is shown only in a
 * hover's preview and is read again then (wordsOf).
 */
function keepsWords(par: Paragraph): boolean {
  switch (par.kind) {
    case 'normal':
    case 'bullet':
    case 'dt':
    case 'dd':
      return false;
    case 'numbered':
      return par.keywords.length > 0;
    default:
      return true;
  }
}

/** `allWords`: keep the words of every paragraph, not only those keepsWords names. */
export function parseFile(text: SourceText, macros: MacroLookup = NO_MACROS, allWords = false): ParsedFile {
  return new FileParser(text, macros, undefined, allWords, text.length).run();
}

/** Parsing part of a file: from a checkpoint (else the start), until `stop` accepts a checkpoint (else the end). */
export interface PartialParse {
  from?: Checkpoint;
  /** The file's macro definitions before `from`, in order. */
  macrosBefore?: readonly MacroDef[];
  stop: (at: Checkpoint, out: ParsedFile) => boolean;
  /**
   * Stop once a paragraph starting after this offset has been read (no checkpoint needed):
   * every paragraph starting at it is read, as a macro's text can split one (they all start
   * at the macro's use).
   */
  until?: number;
  /** How far the part is expected to read: a window of the text to there is read first (see Text.window). */
  readsTo?: number;
}

/** The lists (and checkpoints) of the part parsed, and where it stopped (undefined: at the end). */
export function parsePart(text: SourceText, macros: MacroLookup, part: PartialParse, allWords = false): { out: ParsedFile; stoppedAt?: Checkpoint } {
  const from = part.from?.offset ?? 0;
  // Read a window of the text; one the parse ran out of is read again, twice as long.
  for (let to = Math.max(part.readsTo ?? 0, part.until ?? 0, from) + 1024; ; to = from + 2 * (to - from)) {
    const p = new FileParser(text, macros, part, allWords, to);
    const out = p.run();
    if (!p.truncated) return { out, stoppedAt: p.stoppedAt };
  }
}

class FileParser {
  private readonly lx: Lexer;
  private t: Token;
  private already: boolean;
  private prevKind: ParaKind | 'none' = 'none';
  private readonly cross: CrossItem[] = [];
  private readonly localMacros = new Map<string, MacroDef>();
  private readonly out: ParsedFile;
  private anchor: Anchor = FILE_START;
  /** The anchor's offset. */
  private anchorAt = 0;

  stoppedAt?: Checkpoint;

  constructor(
    text: SourceText,
    private readonly external: MacroLookup,
    private readonly part: PartialParse | undefined,
    private readonly allWords: boolean,
    readsTo: number,
  ) {
    const from = part?.from?.offset ?? 0;
    const { src, base } = typeof text === 'string' ? { src: text, base: 0 } : (text as Text).window(from, readsTo);
    this.lx = new Lexer(src, from, base + src.length, base, text.length);
    this.out = {
      text,
      paragraphs: [],
      xrefs: [],
      indexUses: [],
      macroUses: [],
      macroDefs: [],
      links: [],
      uchars: [],
      comments: [],
      blocks: [],
      diagnostics: [],
      externalLookups: new Map(),
      checkpoints: [],
    };
    this.t = this.lx.next();
    // Whitespace at the very start of a file is not a paragraph break.
    this.already = this.ty() !== Tok.White;
    if (part?.from) {
      this.already = true;
      this.prevKind = part.from.prevKind;
      // The macros the file defined before the checkpoint, as its own definitions left them.
      for (const def of part.macrosBefore ?? []) if (!this.localMacros.has(def.name) && this.external(def.name) === undefined) this.localMacros.set(def.name, def);
    }
  }

  /** Whether the lexer ran out of its window of the text: the parse is not the text's. */
  get truncated(): boolean {
    return this.lx.truncated;
  }

  /** The current token's type (a call, so that TypeScript does not narrow it across next()). */
  private ty(): Tok {
    return this.t.type;
  }

  private next(): Token {
    this.t = this.lx.next();
    return this.t;
  }

  private error(span: Span, m: Message, extra?: Partial<Diagnostic>): void {
    this.out.diagnostics.push({ span, severity: 'error', message: m[0], code: m[1], ...extra });
  }

  /** A span of this parse, counted from the checkpoint before it. */
  private span(start: number, end: number): Span {
    return new ParsedSpan(this.anchor, this.anchorAt, start, end);
  }

  private tokSpan(t: Token = this.t): Span {
    return this.span(t.start, Math.max(t.end, t.start));
  }

  /** Where halibut reports a problem with token t: the token itself, at least one character. */
  private at(t: Token = this.t): Span {
    const text = this.out.text;
    if (t.type === Tok.Eop || t.type === Tok.White) {
      // Point at the line break that ends the line, not the whole gap.
      return this.span(t.start, t.start + (text.charCodeAt(t.start) === 13 && text.charCodeAt(t.start + 1) === 10 ? 2 : 1));
    }
    if (t.type === Tok.Eof) return this.span(t.start, t.start);
    return this.tokSpan(t);
  }

  /** Look a command up as a macro and push its expansion (halibut's macrolookup). */
  private expandMacro(t: Token, atParagraphStart: boolean): boolean {
    const local = this.localMacros.get(t.text);
    let body: string | undefined;
    if (local) {
      body = local.text;
    } else {
      body = this.external(t.text);
      if (!t.fromMacro) this.out.externalLookups.set(t.text, body);
      else if (!this.out.externalLookups.has(t.text)) this.out.externalLookups.set(t.text, body);
    }
    if (body === undefined) return false;
    if (!t.fromMacro) this.out.macroUses.push({ name: t.text, span: this.tokSpan(t), atParagraphStart });
    if (!this.lx.pushMacro(t.text, body, t.start, t.end)) {
      // Reported once; the use is then treated as handled, so no second error follows.
      if (!this.out.diagnostics.some((d) => d.code === 'macro-recursion' && d.span.start === t.start)) this.error(this.tokSpan(t), msg.macroLoop(t.text));
    }
    return true;
  }

  run(): ParsedFile {
    // Halibut stops reading a file at a NUL; we report each one and read on.
    if (!this.part) {
      // A whole file's parse reads it all, from one window.
      const all = this.lx.src;
      for (let i = all.indexOf('\0'); i >= 0; i = all.indexOf('\0', i + 1)) {
        this.error(this.span(i, i + 1), msg.zeroChar());
      }
    }
    for (;;) {
      do {
        if (!this.already) this.next();
        this.already = false;
      } while (this.ty() === Tok.Eop);
      if (this.ty() === Tok.Eof) break;
      if (this.cross.length === 0 && this.lx.atSourceBoundary && !this.t.fromMacro) {
        const at = new Checkpoint(this.t.start, this.prevKind, this.out.diagnostics.length);
        if (this.part?.stop(at, this.out)) {
          this.stoppedAt = at;
          return this.out;
        }
        appendCheckpoint(this.out.checkpoints, at);
        this.anchor = at;
        this.anchorAt = at.offset;
      }
      this.paragraph();
      if (this.part?.until !== undefined && (this.out.paragraphs.at(-1)?.span.start ?? -1) > this.part.until) return this.out;
    }
    if (this.cross.length > 0) {
      const open = this.cross.find((c) => c.block)?.block;
      this.error(this.at(), msg.missingRBrace2(), open ? { related: [{ span: open.open, message: 'the block opened here is not closed' }] } : undefined);
      for (const c of this.cross) if (c.block) c.block.span.end = this.out.text.length;
    }
    return this.out;
  }

  private addPara(p: Paragraph): void {
    this.prevKind = p.kind;
    this.out.paragraphs.push(p);
  }

  private newPara(kind: ParaKind, cmd: Token | undefined, start: number): Paragraph {
    return {
      kind,
      level: 0,
      span: this.span(start, start),
      cmdSpan: cmd ? this.tokSpan(cmd) : this.span(start, start),
      cmdName: cmd ? cmd.text : '',
      keywords: NO_KEYWORDS,
      words: NO_WORDS,
      kept: true,
    };
  }

  private paragraph(): void {
    let t = this.t;
    const start = t.start;

    if (t.type === Tok.Cmd && t.cmd === Cmd.c && !this.lx.isBrace()) {
      this.codeParagraph();
      return;
    }

    if (t.type === Tok.Cmd && (t.cmd === Cmd.lcont || t.cmd === Cmd.quote)) {
      this.openBlock(t);
      return;
    }
    if (t.type === Tok.RBrace) {
      const item = this.cross.pop();
      if (!item) {
        this.error(this.at(t), msg.unexpectedBrace());
      } else {
        if (item.block) {
          item.block.close = this.tokSpan(t);
          item.block.span.end = t.end;
        }
        if (item.kind) {
          const p = this.newPara(item.kind === 'lcont' ? 'lcont-pop' : 'quote-pop', t, start);
          p.span.end = t.end;
          this.addPara(p);
        }
      }
      return;
    }

    while (t.type === Tok.Cmd && this.expandMacro(t, true)) t = this.next();

    const par = this.newPara('normal', undefined, t.start);
    let startCmd = Cmd.Invalid;
    if (t.type === Tok.Cmd) {
      let need = Need.None;
      let isMacro = false;
      par.cmdSpan = this.tokSpan(t);
      par.cmdName = t.text;
      switch (t.cmd) {
        case Cmd.Invalid:
          this.error(this.tokSpan(t), msg.badParaType(t.text));
          need = Need.Any;
          break;
        case Cmd.Comment:
          if (this.lx.isBrace()) break;
          do this.next();
          while (this.ty() !== Tok.Eop && this.ty() !== Tok.Eof);
          this.out.comments.push({ span: this.span(start, this.lastEnd(start)) });
          return;
        case Cmd.A: need = Need.AtLeastOne; par.kind = 'appendix'; break;
        case Cmd.B: need = Need.AtLeastOne; par.kind = 'biblio'; break;
        case Cmd.BR: need = Need.One; par.kind = 'br'; startCmd = Cmd.BR; break;
        case Cmd.C: need = Need.AtLeastOne; par.kind = 'chapter'; break;
        case Cmd.H: need = Need.AtLeastOne; par.kind = 'heading'; par.level = 0; break;
        case Cmd.IM: need = Need.AtLeastOne; par.kind = 'im'; startCmd = Cmd.IM; break;
        case Cmd.S: need = Need.AtLeastOne; par.kind = 'heading'; par.level = t.aux; break;
        case Cmd.U: need = Need.NoKeywords; par.kind = 'unnumbered'; break;
        case Cmd.b: need = Need.Any; par.kind = 'bullet'; break;
        case Cmd.dt: need = Need.Any; par.kind = 'dt'; break;
        case Cmd.dd: need = Need.Any; par.kind = 'dd'; break;
        case Cmd.n: need = Need.Any; par.kind = 'numbered'; break;
        case Cmd.cfg: need = Need.OnlyKeywords; par.kind = 'cfg'; startCmd = Cmd.cfg; break;
        case Cmd.copyright: need = Need.NoKeywords; par.kind = 'copyright'; break;
        case Cmd.define: isMacro = true; need = Need.One; break;
        case Cmd.nocite: need = Need.OnlyKeywords; par.kind = 'nocite'; break;
        case Cmd.preamble: need = Need.NoKeywords; break;
        case Cmd.rule: need = Need.Nothing; par.kind = 'rule'; break;
        case Cmd.title: need = Need.NoKeywords; par.kind = 'title'; break;
        case Cmd.versionid: need = Need.NoKeywords; par.kind = 'versionid'; break;
        default: break;
      }

      if (HEADING_KINDS.has(par.kind)) {
        const top = this.cross[this.cross.length - 1];
        if (top && (top.seenLcont || top.seenQuote)) {
          this.error(this.tokSpan(t), msg.sectInBlock(top.seenLcont ? 'lcont' : 'quote'));
        }
      }

      if (need > 0) {
        if (this.keywords(par, need, isMacro)) return;
      }
    }
    this.body(par, startCmd);
  }

  /** Whether a token's text is the file's text at its place (not an escape, nor a macro's). */
  private isSourceText(t: Token): boolean {
    return !t.fromMacro && t.end - t.start === t.text.length && this.lx.src.startsWith(t.text, t.start - this.lx.base);
  }

  /** End of the last token read, not before `min`. */
  private lastEnd(min: number): number {
    return Math.max(min, this.ty() === Tok.Eop || this.ty() === Tok.Eof ? this.t.start : this.t.end);
  }

  private codeParagraph(): void {
    const start = this.t.start;
    const par = this.newPara('code', this.t, start);
    const lines: CodeLine[] = [];
    par.codeLines = lines;
    let emph = false;
    for (;;) {
      const line = this.lx.codeLine();
      if (emph && lines.length > 0) lines[lines.length - 1].emphasis = line.text;
      else lines.push({ text: line.text, span: this.span(line.start, line.end) });
      par.span.end = Math.max(par.span.end, line.end);
      this.next();
      if (this.ty() === Tok.White) this.next();
      const t = this.t;
      if (t.type === Tok.Eop || t.type === Tok.Eof || t.type === Tok.RBrace) {
        if (t.type === Tok.RBrace) this.already = true;
        break;
      } else if (t.type === Tok.Cmd && t.cmd === Cmd.c) {
        emph = false;
      } else if (t.type === Tok.Cmd && (t.cmd === Cmd.e || t.cmd === Cmd.s) && !emph) {
        emph = true;
      } else {
        this.error(this.at(t), msg.brokenCodePara());
        this.addPara(par);
        // Halibut eats the rest of the paragraph (and would hang at end of file).
        while (this.ty() !== Tok.Eop && this.ty() !== Tok.Eof) this.next();
        par.span.end = this.lastEnd(par.span.end);
        return;
      }
    }
    par.codeLines = lines.slice();
    this.addPara(par);
  }

  private openBlock(cmdTok: Token): void {
    const kind = cmdTok.cmd === Cmd.lcont ? 'lcont' : 'quote';
    this.next();
    if (this.ty() !== Tok.LBrace) {
      this.error(this.at(), msg.expectedLBrace());
      return;
    }
    const block: Block = {
      kind,
      span: this.span(cmdTok.start, this.t.end),
      open: this.span(cmdTok.start, this.t.end),
    };
    do this.next();
    while (this.ty() === Tok.White);
    this.already = true;
    const top = this.cross[this.cross.length - 1];
    const item: CrossItem = {
      kind: null,
      seenLcont: top ? top.seenLcont : false,
      seenQuote: top ? top.seenQuote : false,
      block,
    };
    if (kind === 'lcont') {
      if (this.prevKind === 'bullet' || this.prevKind === 'numbered' || this.prevKind === 'dd') {
        item.kind = 'lcont';
        item.seenLcont = true;
        const p = this.newPara('lcont-push', cmdTok, cmdTok.start);
        p.span.end = block.open.end;
        this.addPara(p);
      } else {
        this.error(this.at(), msg.misplacedLcont(), {
          related: [{ span: block.open, message: '\\lcont must follow a \\b, \\n or \\dd paragraph' }],
        });
      }
    } else {
      item.kind = 'quote';
      item.seenQuote = true;
      const p = this.newPara('quote-push', cmdTok, cmdTok.start);
      p.span.end = block.open.end;
      this.addPara(p);
    }
    this.out.blocks.push(block);
    this.cross.push(item);
  }

  /**
   * Read the keywords after a paragraph command. Returns true when the
   * paragraph is finished (macro definitions and keyword-only paragraphs).
   */
  private keywords(par: Paragraph, need: Need, isMacro: boolean): boolean {
    this.next();
    const fp = this.t;
    const lenient = (need & (Need.OnlyKeywords | Need.Nothing)) !== 0;
    const keywords: Keyword[] = [];
    let nkeys = 0;
    while (this.ty() === Tok.LBrace || (this.ty() === Tok.White && lenient)) {
      if (this.ty() === Tok.White) {
        this.next();
        continue;
      }
      nkeys++;
      const open = this.t;
      let kw = '';
      let lastEnd = open.end;
      for (;;) {
        const t = this.next();
        if (t.type === Tok.White || (t.type === Tok.Cmd && t.cmd === Cmd.Nbsp)) kw += ' ';
        else if (t.type === Tok.Cmd && t.cmd === Cmd.u) kw += String.fromCodePoint(Math.min(t.aux, 0x10ffff));
        else if (t.type === Tok.Word || (t.type === Tok.Cmd && t.cmd === Cmd.Escaped)) kw += t.text;
        else break;
        lastEnd = t.end;
      }
      const keyword: Keyword = {
        text: kw,
        span: this.span(open.end, Math.max(open.end, lastEnd)),
        braced: this.span(open.start, lastEnd),
      };
      keywords.push(keyword);
      if (this.ty() !== Tok.RBrace) {
        this.error(this.at(), msg.kwUnclosed(), {
          related: [{ span: this.tokSpan(open), message: 'the keyword opened here' }],
        });
        continue;
      }
      keyword.braced.end = this.t.end;
      this.next();
    }
    // Trimmed: a pushed array keeps room for 16 more, and most paragraphs have one keyword.
    if (keywords.length > 0) par.keywords = keywords.slice();
    const fpSpan = this.at(fp);
    if ((need & (Need.Nothing | Need.NoKeywords)) && nkeys > 0) this.error(fpSpan, msg.kwIllegal());
    if ((need & (Need.One | Need.AtLeastOne | Need.OnlyKeywords)) && nkeys === 0) this.error(this.keywordExpectedSpan(par, fp), msg.kwExpected());
    if ((need & (Need.One | Need.Any)) && nkeys > 1) {
      this.error(this.span(par.keywords[1].braced.start, par.keywords[nkeys - 1].braced.end), msg.kwTooMany());
    }

    if (isMacro) {
      const lines: string[] = [];
      for (;;) {
        const line = this.lx.codeLine();
        lines.push(line.text);
        this.next();
        if (this.ty() === Tok.Eop || this.ty() === Tok.Eof) break;
      }
      const name = par.keywords.length > 0 ? par.keywords[0] : undefined;
      const def: MacroDef = {
        name: name ? name.text : '',
        text: lines.join('\n'),
        span: this.span(par.cmdSpan.start, this.lastEnd(par.cmdSpan.end)),
        nameSpan: name ? name.span : fpSpan,
        reportAt: fpSpan,
      };
      this.out.macroDefs.push(def);
      if (this.localMacros.has(def.name) || this.external(def.name) !== undefined) {
        const earlier = this.localMacros.get(def.name);
        this.error(def.nameSpan.end > def.nameSpan.start ? def.nameSpan : fpSpan, msg.macroExists(def.name), earlier ? { related: [{ span: earlier.nameSpan, message: 'first defined here' }] } : undefined);
        if (!earlier) this.out.externalLookups.set(def.name, this.external(def.name));
      } else {
        this.localMacros.set(def.name, def);
        if (!this.out.externalLookups.has(def.name)) this.out.externalLookups.set(def.name, undefined);
      }
      return true;
    }

    if (lenient) {
      while (this.ty() === Tok.White) this.next();
      const startCmd = par.kind === 'cfg' ? Cmd.cfg : Cmd.Invalid;
      const isStart = () => startCmd !== Cmd.Invalid && this.ty() === Tok.Cmd && this.t.cmd === startCmd;
      if (this.ty() !== Tok.Eop && this.ty() !== Tok.Eof && !isStart()) {
        const from = this.t.start;
        while (this.ty() !== Tok.Eop && this.ty() !== Tok.Eof && !isStart()) this.next();
        const to = this.ty() === Tok.Eop || this.ty() === Tok.Eof ? this.trimEnd(this.t.start) : this.t.start;
        this.error(this.span(from, Math.max(to, from + 1)), msg.bodyIllegal());
      }
      if (this.ty() === Tok.Cmd) this.already = true;
      par.span.end = Math.max(par.cmdSpan.end, ...par.keywords.map((k) => k.braced.end));
      this.addPara(par);
      return true;
    }
    return false;
  }

  /** Where to report a missing keyword: just after the command. */
  private keywordExpectedSpan(par: Paragraph, fp: Token): Span {
    if (fp.type === Tok.Eop || fp.type === Tok.White || fp.type === Tok.Eof) return this.span(par.cmdSpan.start, par.cmdSpan.end);
    return this.at(fp);
  }

  private trimEnd(pos: number): number {
    const text = this.out.text;
    while (pos > 0 && /\s/.test(String.fromCharCode(text.charCodeAt(pos - 1)))) pos--;
    return pos;
  }

  /** The body of a paragraph: halibut's word-by-word loop (the common tokens; commands in bodyCommand). */
  private body(par: Paragraph, startCmd: Cmd): void {
    // Running text keeps no words (keepsWords), but how many it had still counts.
    const keep = this.allWords || keepsWords(par);
    const main: Inline[] = [];
    const b: BodyState = {
      stack: [],
      style: Style.Normal,
      main,
      sink: main,
      idxSink: null,
      indexing: false,
      indexStr: '',
      indexUse: undefined,
      indexVisible: false,
      indexDowncase: false,
      seenWhite: true,
      iswhite: false,
      keep,
      mainCount: 0,
      lastEnd: Math.max(par.cmdSpan.end, ...par.keywords.map((k) => k.braced.end)),
    };
    while (this.ty() !== Tok.Eop && this.ty() !== Tok.Eof) {
      b.iswhite = false;
      this.already = false;
      let t = this.t;

      if (startCmd !== Cmd.Invalid && t.type === Tok.Cmd && t.cmd === startCmd) {
        this.already = true;
        break;
      }
      if (t.type === Tok.Cmd && t.cmd === Cmd.Nop) {
        b.lastEnd = t.end;
        this.next();
        continue;
      }
      if (t.type !== Tok.White && t.type !== Tok.RBrace) b.lastEnd = Math.max(b.lastEnd, t.end);
      else if (t.type === Tok.RBrace && b.stack.length > 0) b.lastEnd = Math.max(b.lastEnd, t.end);
      const escaped = t.type === Tok.Cmd && t.cmd === Cmd.Escaped;
      const nbsp = t.type === Tok.Cmd && t.cmd === Cmd.Nbsp;
      if (escaped || nbsp || t.type === Tok.Word) {
        // A word as the source has it keeps no text of its own, however the lexer read it.
        const own = nbsp ? ' ' : t instanceof SourceWord || this.isSourceText(t) ? undefined : t.text;
        if (b.indexing) b.indexStr += own ?? t.text;
        if (this.wanted(b)) this.add(b, new TextWord(this.anchor, this.anchorAt, t.start, Math.max(t.end, t.start), own, b.style));
        else if (!b.indexing || b.indexVisible) {
          b.mainCount++;
          // The words and spaces after it would only be counted (a paragraph that keeps no words
          // is running text, not \IM, \BR or \cfg): read past them at once.
          if (!b.indexing && this.lx.atSourceBoundary) b.lastEnd = Math.max(b.lastEnd, this.lx.skipRunningText());
        }
      } else if (t.type === Tok.White) {
        if (b.sink === b.main && b.mainCount === 0) {
          // Whitespace at the start of a paragraph is dropped.
        } else {
          let skip = false;
          if (startCmd !== Cmd.Invalid) {
            // Whitespace (the newline) before a repeated \IM or \BR is not text.
            t = this.next();
            this.already = true;
            if (t.type === Tok.Cmd && t.cmd === startCmd) skip = true;
          }
          if (!skip) {
            if (b.indexing) b.indexStr += ' ';
            this.add(b, SPACES[b.style]);
            b.iswhite = true;
          }
        }
        if (this.already) {
          b.seenWhite = b.iswhite;
          continue;
        }
      } else if (t.type === Tok.LBrace) {
        this.error(this.at(t), msg.unexpectedBrace());
        b.stack.push({ type: StackType.Nop, open: this.tokSpan(t) });
      } else if (t.type === Tok.RBrace) {
        const item = b.stack.pop();
        if (!item) {
          // May close an enclosing \quote or \lcont: the paragraph ends here.
          this.already = true;
          break;
        }
        if (item.type & StackType.UAlt) {
          b.sink = item.savedSink ?? null;
          b.idxSink = item.savedIdxSink ?? null;
        }
        if (item.type & StackType.Style) b.style = Style.Normal;
        if (item.type & StackType.Idx && b.indexUse) {
          const tag = b.indexDowncase ? b.indexStr.toLowerCase() : b.indexStr;
          if (b.indexUse.words) {
            if (b.indexDowncase) for (const w of b.indexUse.words) if (w.t === 'text') w.own = w.textIn(this.out.text).toLowerCase();
            b.indexUse.words = b.indexUse.words.slice();
          }
          b.indexUse.tag = tag;
          b.indexUse.span.end = t.end;
          b.indexUse.textSpan.end = t.start;
          this.out.indexUses.push(b.indexUse);
          b.indexing = false;
        }
        if (item.type & StackType.Hyper) this.add(b, LINK_END);
        if (item.type & StackType.Quote) {
          this.add(b, QUOTES_CLOSE[b.style]);
          if (b.indexing) b.indexStr += '"';
        }
      } else if (t.type === Tok.Cmd) {
        this.bodyCommand(b, t);
      }
      if (!this.already) this.next();
      b.seenWhite = b.iswhite;
    }
    if (b.stack.length > 0) {
      const innermost = b.stack[b.stack.length - 1];
      this.error(this.at(), msg.missingRBrace(), {
        related: [{ span: innermost.open, message: 'this brace is never closed' }],
      });
      if (b.indexing && b.indexUse) {
        b.indexUse.span.end = this.t.start;
        b.indexUse.textSpan.end = this.t.start;
      }
    }
    par.span = this.span(par.span.start, Math.max(par.span.start, b.lastEnd));
    this.prevKind = par.kind;
    par.kept = b.mainCount > 0;
    // An array grown by pushing keeps room to grow by half again; the tree keeps it for good.
    par.words = b.keep ? b.main.slice() : undefined;
    if (par.kept) this.out.paragraphs.push(par);
    if (this.ty() === Tok.Eof) this.already = true;
  }

  /** A command inside a paragraph's body. */
  private bodyCommand(b: BodyState, t: Token): void {
    switch (t.cmd) {
      case Cmd.Comment: {
        const cstart = t.start;
        this.next();
        if (this.ty() !== Tok.LBrace) {
          this.error(this.at(), msg.expectedLBrace());
        } else {
          let braces = 1;
          while (braces > 0) {
            this.next();
            if (this.ty() === Tok.LBrace) braces++;
            else if (this.ty() === Tok.RBrace) braces--;
            else if (this.ty() === Tok.Eof) {
              this.error(this.at(), msg.commentEof(), {
                related: [{ span: this.span(cstart, cstart + 3), message: 'the comment opened here' }],
              });
              break;
            }
          }
          this.out.comments.push({ span: this.span(cstart, this.ty() === Tok.Eof ? this.out.text.length : this.t.end) });
          b.lastEnd = this.t.end;
        }
        if (b.seenWhite) {
          this.already = true;
          this.next();
          if (this.ty() === Tok.White) {
            b.iswhite = true;
            this.already = false;
          }
        }
        break;
      }
      case Cmd.q:
      case Cmd.cq: {
        const type = t.cmd;
        this.next();
        if (this.ty() !== Tok.LBrace) {
          this.error(this.at(), msg.expectedLBrace());
        } else {
          let stype: number;
          if (b.style !== Style.Code && b.style !== Style.WeakCode) {
            this.add(b, QUOTES_OPEN[b.style]);
            if (b.indexing) b.indexStr += '"';
            stype = StackType.Quote;
          } else {
            this.error(this.at(), msg.codeQuote());
            stype = StackType.Nop;
          }
          const item: StackItem = { type: stype, open: this.tokSpan() };
          if (type === Cmd.cq) {
            if (b.style !== Style.Normal) {
              this.error(this.at(), msg.nestedStyles());
            } else {
              b.style = Style.WeakCode;
              item.type |= StackType.Style;
            }
          }
          b.stack.push(item);
        }
        break;
      }
      case Cmd.K:
      case Cmd.k:
      case Cmd.W:
      case Cmd.date: {
        const cmdTok = t;
        const kind = t.cmd;
        this.next();
        let textVal = '';
        let keySpan: Span = this.span(cmdTok.end, cmdTok.end);
        let closed = false;
        let opened = false;
        if (this.ty() !== Tok.LBrace) {
          if (kind === Cmd.date) {
            this.already = true;
          } else {
            this.error(this.at(), msg.expectedLBrace());
          }
        } else {
          const open = this.t;
          opened = true;
          keySpan = this.span(open.end, open.end);
          for (;;) {
            this.next();
            if (this.ty() === Tok.White) textVal += ' ';
            else if (this.ty() === Tok.Word) textVal += this.t.text;
            else break;
            keySpan.end = this.t.end;
          }
          if (this.ty() !== Tok.RBrace) {
            this.error(this.at(), msg.xrefUnclosed(), {
              related: [{ span: this.tokSpan(open), message: 'the braces opened here' }],
            });
          } else closed = true;
        }
        const span: Span = this.span(cmdTok.start, closed ? this.t.end : keySpan.end);
        b.lastEnd = Math.max(b.lastEnd, span.end);
        if (kind === Cmd.k || kind === Cmd.K) {
          // Without braces there is no keyword to resolve (halibut stops before it would try).
          if (keySpan.start > cmdTok.end || this.ty() === Tok.RBrace || textVal !== '' || opened) {
            this.out.xrefs.push({
              upper: kind === Cmd.K,
              key: textVal,
              span,
              keySpan,
              fromMacro: cmdTok.fromMacro,
              checked: b.sink === b.main && (!b.indexing || b.indexVisible) && (closed || !opened),
            });
          }
          this.add(b, { t: 'xref', key: textVal, upper: kind === Cmd.K, span });
        } else if (kind === Cmd.W) {
          this.out.links.push({ url: textVal, urlSpan: keySpan, span });
          this.add(b, { t: 'link', url: textVal, span });
          this.next();
          const item: StackItem = { type: StackType.Hyper, open: span };
          if (this.ty() === Tok.Cmd && (this.t.cmd === Cmd.i || this.t.cmd === Cmd.ii)) {
            const icmd = this.t;
            if (b.indexing) {
              this.error(this.at(), msg.nestedIndex());
            } else {
              this.startIndex(b, icmd, icmd.cmd, item);
            }
            this.next();
          }
          this.takeStyleCommand(b, item);
          if (this.ty() !== Tok.LBrace) {
            this.error(this.at(), msg.expectedLBrace());
          } else {
            if (b.indexUse && item.type & StackType.Idx) b.indexUse.textSpan = this.span(this.t.end, this.t.end);
            b.stack.push(item);
          }
        } else {
          this.add(b, new TextWord(this.anchor, this.anchorAt, span.start, span.end, '\\date', b.style));
        }
        break;
      }
      case Cmd.c:
      case Cmd.cw:
      case Cmd.e:
      case Cmd.s: {
        const type = t.cmd;
        if (b.style !== Style.Normal) {
          this.error(this.at(), msg.nestedStyles());
          this.next();
          b.stack.push({ type: StackType.Nop, open: this.tokSpan() });
        }
        this.next();
        if (this.ty() !== Tok.LBrace) {
          this.error(this.at(), msg.expectedLBrace());
        } else {
          b.style = styleOf(type);
          b.stack.push({ type: StackType.Style, open: this.tokSpan() });
        }
        break;
      }
      case Cmd.i:
      case Cmd.ii:
      case Cmd.I: {
        const cmdTok = t;
        const type = t.cmd;
        if (b.indexing) {
          this.error(this.at(), msg.nestedIndex());
          this.next();
          b.stack.push({ type: StackType.Nop, open: this.tokSpan() });
        }
        const item: StackItem = { type: StackType.Nop, open: this.tokSpan(cmdTok) };
        this.next();
        this.takeStyleCommand(b, item);
        if (this.ty() !== Tok.LBrace) {
          this.error(this.at(), msg.expectedLBrace());
        } else {
          this.startIndex(b, cmdTok, type, item);
          b.stack.push(item);
        }
        break;
      }
      case Cmd.u: {
        const cp = t.aux;
        if (cp === 0) {
          this.error(this.tokSpan(t), msg.zeroChar());
          break;
        }
        const uText = cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
        const uword: Inline = { t: 'uchar', text: uText, fallback: [], style: b.style, span: this.tokSpan(t) };
        if (!t.fromMacro) this.out.uchars.push({ span: uword.span, text: uText, codePoint: cp });
        const inMain: boolean = b.sink !== null && (!b.indexing || b.indexVisible);
        this.add(b, uword);
        this.next();
        if (this.ty() === Tok.LBrace) {
          b.stack.push({ type: StackType.UAlt, open: this.tokSpan(), savedSink: b.sink, savedIdxSink: b.idxSink });
          b.sink = inMain ? uword.fallback : null;
          b.idxSink = b.indexing ? [] : null;
        } else {
          if (b.indexing) b.indexStr += uText;
          this.already = true;
        }
        break;
      }
      default:
        if (!this.expandMacro(t, false)) {
          this.error(this.tokSpan(t), msg.badMidCmd(t.text));
        }
        break;
    }
  }

  /** Into the current sink (a paragraph that keeps no words only counts its own). */
  private put(b: BodyState, w: Inline): void {
    if (b.sink !== b.main) b.sink?.push(w);
    else {
      b.mainCount++;
      if (b.keep) b.main.push(w);
    }
  }

  private add(b: BodyState, w: Inline): void {
    if (!b.indexing || b.indexVisible) this.put(b, w);
    // A copy: \ii lowercases the index's words, not the text's (only words of text change).
    if (b.indexing && b.idxSink) b.idxSink.push(w.t === 'text' ? w.copy() : w);
  }

  /** Whether a word added now would be kept anywhere: most words of running text are not made at all. */
  private wanted(b: BodyState): boolean {
    return b.keep || b.sink !== b.main || (b.indexing && b.idxSink !== null);
  }

  private startIndex(b: BodyState, cmdTok: Token, type: Cmd, idx: StackItem): void {
    const indexUse: IndexUse = {
      tag: '',
      command: type === Cmd.ii ? 'ii' : type === Cmd.I ? 'I' : 'i',
      visible: type !== Cmd.I,
      cmdSpan: this.tokSpan(cmdTok),
      span: this.span(cmdTok.start, this.t.end),
      textSpan: this.span(this.t.end, this.t.end),
      words: this.allWords ? [] : undefined,
    };
    b.indexUse = indexUse;
    this.put(b, { t: 'index', use: indexUse });
    b.indexStr = '';
    b.indexVisible = type !== Cmd.I;
    b.indexDowncase = type === Cmd.ii;
    b.indexing = true;
    b.idxSink = indexUse.words ?? null;
    idx.type |= StackType.Idx;
  }

  /** The optional style in \i\c{...} or \W{url}\cw{...}: it styles the braces that follow. */
  private takeStyleCommand(b: BodyState, item: StackItem): void {
    const t = this.t;
    if (t.type !== Tok.Cmd || (t.cmd !== Cmd.e && t.cmd !== Cmd.s && t.cmd !== Cmd.c && t.cmd !== Cmd.cw)) return;
    if (b.style !== Style.Normal) this.error(this.at(), msg.nestedStyles());
    else {
      b.style = styleOf(t.cmd);
      item.type |= StackType.Style;
    }
    this.next();
  }
}
