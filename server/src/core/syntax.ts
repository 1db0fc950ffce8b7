/**
 * The syntax tree of one Halibut file: what the parser produces and every
 * later layer reads. Positions are UTF-16 offsets into the file's text.
 */

import { SourceText } from './text';

import { partitionPoint } from './partition';

export interface Span {
  start: number;
  end: number;
}

/** What a parsed span's positions are counted from: a checkpoint, or the start of the file. */
export interface Anchor {
  offset: number;
}

export const FILE_START: Anchor = Object.freeze({ offset: 0 });

/**
 * A span the parser made, stored relative to the checkpoint before it. An edit then
 * moves everything after it by moving the checkpoints after it (one number per paragraph)
 * instead of every span: the cost of an edit no longer grows with the size of the file.
 */
export class ParsedSpan implements Span {
  private s: number;
  private e: number;
  constructor(
    private readonly anchor: Anchor,
    /** Where the anchor is now (the parser knows; asking the anchor costs a call per span). */
    base: number,
    start: number,
    end: number,
  ) {
    this.s = start - base;
    this.e = end - base;
  }
  get start(): number {
    return this.anchor.offset + this.s;
  }
  set start(v: number) {
    this.s = v - this.anchor.offset;
  }
  get end(): number {
    return this.anchor.offset + this.e;
  }
  set end(v: number) {
    this.e = v - this.anchor.offset;
  }
  /** As plain data (a span's anchor is not part of what it means). */
  toJSON(): Span {
    return { start: this.start, end: this.end };
  }
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Related {
  /** Absent: the same file as the diagnostic. */
  file?: string;
  span: Span;
  message: string;
}

export interface Diagnostic {
  span: Span;
  severity: Severity;
  /** Halibut's own wording first; our additions follow after `; `. */
  message: string;
  /** A stable identifier for the kind of problem (e.g. `unresolved-xref`). */
  code: string;
  related?: Related[];
  /** Machine-readable detail for code actions (e.g. the unresolved keyword). */
  data?: { keyword?: string; suggestions?: string[] };
}

export const enum Style {
  Normal,
  Emph,
  Strong,
  Code,
  WeakCode,
}

/**
 * A word of running text, the commonest thing in a file (about one in six characters starts
 * one): its place is kept in it, counted from the checkpoint before it as a ParsedSpan's is,
 * rather than in a span object of its own, and its text is the file's text there (textIn)
 * unless it has one of its own (an escape, a macro's text, an index entry lowercased).
 */
export class TextWord implements Span {
  /** On the prototype: one field fewer in the commonest object. */
  declare readonly t: 'text';
  private readonly s: number;
  private readonly e: number;
  constructor(
    private readonly anchor: Anchor,
    /** Where the anchor is now (as ParsedSpan's). */
    base: number,
    start: number,
    end: number,
    /** The word's text where it is not the file's text between start and end. */
    public own: string | undefined,
    public style: Style,
  ) {
    this.s = start - base;
    this.e = end - base;
  }
  get start(): number {
    return this.anchor.offset + this.s;
  }
  get end(): number {
    return this.anchor.offset + this.e;
  }
  get span(): Span {
    return this;
  }
  /** The word's text, given the text of its file. */
  textIn(source: SourceText): string {
    return this.own ?? source.slice(this.start, this.end);
  }
  /** Another word with the same text and place (the index's copy, which \ii lowercases). */
  copy(): TextWord {
    return new TextWord(this.anchor, this.anchor.offset, this.start, this.end, this.own, this.style);
  }
  toJSON(): { t: 'text'; own?: string; style: Style; span: Span } {
    return { t: this.t, own: this.own, style: this.style, span: { start: this.start, end: this.end } };
  }
}

(TextWord.prototype as { t: string }).t = 'text';

/** Inline content of a paragraph, as halibut's word list. */
export type Inline =
  | TextWord
  | { t: 'space'; style: Style }
  | { t: 'xref'; key: string; upper: boolean; span: Span }
  | { t: 'quote'; open: boolean; style: Style }
  | { t: 'link'; url: string; span: Span }
  | { t: 'linkEnd' }
  | { t: 'uchar'; text: string; fallback: Inline[]; style: Style; span: Span }
  | { t: 'index'; use: IndexUse };

export type ParaKind =
  | 'normal'
  | 'chapter'
  | 'heading'
  | 'appendix'
  | 'unnumbered'
  | 'biblio'
  | 'br'
  | 'nocite'
  | 'im'
  | 'cfg'
  | 'bullet'
  | 'numbered'
  | 'dt'
  | 'dd'
  | 'title'
  | 'copyright'
  | 'versionid'
  | 'rule'
  | 'code'
  | 'quote-push'
  | 'quote-pop'
  | 'lcont-push'
  | 'lcont-pop';

export interface Keyword {
  /** The keyword as halibut reads it (escapes resolved, whitespace as one space). */
  text: string;
  /** The text between the braces. */
  span: Span;
  /** Including the braces (to the end of input if unclosed). */
  braced: Span;
}

export interface XrefUse {
  upper: boolean;
  key: string;
  /** From `\k` to the closing brace. */
  span: Span;
  /** The keyword between the braces (empty span when there are none). */
  keySpan: Span;
  /** Written inside a macro's expansion: the spans are the macro use. */
  fromMacro: boolean;
  /**
   * Whether halibut resolves it: not inside \I{} or \u fallback text, and not left without
   * its closing brace (that error stops halibut before it resolves anything, and the words
   * swept into the keyword would only make a second error of the first).
   */
  checked: boolean;
}

export interface IndexUse {
  /** The tag as halibut computes it (\ii lowercases it). */
  tag: string;
  command: 'i' | 'I' | 'ii';
  /** Whether the text also appears in the document (\i, \ii). */
  visible: boolean;
  /** The command token (halibut reports index warnings there). */
  cmdSpan: Span;
  /** From the command to the closing brace. */
  span: Span;
  /** The text between the braces. */
  textSpan: Span;
  /**
   * The implicit index entry text (halibut's idximplicit word list): kept only by a parse that
   * keeps every word (a hover shows one use's; see indexWordsOf).
   */
  words?: Inline[];
}

export interface MacroUse {
  name: string;
  span: Span;
  /** Start of paragraph (expands before paragraph-type detection) or mid-paragraph. */
  atParagraphStart: boolean;
}

export interface MacroDef {
  name: string;
  /** The expansion text (lines joined with newlines, as halibut keeps it). */
  text: string;
  /** The whole `\define` paragraph. */
  span: Span;
  /** The name between the braces. */
  nameSpan: Span;
  /** Halibut reports a redefinition at the first token after `\define`. */
  reportAt: Span;
}

export interface LinkUse {
  url: string;
  /** The URL between the braces. */
  urlSpan: Span;
  span: Span;
}

export interface CodeLine {
  text: string;
  span: Span;
  /** The `\e` emphasis line that follows this line, if any. */
  emphasis?: string;
}

export interface Paragraph {
  kind: ParaKind;
  /** Section level for headings: \H and \S0 are 0, \S is 1, \S2 is 2, ... */
  level: number;
  /** The paragraph's first token to the end of its last token. */
  span: Span;
  /** The command that sets the paragraph's type (halibut's fpos for it). */
  cmdSpan: Span;
  /** The command's name as written, without the backslash (`S2`, `C`). */
  cmdName: string;
  keywords: readonly Keyword[];
  /**
   * The paragraph's text, kept only where a feature shows it without being asked about the
   * paragraph (see the parser's keepsWords): running text is most of a file's tree and is read again
   * when a hover wants it (wordsOf).
   */
  words?: readonly Inline[];
  codeLines?: CodeLine[];
  /** Whether halibut keeps the paragraph in its list (empty ones are dropped). */
  kept: boolean;
}

/** A `\uXXXX` written in the file (not in a macro's text). */
export interface UcharUse {
  span: Span;
  /** The character (U+FFFD past U+10FFFF). */
  text: string;
  codePoint: number;
}

/** A comment paragraph or `\#{}` comment, for folding and highlighting. */
export interface Comment {
  span: Span;
}

export interface Block {
  kind: 'quote' | 'lcont';
  /** From the command to the closing brace (or end of file). */
  span: Span;
  open: Span;
  close?: Span;
}

export interface ParsedFile {
  text: SourceText;
  paragraphs: Paragraph[];
  xrefs: XrefUse[];
  indexUses: IndexUse[];
  macroUses: MacroUse[];
  macroDefs: MacroDef[];
  links: LinkUse[];
  uchars: UcharUse[];
  comments: Comment[];
  blocks: Block[];
  diagnostics: Diagnostic[];
  /** Every macro name looked up in definitions from earlier files, with the text found. */
  externalLookups: Map<string, string | undefined>;
  /** Where parsing can resume: top-level paragraph starts (see reparse.ts). */
  checkpoints: Checkpoint[];
}

/** The lists of a ParsedFile that grow as the parser reads, in document order. */
export const PARSED_LISTS = ['paragraphs', 'xrefs', 'indexUses', 'macroUses', 'macroDefs', 'links', 'uchars', 'comments', 'blocks', 'diagnostics'] as const;

export { Checkpoint } from './checkpoints';
import type { Checkpoint } from './checkpoints';

/** How many items of a list made in document order start before an offset. */
export function lengthBefore(list: readonly { span: Span }[], offset: number): number {
  return partitionPoint(list.length, (i) => list[i].span.start >= offset);
}

/** How long each of the PARSED_LISTS had grown when the parser reached a checkpoint (nothing before the first). */
export function listLengthsAt(file: ParsedFile, cp: Checkpoint | undefined): number[] {
  return PARSED_LISTS.map((l) => (!cp ? 0 : l === 'diagnostics' ? cp.diagnostics : lengthBefore(file[l], cp.offset)));
}
