/**
 * One document set: the ordered files of one halibut run, analysed together
 * as halibut does after parsing (keywords.c, biblio.c, index.c): numbering,
 * the keyword table, citations, cross-reference resolution and the index.
 *
 * Everything halibut would report is reported, from every phase at once,
 * each problem once.
 */

import { lookupCharset } from './charsetNames';
import { asText, LineIndex } from './lines';
import { msg, Message } from './messages';
import { DEFAULT_NAMES, NumberingNames, Numberer, NumberResult, NumberWords, citeText } from './numbering';
import { MacroLookup } from './parser';
import { Diagnostic, IndexUse, Keyword, MacroDef, ParaKind, Paragraph, ParsedFile, Related, Span, XrefUse } from './syntax';
import { paragraphText } from './paragraphWords';
import { partitionPoint } from './partition';
import { replacedIn, ReplacedRun } from './reparse';
import { changedRange } from './textDiff';
import { SourceText } from './text';
import { Suggester } from './suggest';

export interface SourceFile {
  /** Stable identity (a URI or an absolute path). */
  id: string;
  /** The name halibut would print for it (as given on its command line). */
  name: string;
  /** A string, or a Text (an open buffer's, edited chunk by chunk). */
  text: SourceText;
}

export interface FileAnalysis {
  source: SourceFile;
  parsed: ParsedFile;
  lines: LineIndex;
}

export type KeywordKind = 'chapter' | 'section' | 'appendix' | 'biblio' | 'list-item';

export interface KeywordDef {
  key: string;
  kind: KeywordKind;
  /** -1 for chapters and appendices, 0 for \H, 1 for \S, ...; -2 otherwise. */
  level: number;
  /** Numbering (absent for bibliography entries, which get theirs when cited). */
  words?: NumberWords;
  /** Citation text for bibliography entries: `[3]` or the \BR text. */
  citation?: string;
  /** Whether a bibliography entry is cited (and so appears in the output). */
  cited: boolean;
  title: string;
  file: number;
  para: Paragraph;
  keyword: Keyword;
  /** Every reference to it, in document order. */
  refs: ResolvedXref[];
}

export interface ResolvedXref {
  file: number;
  /** Absent for \BR and \nocite, which name the keyword in a paragraph keyword. */
  use?: XrefUse;
  /** The keyword text's span, for rename and highlights. */
  keySpan: Span;
  span: Span;
  key: string;
  kind: 'k' | 'K' | 'BR' | 'nocite';
  /** A \BR's paragraph (its text is the citation it gives). */
  para?: Paragraph;
  target?: KeywordDef;
  /** The diagnostic that says it is unresolved, while it is. */
  problem?: Diagnostic;
}

export interface IndexTagInfo {
  /** The tag as first written. */
  name: string;
  uses: { file: number; use: IndexUse }[];
  /** \IM paragraphs that rewrite it. */
  rewrites: { file: number; para: Paragraph; keyword: Keyword }[];
}

export interface MacroInfo {
  def: MacroDef;
  file: number;
  uses: { file: number; span: Span }[];
}

export interface CfgInfo {
  file: number;
  para: Paragraph;
  key: string;
  values: string[];
}

export interface DocumentSetOptions {
  names?: NumberingNames;
  /** Parses a file given the macros of the files before it (a cache may answer). */
  parse: (file: SourceFile, macros: MacroLookup) => ParsedFile;
  /** A file's line index (a cache may answer). */
  lines?: (file: SourceFile) => LineIndex;
}

/** \cfg keys whose back ends require a minimum number of parameters. */
const CFG_MIN_PARAMS: ReadonlyMap<string, number> = new Map([
  ['html-template-fragment', 1],
  ['info-dir-entry', 3],
]);

function emptyResult(): FileResult {
  return { definitions: [], headings: [], xrefs: [], cfg: [], indexUses: [], diagnostics: [] };
}

/** What a file gives the rest of the set (see DocumentSet.exportsOf): its definitions, and the rest. */
interface Exports {
  /** Whether the file has \BR, \nocite or \IM paragraphs, or cites bibliography entries. */
  crossFile: boolean;
  definitions: string;
  rest: string;
}

/**
 * Where one file's analysis goes: the set itself while it is built, or a
 * scratch copy while an edit is tried (see DocumentSet.update).
 */
interface FileResult {
  definitions: { def: KeywordDef; duplicateOf?: KeywordDef }[];
  headings: Heading[];
  xrefs: ResolvedXref[];
  cfg: CfgInfo[];
  /** Implicit index uses with the tag each joins. */
  indexUses: { tag: IndexTagInfo; use: IndexUse }[];
  diagnostics: Diagnostic[];
}

export interface Heading {
  file: number;
  para: Paragraph;
  def?: KeywordDef;
  words?: NumberWords;
  /** After a chapter or appendix: the numberer's state (see renumber, which starts and stops there). */
  state?: string;
}

/**
 * What an edit that numbers some of its file's paragraphs afresh changes, over the run of the
 * set's lists that the window of paragraphs it reaches holds (see DocumentSet.renumber).
 */
interface Renumbering {
  definitions: { at: [number, number]; now: KeywordDef[] };
  headings: { at: [number, number]; now: Heading[] };
  /** The window's findings of section levels skipped, as they were and as they are. */
  jumps: { old: ReadonlySet<Diagnostic>; now: Diagnostic[] };
  /** Definitions under the same name, each with the one made afresh whose places and numbers it takes. */
  kept: Map<KeywordDef, KeywordDef>;
  added: KeywordDef[];
  removed: KeywordDef[];
  /** Kept names that became a bibliography entry or stopped being one. */
  rekinded: KeywordDef[];
  starts: string[];
  restated: [Heading, string][];
}

/** The first definition of a keyword as seen from a file, registering the file's own first ones. */
type FirstDefinition = (def: KeywordDef) => KeywordDef | undefined;

/** The keyword table, with a did-you-mean over its names that follows every change (a renamed heading keyword is one). */
class KeywordTable extends Map<string, KeywordDef> {
  private prepared?: Suggester;

  suggester(): Suggester {
    return (this.prepared ??= new Suggester(this.keys()));
  }
  override set(key: string, def: KeywordDef): this {
    if (!this.has(key)) this.prepared?.add(key);
    return super.set(key, def);
  }
  override delete(key: string): boolean {
    if (this.has(key)) this.prepared?.remove(key);
    return super.delete(key);
  }
  override clear(): void {
    this.prepared = undefined;
    super.clear();
  }
}

export class DocumentSet {
  readonly files: FileAnalysis[] = [];
  readonly keywords = new KeywordTable();
  /** Keyword definitions in document order (duplicates included, marked). */
  readonly definitions: { def: KeywordDef; duplicateOf?: KeywordDef }[] = [];
  readonly xrefs: ResolvedXref[] = [];
  readonly macros = new Map<string, MacroInfo>();
  /** Index tags by case-folded name. */
  readonly index = new Map<string, IndexTagInfo>();
  readonly cfg: CfgInfo[] = [];
  /** Diagnostics of the set's own analysis per file (parse diagnostics stay in parsed). */
  readonly diagnostics: Diagnostic[][] = [];
  /** Section headings (and unnumbered chapters) in order, for outlines. */
  readonly headings: Heading[] = [];

  /** How many edits have been patched in: what is cached about a set holds for one revision. */
  revision = 0;
  /**
   * How many patched edits may have changed what a reference shows in a file other than the
   * edited one (its target's number or citation, or whether it resolves): editors ask again
   * for the numbers they show after references (inlay hints) only then.
   */
  citationsRevision = 0;

  private numberingNames: NumberingNames = DEFAULT_NAMES;
  /** The numberer's state as each file begins. */
  private readonly numberingAt: string[] = [];
  /**
   * What each file gives the rest of the set (see exportsOf), worked out when the file is
   * first edited: most files of a set never are, and a linter edits none.
   */
  private readonly exported: (Exports | undefined)[] = [];
  /** Files that another file's diagnostics point into (their positions are quoted elsewhere). */
  private readonly quoted = new Set<number>();
  /** Related places the set adds to parse diagnostics (see relateRedefinition). */
  private readonly relatedOf = new WeakMap<Diagnostic, Related[]>();
  /** The error on the first \IM of each tag that has no implicit uses (it is made by that \IM), and its file. */
  private readonly unknownTagProblems = new Map<IndexTagInfo, { file: number; diagnostic: Diagnostic }>();
  /** The did-you-mean of an \IM of an unknown tag: the tags with implicit uses, which only a rebuild changes. */
  private tagNames: Suggester | undefined;
  /** The reference each unresolved-reference diagnostic is about, so that a rename finds them from the files' diagnostics, not by walking every reference. */
  private readonly problemOf = new WeakMap<Diagnostic, ResolvedXref>();

  constructor(sources: readonly SourceFile[], private readonly options: DocumentSetOptions) {
    this.parseAll(sources);
    this.numberingNames = this.names();
    this.number();
    this.cite();
    this.indexTerms();
    this.configure();
  }

  /** All diagnostics of one file: its parse errors and the set's findings. */
  fileDiagnostics(i: number): Diagnostic[] {
    // In document order, whatever order the phases (or an update) found them in.
    const parsed = this.files[i].parsed.diagnostics.map((d) => {
      const related = this.relatedOf.get(d);
      return related ? { ...d, related } : d;
    });
    return [...parsed, ...this.diagnostics[i]].sort(
      (a, b) => a.span.start - b.span.start || a.span.end - b.span.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
    );
  }

  fileIndexOf(id: string): number {
    return this.files.findIndex((f) => f.source.id === id);
  }

  private diagnostic(file: number, span: Span, m: Message, extra?: Partial<Diagnostic>): Diagnostic {
    // Halibut marks warnings in the text; we carry that in the severity instead.
    const warning = m[0].startsWith('warning: ');
    const own = this.files[file].source.id;
    for (const r of extra?.related ?? []) if (r.file !== undefined && r.file !== own) this.quoted.add(this.fileIndexOf(r.file));
    return { span, severity: warning ? 'warning' : 'error', message: warning ? m[0].slice(9) : m[0], code: m[1], ...extra };
  }

  /** A file as analysed, its line index made when first asked for (a file without findings may never need one). */
  private analysis(source: SourceFile, parsed: ParsedFile): FileAnalysis {
    let lines: LineIndex | undefined;
    const make = () => this.options.lines?.(source) ?? new LineIndex(asText(source.text));
    return {
      source,
      parsed,
      get lines() {
        return (lines ??= make());
      },
    };
  }

  private parseAll(sources: readonly SourceFile[]): void {
    // Macros persist from one file to the next, as in one halibut run.
    const defined = new Map<string, MacroInfo>();
    const lookup: MacroLookup = (name) => defined.get(name)?.def.text;
    sources.forEach((source, i) => {
      const parsed = this.options.parse(source, lookup);
      this.files.push(this.analysis(source, parsed));
      this.diagnostics.push([]);
      for (const def of parsed.macroDefs) {
        const earlier = defined.get(def.name);
        if (earlier) this.relateRedefinition(parsed, def, earlier);
        else defined.set(def.name, { def, file: i, uses: [] });
      }
    });
    for (const [name, info] of defined) this.macros.set(name, info);
    this.files.forEach((f, i) => {
      for (const use of f.parsed.macroUses) this.macros.get(use.name)?.uses.push({ file: i, span: use.span });
    });
  }

  /**
   * Redefinitions within a file were reported by the parser; across files, the related place is
   * the set's to add. It is kept beside the parse, not written into it: a parse is cached and
   * reused by the next analysis, where the earlier definition may have moved (found by the
   * fuzzer: a stale place survived an edit of the file that defined the macro first).
   */
  private relateRedefinition(parsed: ParsedFile, def: MacroDef, earlier: MacroInfo): void {
    const d = parsed.diagnostics.find((x) => x.code === 'macro-redefined' && x.span.start >= def.reportAt.start && x.span.end <= def.span.end);
    if (d && !d.related) {
      this.relatedOf.set(d, [{ file: this.files[earlier.file].source.id, span: earlier.def.nameSpan, message: 'first defined here' }]);
      this.quoted.add(earlier.file);
    }
  }

  private names(): NumberingNames {
    const names = { ...(this.options.names ?? DEFAULT_NAMES) };
    for (const f of this.files) {
      for (const p of f.parsed.paragraphs) {
        if (p.kind !== 'cfg' || p.keywords.length === 0) continue;
        const key = p.keywords[0].text.toLowerCase();
        const value = p.keywords[1]?.text ?? '';
        if (key === 'chapter') names.chapter = value;
        else if (key === 'section') names.section = value;
        else if (key === 'appendix') names.appendix = value;
      }
    }
    return names;
  }

  /** The set's own collections, seen as the result of every file (for building). */
  private get whole(): FileResult {
    return { definitions: this.definitions, headings: this.headings, xrefs: this.xrefs, cfg: this.cfg, indexUses: [], diagnostics: [] };
  }

  private number(): void {
    const numberer = new Numberer(this.numberingNames);
    const first: FirstDefinition = (def) => {
      const earlier = this.keywords.get(def.key);
      if (!earlier) this.keywords.set(def.key, def);
      return earlier;
    };
    this.files.forEach((_, fi) => {
      this.numberingAt.push(numberer.snapshot());
      this.numberFile(fi, numberer, first, { ...this.whole, diagnostics: this.diagnostics[fi] });
    });
  }

  private numberFile(fi: number, numberer: Numberer, first: FirstDefinition, out: FileResult): void {
    const parsed = this.files[fi].parsed;
    for (const p of parsed.paragraphs) this.numberParagraph(fi, parsed, p, numberer, first, out);
  }

  /** One paragraph of file `fi` (parsed as given: renumber's is not yet the set's) numbered, its definition and heading made. */
  private numberParagraph(fi: number, parsed: ParsedFile, p: Paragraph, numberer: Numberer, first: FirstDefinition, out: FileResult): void {
    const r = numberer.next(p);
    if (r.kind === 'jump') out.diagnostics.push(this.diagnostic(fi, p.cmdSpan, msg.sectJump()));
    const isHeading = p.kind === 'chapter' || p.kind === 'heading' || p.kind === 'appendix' || p.kind === 'unnumbered';
    const key = p.keywords[0];
    let def: KeywordDef | undefined;
    const numbered = r.kind === 'numbered';
    if (key && key.text !== '' && (numbered || p.kind === 'biblio')) {
      def = {
        key: key.text,
        kind: p.kind === 'chapter' ? 'chapter' : p.kind === 'appendix' ? 'appendix' : p.kind === 'heading' ? 'section' : p.kind === 'biblio' ? 'biblio' : 'list-item',
        level: r.level,
        words: numbered ? r.words : undefined,
        cited: false,
        title: paragraphText(parsed, p),
        file: fi,
        para: p,
        keyword: key,
        refs: [],
      };
      const earlier = first(def);
      if (earlier) {
        out.diagnostics.push(
          this.diagnostic(fi, key.span.end > key.span.start ? key.span : p.cmdSpan, msg.multiKw(def.key, this.files[earlier.file].source.name, this.files[earlier.file].lines.halibutLine(earlier.para.cmdSpan.start)), {
            related: [{ file: this.files[earlier.file].source.id, span: earlier.keyword.span, message: `\`${def.key}' is first defined here` }],
            data: { keyword: def.key },
          }),
        );
        out.definitions.push({ def, duplicateOf: earlier });
      } else {
        out.definitions.push({ def });
      }
    }
    if (isHeading && r.kind !== 'jump') out.headings.push({ file: fi, para: p, def, words: numbered ? r.words : undefined, state: startsChapter(p) ? numberer.snapshot() : undefined });
  }

  private unresolved(x: ResolvedXref, out: { diagnostics: Diagnostic[] }): void {
    const candidates = this.keywords.suggester().suggest(x.key);
    const hint = candidates.length ? `; did you mean \`${candidates[0]}'?` : '';
    const m = msg.noSuchKw(x.key);
    x.problem = this.diagnostic(x.file, x.span, [m[0] + hint, m[1]], { data: { keyword: x.key, suggestions: candidates } });
    this.problemOf.set(x.problem, x);
    out.diagnostics.push(x.problem);
  }

  private cite(): void {
    this.files.forEach((_, fi) => this.citeFile(fi, { ...this.whole, diagnostics: this.diagnostics[fi] }, true));
    this.numberBibliography();
  }

  /**
   * Cited entries without \BR text numbered in bibliography order, those not cited unnumbered
   * (an entry's first \BR, among its references, gave it its text instead).
   */
  private numberBibliography(): void {
    let bibnum = 0;
    for (const { def, duplicateOf } of this.definitions) {
      if (duplicateOf || def.kind !== 'biblio' || def.refs.some((x) => x.kind === 'BR')) continue;
      def.citation = def.cited ? `[${++bibnum}]` : undefined;
    }
  }

  /**
   * A \BR naming a keyword, in document order: the first gives an entry (or anything else not
   * numbered) its citation, the paragraph's text; another, or one naming something numbered,
   * is a finding.
   */
  private citeBR(x: ResolvedXref, def: KeywordDef, diagnostics: Diagnostic[]): void {
    if (def.citation !== undefined) {
      diagnostics.push(this.diagnostic(x.file, x.keySpan, msg.multiBR(x.key)));
    } else if (def.words) {
      diagnostics.push(
        this.diagnostic(x.file, x.keySpan, msg.multiBR(x.key), {
          related: [{ file: this.files[def.file].source.id, span: def.keyword.span, message: `\`${x.key}' is a ${def.kind === 'list-item' ? 'list item' : def.kind}, which is already numbered` }],
        }),
      );
    } else {
      def.citation = paragraphText(this.files[x.file].parsed, x.para!);
    }
  }

  /** Resolve a file's references; `link` says whether to record them in their targets (not when only trying). */
  private citeFile(fi: number, out: FileResult, link: boolean): void {
    const citeKey = (x: ResolvedXref) => {
      out.xrefs.push(x);
      const def = this.keywords.get(x.key);
      if (!def) {
        this.unresolved(x, out);
        return;
      }
      x.target = def;
      if (!link) return;
      def.refs.push(x);
      if (def.kind === 'biblio') def.cited = true;
    };
    for (const p of this.files[fi].parsed.paragraphs) {
      if (p.kind === 'br' && p.keywords[0]) {
        const k = p.keywords[0];
        const x: ResolvedXref = { file: fi, keySpan: k.span, span: k.braced, key: k.text, kind: 'BR', para: p };
        out.xrefs.push(x);
        const def = this.keywords.get(k.text);
        if (!def) {
          this.unresolved(x, out);
          continue;
        }
        x.target = def;
        if (!link) continue;
        def.refs.push(x);
        this.citeBR(x, def, out.diagnostics);
      } else if (p.kind === 'nocite') {
        for (const x of nociteRefs(fi, p)) citeKey(x);
      }
    }
    for (const use of this.files[fi].parsed.xrefs) {
      // References halibut never looks at (inside \I{} or \u fallback text) are not checked.
      if (!use.checked) continue;
      citeKey({ file: fi, use, keySpan: use.keySpan, span: use.span, key: use.key, kind: use.upper ? 'K' : 'k' });
    }
  }

  private indexTerms(): void {
    // Implicit entries (\i \I \ii) in document order; halibut warns on case clashes.
    this.files.forEach((_, fi) => {
      const out: FileResult = { ...this.whole, diagnostics: this.diagnostics[fi] };
      const creates = (folded: string, use: IndexUse) => {
        const tag = { name: use.tag, uses: [], rewrites: [] };
        this.index.set(folded, tag);
        return tag;
      };
      this.indexFile(fi, out, (folded, use) => this.index.get(folded) ?? creates(folded, use));
      for (const { tag, use } of out.indexUses) tag.uses.push({ file: fi, use });
    });
    // Explicit \IM rewrites, after all implicit ones.
    this.files.forEach((f, fi) => {
      for (const p of f.parsed.paragraphs) {
        if (p.kind !== 'im') continue;
        for (const k of p.keywords) {
          const folded = k.text.toLowerCase();
          const tag = this.index.get(folded);
          if (tag) {
            tag.rewrites.push({ file: fi, para: p, keyword: k });
            continue;
          }
          // Halibut records the tag anyway, so later \IMs of it pass silently.
          const made: IndexTagInfo = { name: k.text, uses: [], rewrites: [{ file: fi, para: p, keyword: k }] };
          this.index.set(folded, made);
          this.reportUnknownTag(made);
        }
      }
    });
  }

  /** The error on a tag with no implicit uses, at its first \IM. */
  private reportUnknownTag(tag: IndexTagInfo): void {
    const { file, para, keyword: k } = tag.rewrites[0];
    // The names a did-you-mean offers (tags something refers to) are those of the implicit entries.
    const candidates = (this.tagNames ??= new Suggester([...this.index.values()].filter((t) => t.uses.length > 0).map((t) => t.name))).suggest(k.text);
    const m = msg.noSuchIdxTag(k.text);
    const diagnostic = this.diagnostic(file, k.span.end > k.span.start ? k.span : para.cmdSpan, [m[0] + (candidates.length ? `; did you mean \`${candidates[0]}'?` : ''), m[1]], { data: { keyword: k.text, suggestions: candidates } });
    this.diagnostics[file].push(diagnostic);
    this.unknownTagProblems.set(tag, { file, diagnostic });
  }

  /**
   * A file's implicit index uses, each joined to its tag (`tagOf` finds or makes it), with
   * halibut's warning where a use differs in case from the tag's first use.
   */
  private indexFile(fi: number, out: FileResult, tagOf: (folded: string, use: IndexUse) => IndexTagInfo): void {
    const firstHere = new Map<IndexTagInfo, IndexUse>();
    for (const use of this.files[fi].parsed.indexUses) {
      const tag = tagOf(use.tag.toLowerCase(), use);
      // The tag's first use: in an earlier file, else this file's first.
      const before = tag.uses[0];
      const first = before && before.file < fi ? before : firstHere.has(tag) ? { file: fi, use: firstHere.get(tag)! } : undefined;
      if (!firstHere.has(tag)) firstHere.set(tag, use);
      out.indexUses.push({ tag, use });
      if (first && tag.name !== use.tag) out.diagnostics.push(this.caseWarning(fi, use, tag.name, first));
    }
  }

  /** Halibut's warning on an index use written in another case than the tag's first use. */
  private caseWarning(fi: number, use: IndexUse, name: string, first: IndexTagInfo['uses'][number]): Diagnostic {
    return this.diagnostic(fi, caseWarningSpan(use), msg.indexCase(use.tag, name, this.files[first.file].source.name, this.files[first.file].lines.halibutLine(first.use.cmdSpan.start)), {
      related: [{ file: this.files[first.file].source.id, span: first.use.textSpan, message: `first indexed as \`${name}' here` }],
    });
  }

  private configure(): void {
    this.files.forEach((_, fi) => this.configureFile(fi, { ...this.whole, diagnostics: this.diagnostics[fi] }));
  }

  private configureFile(fi: number, out: FileResult): void {
    for (const p of this.files[fi].parsed.paragraphs) this.configureParagraph(fi, p, out);
  }

  /** A \cfg paragraph's setting, and halibut's findings on it. */
  private configureParagraph(fi: number, p: Paragraph, out: Pick<FileResult, 'cfg' | 'diagnostics'>): void {
    if (p.kind !== 'cfg' || p.keywords.length === 0) return;
    const key = p.keywords[0].text;
    const values = p.keywords.slice(1).map((k) => k.text);
    out.cfg.push({ file: fi, para: p, key, values });
    if (key.toLowerCase() === 'input-charset' && !lookupCharset(values[0] ?? '')) {
      out.diagnostics.push(this.diagnostic(fi, p.keywords[1]?.span ?? p.keywords[0].span, msg.charset(values[0] ?? '')));
    }
    const min = CFG_MIN_PARAMS.get(key.toLowerCase());
    if (min !== undefined && values.filter((v) => v !== '').length < min) {
      out.diagnostics.push(this.diagnostic(fi, p.keywords[0].span, msg.cfgInsufficient(key, min)));
    }
  }

  /** A file's keyword definitions, in document order. */
  private definitionsOf(fi: number): { def: KeywordDef; duplicateOf?: KeywordDef }[] {
    return itemsOf(this.definitions, (d) => d.def.file, fi);
  }

  /** A file's part of the set's collections. */
  private ownResult(fi: number): FileResult {
    return {
      definitions: this.definitionsOf(fi),
      headings: itemsOf(this.headings, (h) => h.file, fi),
      xrefs: itemsOf(this.xrefs, (x) => x.file, fi),
      cfg: itemsOf(this.cfg, (c) => c.file, fi),
      indexUses: this.files[fi].parsed.indexUses.map((use) => ({ tag: this.index.get(use.tag.toLowerCase())!, use })),
      diagnostics: this.diagnostics[fi],
    };
  }

  /**
   * Everything of a file that another file's analysis can depend on, as text. While an edit
   * leaves it unchanged, no other file's numbers, resolution or diagnostics can change.
   * Files with \BR, \nocite, citations of bibliography entries or \IM are `crossFile`: their
   * effects reach across files in order-dependent ways, and analysing such a file alone
   * (resolveAlone) leaves some of them out, so only redefine patches them, and only where the
   * edit touched none of those.
   */
  private exportsOf(fi: number, r: FileResult): Exports {
    const parsed = this.files[fi].parsed;
    return {
      crossFile: parsed.paragraphs.some(isCrossFile) || r.xrefs.some(citesEntry),
      definitions: JSON.stringify(r.definitions.map(({ def, duplicateOf }) => [def.key, def.kind, def.level, def.words?.designation, def.words?.number, duplicateOf ? duplicateOf.file : null])),
      rest: JSON.stringify([
        r.indexUses.map((u) => u.use.tag),
        parsed.paragraphs.filter(namesNumbering).map((p) => p.keywords.map((k) => k.text)),
        this.numberingAt[fi + 1] ?? '',
      ]),
    };
  }

  /**
   * Take a new text for file `fi` without re-analysing the set, when the edit cannot change
   * any other file's analysis: the file is re-parsed and analysed alone, against the rest of
   * the set as it stands, and patched in if what it gives the others is unchanged. Returns
   * undefined when the set must be rebuilt instead, its tables as they were. (Not its old
   * parse of the file, which the reparse consumed: the items the edit left alone are the new
   * parse's, and stand where the new text has them; see core/reparse.ts.)
   */
  update(fi: number, source: SourceFile): Set<number> | undefined {
    const touched = this.tryUpdate(fi, source);
    if (touched) this.revision++;
    return touched;
  }

  private tryUpdate(fi: number, source: SourceFile): Set<number> | undefined {
    if (this.quoted.has(fi)) return undefined;
    const lookup: MacroLookup = (name) => {
      const m = this.macros.get(name);
      return m && m.file < fi ? m.def.text : undefined;
    };
    const parsed = this.options.parse(source, lookup);
    const old = this.files[fi];
    const now = this.analysis(source, parsed);
    const prose = this.patchProse(fi, old, now);
    if (prose) return prose;
    const quotedBefore = new Set(this.quoted);
    // (What a crossFile file gives the others is not compared whole: see redefine.) The file as
    // the set holds it says; so does what it gave before, when known: in rekey's second try the
    // set holds the edited file already (found by a reviewer's fuzzer: an \IM deleted then).
    const crossFile = this.exported[fi]?.crossFile === true || this.crossFileOf(fi);
    const exported = crossFile ? this.exported[fi] : (this.exported[fi] ??= this.exportsOf(fi, this.ownResult(fi)));
    this.files[fi] = now;
    const numbered = { result: emptyResult(), numberer: Numberer.restore(this.numberingNames, this.numberingAt[fi]) };
    const firstHere = new Map<string, KeywordDef>();
    let novel = false;
    this.numberFile(fi, numbered.numberer, (def) => {
      const earlier = this.keywords.get(def.key);
      if (earlier && earlier.file < fi) return earlier;
      if (!earlier || earlier.file > fi) novel = true;
      const mine = firstHere.get(def.key);
      if (!mine) firstHere.set(def.key, def);
      return mine;
    }, numbered.result);
    // The file's analysis alone goes to a copy of what numbering gave, which redefine may take
    // as it is. (A crossFile file is never patched this way, so that analysis is not made for
    // one: in the whole manual as one file it costs tens of milliseconds.)
    const r = { ...emptyResult(), definitions: numbered.result.definitions, headings: numbered.result.headings, diagnostics: [...numbered.result.diagnostics] };
    const known = !novel && !crossFile && this.resolveAlone(fi, r);
    const exports = known ? this.exportsOf(fi, r) : undefined;
    const macros = known ? this.macroChanges(fi, parsed) : undefined;
    const same = macros && !exports!.crossFile && this.endsAlike(fi, numbered.numberer) && exports!.definitions === exported!.definitions && exports!.rest === exported!.rest;
    if (!same || this.quoted.size !== quotedBefore.size) {
      this.restoreQuoted(quotedBefore);
      // Definitions under new names, or new ones or fewer: changes that can still be patched.
      const touched = (novel ? this.rekey(fi, old, source) : undefined) ?? this.redefine(fi, old, now, { crossFile, exported }, numbered);
      if (!touched) this.files[fi] = old;
      return touched;
    }
    const mine = this.definitionsOf(fi);
    this.defineMacros(fi, macros);
    this.patch(fi, old, r, (_, k) => mine[k].def);
    return new Set([fi]);
  }

  /** Whether a definition in file `fi` is the first of a name another definition repeats (whose finding points at it). */
  private firstOfDuplicates(fi: number): boolean {
    return this.repeats().some((d) => d.duplicateOf!.file === fi);
  }

  /**
   * The definitions that repeat an earlier one's name (each a finding, so few), found once
   * after the list last changed in a way that can change them: renaming a heading or typing one
   * asks, and a walk of every definition grew with the set.
   */
  private repeats(): readonly { def: KeywordDef; duplicateOf?: KeywordDef }[] {
    return (this.repeated ??= this.definitions.filter((d) => d.duplicateOf));
  }

  private repeated: { def: KeywordDef; duplicateOf?: KeywordDef }[] | undefined;

  /** Whether file `fi`, as the set holds it, has \BR, \nocite or \IM paragraphs, or cites bibliography entries. */
  private crossFileOf(fi: number): boolean {
    return this.files[fi].parsed.paragraphs.some(isCrossFile) || itemsOf(this.xrefs, (x) => x.file, fi).some(citesEntry);
  }

  /**
   * Whether an edit left what file `fi` gives the others, beside its definitions and macros, as
   * it was: its index uses' tags in order, and its \cfg paragraphs that name chapters, sections
   * or appendices. Only the runs the edit replaced are compared, where the parse says what it
   * replaced; else (the same parse: rekey's second try) what the file gave before, if known.
   */
  private restAlike(fi: number, old: FileAnalysis, now: FileAnalysis, r: FileResult, exported: Exports | undefined): boolean {
    if (old.parsed === now.parsed) return exported !== undefined && this.exportsOf(fi, r).rest === exported.rest;
    const uses = replacedIn(old.parsed, now.parsed, 'indexUses');
    const added = now.parsed.indexUses.slice(uses.start, uses.newEnd);
    if (uses.removed.length !== added.length || uses.removed.some((u, i) => u.tag !== added[i].tag)) return false;
    const paras = replacedIn(old.parsed, now.parsed, 'paragraphs');
    const naming = (ps: readonly Paragraph[]) => JSON.stringify(ps.filter(namesNumbering).map((p) => p.keywords.map((k) => k.text)));
    return naming(paras.removed) === naming(now.parsed.paragraphs.slice(paras.start, paras.newEnd));
  }

  /**
   * Whether an edit of a crossFile file left its \BR, \nocite and \IM paragraphs as they were
   * (the parse's record of what it replaced says; a file parsed whole has them all new), and
   * the file has no \BR error (whose related place can be a definition the edit renumbered).
   */
  private crossFileUntouched(fi: number, old: FileAnalysis, now: FileAnalysis): boolean {
    if (old.parsed === now.parsed || this.diagnostics[fi].some((d) => d.code === MULTIPLE_BR)) return false;
    const paras = replacedIn(old.parsed, now.parsed, 'paragraphs');
    return !paras.removed.some(isCrossFile) && !now.parsed.paragraphs.slice(paras.start, paras.newEnd).some(isCrossFile);
  }

  /** Whether numbering after file `fi` (whose paragraphs the numberer has read) starts as it did. */
  private endsAlike(fi: number, numberer: Numberer): boolean {
    const next = this.numberingAt[fi + 1];
    return next === undefined || next === numberer.snapshot();
  }

  /**
   * The macros file `fi` defines first, as edited, when the change to them is the file's own:
   * a name that comes, goes or takes a new body is defined by no other file, and no file after
   * this one looked it up (a parse records every name it looked up, found or not). Undefined
   * otherwise: the later files would be parsed differently.
   */
  private macroChanges(fi: number, parsed: ParsedFile): Map<string, MacroDef> | undefined {
    const now = new Map<string, MacroDef>();
    for (const d of parsed.macroDefs) {
      const info = this.macros.get(d.name);
      // (A redefinition of an earlier file's macro is the parser's to report, and changes nothing here.)
      if (info && info.file < fi) continue;
      if (info && info.file > fi) return undefined;
      if (!now.has(d.name)) now.set(d.name, d);
    }
    const changed = [...now.values()].filter((d) => this.macros.get(d.name)?.def.text !== d.text).map((d) => d.name);
    for (const [name, info] of this.macros) if (info.file === fi && !now.has(name)) changed.push(name);
    for (const name of changed) {
      for (let g = fi + 1; g < this.files.length; g++) if (this.files[g].parsed.externalLookups.has(name)) return undefined;
    }
    return now;
  }

  /**
   * The macro table with file `fi`'s first definitions as macroChanges found them, in the order
   * parseAll makes it (found by review: two definitions swapped kept their old order).
   */
  private defineMacros(fi: number, now: ReadonlyMap<string, MacroDef>): void {
    for (const [name, info] of this.macros) if (info.file === fi && !now.has(name)) this.macros.delete(name);
    for (const [name, def] of now) {
      const info = this.macros.get(name);
      if (info) info.def = def;
      else this.macros.set(name, { def, file: fi, uses: [] });
    }
    const entries = [...this.macros].sort(([, a], [, b]) => a.file - b.file || a.def.span.start - b.def.span.start);
    this.macros.clear();
    for (const [name, info] of entries) this.macros.set(name, info);
  }

  /**
   * Where numbering starts in the files after `fi`, now that the numberer has read `fi` as
   * edited: [] when as before; else the new starts of the files after it, up to the one where
   * numbering comes back to the state it was in (a section added before the next file's \C or
   * \A is forgotten there) or to the end of the set, provided every paragraph on the way is
   * numbered as before (an index file after the last chapter numbers nothing). Undefined when
   * a number would change.
   */
  private startsAfter(fi: number, numberer: Numberer, restated: [Heading, string][]): string[] | undefined {
    const starts: string[] = [];
    for (let f = fi + 1; f < this.files.length; f++) {
      const end = numberer.snapshot();
      if (end === this.numberingAt[f]) return starts;
      starts.push(end);
      const was = Numberer.restore(this.numberingNames, this.numberingAt[f]);
      const [from, to] = runOf(this.headings, (h) => h.file, f);
      let h = from;
      for (const p of this.files[f].parsed.paragraphs) {
        if (!sameNumber(was.next(p), numberer.next(p))) return undefined;
        // (Only a chapter or appendix forgets what came before it.)
        if (!startsChapter(p)) continue;
        const state = numberer.snapshot();
        if (was.snapshot() === state) return starts;
        // A chapter after which numbering is still not as it was: its saved state changes too.
        while (h < to && this.headings[h].para !== p) h++;
        if (h === to) return undefined;
        restated.push([this.headings[h], state]);
      }
    }
    return starts;
  }

  /** Numbering starts again after file `fi` as startsAfter found, chapters after it keeping their new states. */
  private restartAfter(fi: number, starts: readonly string[], restated: readonly [Heading, string][]): void {
    this.numberingAt.splice(fi + 1, starts.length, ...starts);
    for (const [h, state] of restated) h.state = state;
    // (What a file gives the others includes where numbering starts after it.)
    for (let f = fi; f <= fi + starts.length; f++) this.exported[f] = undefined;
  }

  private restoreQuoted(before: ReadonlySet<number>): void {
    this.quoted.clear();
    for (const q of before) this.quoted.add(q);
  }

  /** A file's references, index uses and settings worked out alone, against the set as it stands; false if it uses an index tag the set lacks. */
  private resolveAlone(fi: number, r: FileResult): boolean {
    let known = true;
    this.citeFile(fi, r, false);
    this.indexFile(fi, r, (folded, use) => this.index.get(folded) ?? ((known = false), { name: use.tag, uses: [], rewrites: [] }));
    this.configureFile(fi, r);
    return known;
  }

  /**
   * The edit that defines new keywords in its file, or takes some away, or numbers the file's
   * definitions again (a heading typed, pasted or deleted), patched in when that is all it
   * changes for the other files: numbering starts the next file as before, no new name is
   * defined elsewhere, no name of the file is defined twice, the file's bibliography entries
   * are the same, and no \BR or \nocite names a name that comes or goes. The keyword table
   * gains and loses those names, definitions kept keep their identity (and take their new
   * numbers), and only the references to names that came or went are resolved again, with the
   * did-you-mean of every unresolved one. In a file with \BR, \nocite, \IM or citations of
   * bibliography entries (crossFile), the edit must have touched none of those paragraphs and
   * cite the same entries, and the \IM errors (which the file's analysis alone does not make)
   * are carried over. Returns the files whose diagnostics may have changed, or undefined
   * (nothing changed) when the set must be rebuilt.
   */
  private redefine(fi: number, old: FileAnalysis, now: FileAnalysis, was: { crossFile: boolean; exported?: Exports }, numbered: { result: FileResult; numberer: Numberer }): Set<number> | undefined {
    const mine = this.definitionsOf(fi);
    if (mine.some((d) => d.duplicateOf) || this.firstOfDuplicates(fi)) return undefined;
    const crossFile = was.crossFile || now.parsed.paragraphs.some(isCrossFile);
    if (crossFile && !this.crossFileUntouched(fi, old, now)) return undefined;
    this.files[fi] = now;
    // The new text numbered (a definition given as a duplicate there is one here, refused below).
    const { result: fresh, numberer } = numbered;
    const before = new Map(mine.map(({ def }) => [def.key, def]));
    const names = new Set<string>();
    const added: KeywordDef[] = [];
    for (const { def } of fresh.definitions) {
      if (names.has(def.key)) return undefined;
      names.add(def.key);
      if (!before.has(def.key) && this.keywords.has(def.key)) return undefined;
      if (!before.has(def.key)) added.push(def);
    }
    const removed = mine.map(({ def }) => def).filter((def) => !names.has(def.key));
    const biblio = (defs: readonly { def: KeywordDef }[]) => defs.filter(({ def }) => def.kind === 'biblio').map(({ def }) => def.key).join('\n');
    const keys = new Set([...added, ...removed].map((d) => d.key));
    if (biblio(mine) !== biblio(fresh.definitions) || this.citesAny(keys)) return undefined;
    // The table as the edit leaves it, while the file is analysed against it (put back if it is not patched).
    for (const def of removed) this.keywords.delete(def.key);
    for (const def of added) this.keywords.set(def.key, def);
    const quotedBefore = new Set(this.quoted);
    const r = fresh;
    const restated: [Heading, string][] = [];
    const starts = this.startsAfter(fi, numberer, restated);
    const cites = (xrefs: readonly ResolvedXref[]) => xrefs.filter(citesEntry).map((x) => x.key).join('\n');
    const macros = this.macroChanges(fi, now.parsed);
    if (
      !this.resolveAlone(fi, r) ||
      !starts ||
      !this.restAlike(fi, old, now, r, was.exported) ||
      !macros ||
      this.quoted.size !== quotedBefore.size ||
      // (In any file: the edit may cite an entry for the file's first time; found by review.)
      cites(r.xrefs) !== cites(itemsOf(this.xrefs, (x) => x.file, fi))
    ) {
      this.restoreQuoted(quotedBefore);
      for (const def of added) this.keywords.delete(def.key);
      for (const def of removed) this.keywords.set(def.key, def);
      return undefined;
    }
    // The references elsewhere to names taken away, before patch() takes this file's out of their lists.
    const orphans = removed.flatMap((def) => def.refs.filter((x) => x.file !== fi));
    // (The errors on \IM paragraphs, none of which the edit touched, stay as they are.)
    if (crossFile) r.diagnostics.push(...this.diagnostics[fi].filter((d) => d.code === UNKNOWN_TAG));
    this.defineMacros(fi, macros);
    this.patch(fi, old, r, (def) => this.keywords.get(def.key)!);
    this.restartAfter(fi, starts, restated);
    this.citationsRevision++;
    const touched = this.reresolve(keys, fi, orphans);
    touched.add(fi);
    return touched;
  }

  /**
   * The other edit that need not rebuild the set: heading keywords renamed, nothing else of
   * what the file gives the others changed. The keyword table is re-keyed, the file patched,
   * and only references to the old and new names re-resolved (and the did-you-mean of the
   * set's unresolved references, which the new names may improve). Returns the files whose
   * diagnostics may have changed, or undefined when the set must be rebuilt.
   */
  private rekey(fi: number, old: FileAnalysis, source: SourceFile): Set<number> | undefined {
    const mine = this.definitionsOf(fi);
    if (mine.some((d) => d.duplicateOf) || this.firstOfDuplicates(fi)) return undefined;
    // The file's definitions as the edit left them, registered nowhere.
    const fresh = emptyResult();
    this.numberFile(fi, Numberer.restore(this.numberingNames, this.numberingAt[fi]), () => undefined, fresh);
    if (fresh.definitions.length !== mine.length) return undefined;
    const renamed = new Map<string, string>();
    const newKeys = new Set<string>();
    for (let k = 0; k < mine.length; k++) {
      const a = mine[k].def;
      const b = fresh.definitions[k].def;
      if (a.kind !== b.kind || a.level !== b.level || a.words?.number !== b.words?.number || a.words?.designation !== b.words?.designation) return undefined;
      if (newKeys.has(b.key)) return undefined;
      newKeys.add(b.key);
      if (a.key === b.key) continue;
      if (a.kind === 'biblio' || this.keywords.has(b.key)) return undefined;
      renamed.set(a.key, b.key);
    }
    const keys = new Set([...renamed.keys(), ...renamed.values()]);
    if (renamed.size === 0 || this.citesAny(keys)) return undefined;
    // Re-key the table, then the edit is an ordinary one for this file.
    const before = new Map<KeywordDef, string>();
    for (const [a, b] of renamed) {
      const def = this.keywords.get(a)!;
      before.set(def, a);
      this.rename(def, b);
    }
    // What the file gave the others before the edit, under the new names.
    const exported = this.exported[fi];
    const now = this.files[fi];
    this.files[fi] = old;
    this.exported[fi] = this.exportsOf(fi, this.ownResult(fi));
    this.files[fi] = now;
    const patched = this.update(fi, source);
    if (!patched) {
      for (const [def, a] of before) this.rename(def, a);
      this.exported[fi] = exported;
      return undefined;
    }
    const touched = this.reresolve(keys, fi);
    touched.add(fi);
    this.citationsRevision++;
    return touched;
  }

  /** A definition under a new name, in the keyword table too (its references are reresolve's). */
  private rename(def: KeywordDef, name: string): void {
    this.keywords.delete(def.key);
    def.key = name;
    this.keywords.set(name, def);
  }

  /** Whether a \BR or \nocite names any of these keywords (their effects reach across files in order). */
  private citesAny(names: ReadonlySet<string>): boolean {
    return this.refsNaming(names).some((x) => x.kind === 'BR' || x.kind === 'nocite');
  }

  /** The set's unresolved references: those the files' diagnostics say are. */
  private unresolvedRefs(): ResolvedXref[] {
    const out: ResolvedXref[] = [];
    for (const list of this.diagnostics) {
      for (const d of list) {
        const x = this.problemOf.get(d);
        if (x) out.push(x);
      }
    }
    return out;
  }

  /** The references (\BR and \nocite among them) naming any of these keywords: in their targets' lists, or unresolved. */
  private refsNaming(names: ReadonlySet<string>): ResolvedXref[] {
    const out = new Set<ResolvedXref>();
    for (const name of names) for (const x of this.keywords.get(name)?.refs ?? []) if (names.has(x.key)) out.add(x);
    for (const x of this.unresolvedRefs()) if (names.has(x.key)) out.add(x);
    return [...out];
  }

  /**
   * Resolve again the references to names that a rename took away or gave (those of file
   * `skip` aside), and the did-you-mean of every unresolved one, which the new names may
   * improve. Returns the files whose diagnostics may have changed.
   */
  private reresolve(keys: ReadonlySet<string>, skip: number, also: readonly ResolvedXref[] = []): Set<number> {
    const touched = new Set<number>();
    const unresolved = this.unresolvedRefs();
    for (const x of new Set([...this.refsNaming(keys), ...also])) {
      if (x.file === skip) continue;
      const target = this.keywords.get(x.key);
      if (x.target) x.target.refs.splice(x.target.refs.indexOf(x), 1);
      if (x.problem) this.diagnostics[x.file].splice(this.diagnostics[x.file].indexOf(x.problem), 1);
      x.target = target;
      x.problem = undefined;
      if (target) {
        target.refs.push(x);
        target.refs.sort(inCiteOrder);
      } else {
        this.unresolved(x, { diagnostics: this.diagnostics[x.file] });
      }
      touched.add(x.file);
    }
    for (const x of unresolved) {
      if (x.file === skip || keys.has(x.key)) continue;
      const was = x.problem!;
      const list = this.diagnostics[x.file];
      list.splice(list.indexOf(was), 1);
      this.unresolved(x, { diagnostics: list });
      if (x.problem!.message !== was.message) touched.add(x.file);
    }
    return touched;
  }

  /**
   * The keywords an edit gave to headings and bibliography entries read again (definition to
   * new name), when renaming them changes only which references resolve (and so which entries
   * are cited, and which \BR gives a citation: the caller works those out again): each is its
   * name's one definition and the new name is defined nowhere. Undefined otherwise, as when a
   * keyword changed on a paragraph that defined nothing (it may define now).
   */
  private renamesIn(reread: ReadonlyMap<Paragraph, Paragraph>, defs: readonly KeywordDef[]): Map<KeywordDef, string> | undefined {
    const defining = new Set(defs.map((d) => d.para));
    for (const [a, b] of reread) if (a.keywords[0]?.text !== b.keywords[0]?.text && !defining.has(a)) return undefined;
    const renamed = new Map<KeywordDef, string>();
    const names = new Set<string>();
    for (const def of defs) {
      const name = reread.get(def.para)!.keywords[0].text;
      if (name === def.key) continue;
      if (name === '' || this.keywords.has(name) || names.has(name) || this.keywords.get(def.key) !== def) return undefined;
      renamed.set(def, name);
      names.add(name).add(def.key);
    }
    if (renamed.size === 0) return renamed;
    if (this.repeats().some((d) => renamed.has(d.duplicateOf!))) return undefined;
    return renamed;
  }

  /**
   * An edit that numbers paragraphs of its file afresh (a heading typed or deleted, a list item
   * pasted), worked out over the window of paragraphs it can reach, not the file: from the last
   * chapter or appendix kept before it (numbering resumes from the state saved there) to the
   * first one after it where numbering is back in its old state, or to the file's end and on
   * (startsAfter). The window's definitions are made again, those under a name it had before
   * keeping their identity; a new name must be defined nowhere else, and no \BR or \nocite
   * may name one that comes, goes, or becomes an entry or stops being one. Undefined when the
   * edit is not of that kind (a \cfg that names what numbering prints, or a \BR, read again:
   * they reach further).
   */
  private renumber(fi: number, now: FileAnalysis, paras: ReplacedRun<Paragraph>): Renumbering | undefined {
    const after = now.parsed.paragraphs;
    const refused = (p: Paragraph) => namesNumbering(p) || p.kind === 'br';
    if (paras.removed.some(refused) || after.slice(paras.start, paras.newEnd).some(refused)) return undefined;
    const hRun = runOf(this.headings, (h) => h.file, fi);
    const dRun = runOf(this.definitions, (d) => d.def.file, fi);
    let from = paras.start;
    while (from > 0 && !startsChapter(after[from - 1])) from--;
    let state = this.numberingAt[fi];
    let [hAt, dAt] = [hRun[0], dRun[0]];
    if (from > 0) {
      // Items after that chapter (kept, before the edit) start past it: those of paragraphs
      // the edit replaced at their old places, those after them at their new ones.
      const chapter = after[from - 1];
      const past = (p: Paragraph) => p.span.start > chapter.span.start;
      hAt += partitionPoint(hRun[1] - hRun[0], (k) => past(this.headings[hRun[0] + k].para));
      dAt += partitionPoint(dRun[1] - dRun[0], (k) => past(this.definitions[dRun[0] + k].def.para));
      const h = this.headings[hAt - 1];
      if (hAt === hRun[0] || h.para !== chapter || h.state === undefined) return undefined;
      state = h.state;
    }
    const numberer = Numberer.restore(this.numberingNames, state);
    const r = emptyResult();
    let to = from;
    let converged = false;
    // The old headings, walked in step to find the saved states of the chapters kept after the edit.
    let h = hAt;
    while (to < after.length && !converged) {
      const p = after[to++];
      this.numberParagraph(fi, now.parsed, p, numberer, () => undefined, r);
      if (to <= paras.newEnd || !startsChapter(p)) continue;
      while (h < hRun[1] && this.headings[h].para !== p) h++;
      if (h === hRun[1]) return undefined;
      converged = this.headings[h].state === r.headings[r.headings.length - 1].state;
    }
    const restated: [Heading, string][] = [];
    const starts = converged ? [] : this.startsAfter(fi, numberer, restated);
    if (!starts) return undefined;
    // The window's old items: those of its paragraphs as they were.
    const window = new Set([...after.slice(from, paras.start), ...paras.removed, ...after.slice(paras.newEnd, to)]);
    let [hTo, dTo] = [hAt, dAt];
    while (hTo < hRun[1] && window.has(this.headings[hTo].para)) hTo++;
    while (dTo < dRun[1] && window.has(this.definitions[dTo].def.para)) dTo++;
    const entries = this.definitions.slice(dAt, dTo);
    // (A name defined twice: its finding and the first definition's place are the longer way's.)
    if (entries.some((d) => d.duplicateOf) || this.firstOfDuplicates(fi)) return undefined;
    const old = entries.map((d) => d.def);
    const before = new Map(old.map((def) => [def.key, def]));
    const kept = new Map<KeywordDef, KeywordDef>();
    const added: KeywordDef[] = [];
    // Names that become a bibliography entry or stop being one: cited, or not, afresh (recite).
    const rekinded: KeywordDef[] = [];
    const names = new Set<string>();
    for (const { def } of r.definitions) {
      if (names.has(def.key)) return undefined;
      names.add(def.key);
      const was = before.get(def.key);
      if (was && (was.kind === 'biblio') !== (def.kind === 'biblio')) rekinded.push(was);
      if (was) kept.set(was, def);
      else if (this.keywords.has(def.key)) return undefined;
      else added.push(def);
    }
    const removed = old.filter((def) => !names.has(def.key));
    if (this.citesAny(new Set([...added, ...removed, ...rekinded].map((d) => d.key)))) return undefined;
    const cmds = new Set([...window].map((p) => p.cmdSpan));
    return {
      definitions: { at: [dAt, dTo], now: r.definitions.map(({ def }) => def) },
      headings: { at: [hAt, hTo], now: r.headings },
      jumps: { old: new Set(this.diagnostics[fi].filter((d) => d.code === SECT_JUMP && cmds.has(d.span))), now: r.diagnostics },
      kept,
      added,
      removed,
      rekinded,
      starts,
      restated,
    };
  }

  /**
   * Bibliography entries that came or were renamed, and names that became an entry or stopped
   * being one: each is cited if a reference other than a \BR leads to it (and a name no longer
   * an entry has no citation), the entries are numbered again, and the files whose references
   * lead somewhere else now give the others something else (whether they cite an entry).
   */
  private recite(defs: readonly KeywordDef[], files: Iterable<number>): void {
    for (const def of defs) {
      def.cited = def.kind === 'biblio' && def.refs.some((x) => x.kind !== 'BR');
      if (def.kind !== 'biblio') def.citation = undefined;
    }
    this.numberBibliography();
    for (const f of files) this.exported[f] = undefined;
  }

  /**
   * \BR references a rename moved (to the renamed keywords, or to none): their findings made
   * again, and the renamed keywords' citations given by their \BRs again, in document order.
   */
  private recitedByBR(moved: readonly ResolvedXref[], defs: readonly KeywordDef[]): void {
    for (const x of moved) removeWhere(this.diagnostics[x.file], (d) => d.code === MULTIPLE_BR && d.span === x.keySpan);
    for (const def of defs) {
      def.citation = undefined;
      for (const x of def.refs) if (x.kind === 'BR') this.citeBR(x, def, this.diagnostics[x.file]);
    }
  }

  /** A renumbering patched in (see renumber), after the edit's references: the files whose diagnostics may have changed. */
  private renumbered(fi: number, plan: Renumbering): Set<number> {
    const renewed = new Map<KeywordDef, KeywordDef>();
    for (const [into, def] of plan.kept) {
      takePlaceOf(into, def);
      renewed.set(def, into);
    }
    for (const def of plan.removed) this.keywords.delete(def.key);
    for (const def of plan.added) this.keywords.set(def.key, def);
    const defs = plan.definitions.now.map((def) => ({ def: renewed.get(def) ?? def }));
    // (No repeated name comes or goes: renumber takes no window that holds one, nor a name defined elsewhere.)
    this.definitions.splice(plan.definitions.at[0], plan.definitions.at[1] - plan.definitions.at[0], ...defs);
    for (const h of plan.headings.now) if (h.def) h.def = renewed.get(h.def) ?? h.def;
    this.headings.splice(plan.headings.at[0], plan.headings.at[1] - plan.headings.at[0], ...plan.headings.now);
    this.diagnostics[fi].push(...plan.jumps.now);
    this.restartAfter(fi, plan.starts, plan.restated);
    this.citationsRevision++;
    // The references to names that came or went, this file's among them; and to those taken
    // away, which the table no longer leads to.
    const keys = new Set([...plan.added, ...plan.removed].map((d) => d.key));
    const touched = this.reresolve(keys, -1, plan.removed.flatMap((def) => def.refs));
    // (A reference to a name that became an entry, or stopped being one, cites something else.)
    for (const def of plan.rekinded) for (const x of def.refs) touched.add(x.file);
    // Entries in the window may also have changed places, which numbers them in another order
    // (found by review: an entry moved past another).
    const entries = plan.rekinded.length > 0 || [...plan.definitions.now, ...plan.removed].some((def) => def.kind === 'biblio');
    if (entries) this.recite([...plan.added, ...plan.rekinded], touched);
    return touched;
  }

  /**
   * The commonest edits, typing in running text, pasting a paragraph of it, or editing a
   * heading's title or keyword, patched in without analysing the file again: when the
   * paragraphs the edit replaced and those that replaced them leave numbering alike
   * (numberedAlike; so numbering, \cfg and macros cannot have changed), only their references,
   * index uses and macro uses are taken out and the new ones put in, definitions re-pointed
   * (and renamed: renamesIn). Where they number afresh (a heading or list item typed, pasted
   * or deleted), numbering is made again over the window of paragraphs the edit reaches
   * (renumber). Its cost follows the edit, not the size of the file. Returns undefined when
   * the edit is not of that kind (nothing is changed then).
   */
  private patchProse(fi: number, old: FileAnalysis, now: FileAnalysis): Set<number> | undefined {
    const before = old.parsed;
    const after = now.parsed;
    // The same parse: nothing to compare against (rekey tries its edit again this way).
    if (before === after) return undefined;
    // (The old parse's lists are read only where the edit replaced them: the reparse may have
    // changed them in place, and they would be made again whole.)
    const paras = replacedIn(before, after, 'paragraphs');
    // (Before a file's first paragraph, the last kind is the previous file's: a list may run
    // on across a file of no paragraphs; found by review.)
    const prev = paras.start > 0 ? after.paragraphs[paras.start - 1].kind : Numberer.restore(this.numberingNames, this.numberingAt[fi]).previous;
    // Else numbering is made again over the window the edit reaches (renumber), nothing re-read one for one.
    const alike = numberedAlike(paras.removed, after.paragraphs.slice(paras.start, paras.newEnd), prev);
    const plan = alike ? undefined : this.renumber(fi, now, paras);
    if (!alike && !plan) return undefined;
    const reread = alike ?? new Map<Paragraph, Paragraph>();
    // \IM paragraphs read again: their rewrites swapped in the tags they name; a tag with no
    // implicit uses gets its error (on its first \IM) again.
    const rewrites = { old: paras.removed.filter((p) => p.kind === 'im'), now: after.paragraphs.slice(paras.start, paras.newEnd).filter((p) => p.kind === 'im') };
    // \cfg paragraphs read again (none names what numbering prints): their settings and findings swapped.
    const settings = { old: new Set(paras.removed.filter((p) => p.kind === 'cfg')), now: emptyResult() };
    for (const p of after.paragraphs.slice(paras.start, paras.newEnd)) this.configureParagraph(fi, p, settings.now);
    const rewritten = new Set([...rewrites.old, ...rewrites.now].flatMap((p) => p.keywords.map((k) => k.text.toLowerCase())));
    // Macros the edited paragraphs define, change or take out: the table takes them, when no
    // later file looked a changed one up (the reparse read this file on as far as it may).
    const redefining = !sameItems(before.macroDefs, after.macroDefs);
    const macros = redefining ? this.macroChanges(fi, after) : undefined;
    if (redefining && !macros) return undefined;
    // Index uses: those of the replaced paragraphs are taken out of their tags and the new ones
    // put in (reindex); the case warnings on those taken out go with them.
    const uses = replacedIn(before, after, 'indexUses');
    // The set's findings in the replaced paragraphs must be ones this patch redoes (unresolved references).
    const refs = replacedIn(before, after, 'xrefs');
    const gone = new Set(refs.removed);
    // The file's run in the set's list: its \BR and \nocite keywords first (see citeFile), then its references.
    let at = firstOfFile(this.xrefs, (x) => x.file, fi);
    // \nocite paragraphs read again: their keywords' entries at the head of the run swapped.
    const nocites = {
      old: new Set(paras.removed.filter((p) => p.kind === 'nocite').flatMap((p) => p.keywords.map((k) => k.span))),
      now: after.paragraphs.slice(paras.start, paras.newEnd).filter((p) => p.kind === 'nocite'),
    };
    const anyNocites = nocites.old.size > 0 || nocites.now.length > 0;
    // (Where nothing is replaced, nothing is looked for: typing costs no walk of the file's references.)
    const anyRefs = refs.oldEnd > refs.start || refs.newEnd > refs.start;
    const headStart = at;
    while ((anyRefs || anyNocites) && at < this.xrefs.length && this.xrefs[at].file === fi && !this.xrefs[at].use) at++;
    const head = this.xrefs.slice(headStart, at);
    const uncited = head.filter((x) => x.kind === 'nocite' && nocites.old.has(x.keySpan));
    if (uncited.length !== nocites.old.size) return undefined;
    const nocited = nocites.now.flatMap((p) => nociteRefs(fi, p));
    // (A \nocite read again that names a name the renumbering makes or takes away: the longer way.
    // One naming a name that becomes an entry or stops being one resolves to the same definition,
    // and recite counts its reference afterwards.)
    if (plan && nocited.length > 0) {
      const coming = new Set([...plan.added, ...plan.removed].map((def) => def.key));
      if (nocited.some((x) => coming.has(x.key))) return undefined;
    }
    for (const x of nocited) x.target = this.keywords.get(x.key);
    if (anyRefs) {
      // Past the last checked reference kept before the edit, found by binary search (counting
      // those before the edit walked half a 12 MB file's references a keystroke): those kept start
      // no later than it, the replaced ones are known by identity, and those after start past it.
      let prev: XrefUse | undefined;
      for (let i = refs.start - 1; i >= 0 && !prev; i--) if (after.xrefs[i].checked) prev = after.xrefs[i];
      if (prev) {
        const last = prev.span.start;
        const from = at;
        at += partitionPoint(firstOfFile(this.xrefs, (x) => x.file, fi + 1) - from, (k) => {
          const use = this.xrefs[from + k].use!;
          return gone.has(use) || use.span.start > last;
        });
        if (at === 0 || this.xrefs[at - 1].use !== prev) return undefined;
      }
    }
    let count = 0;
    while (at + count < this.xrefs.length && this.xrefs[at + count].file === fi && this.xrefs[at + count].use && gone.has(this.xrefs[at + count].use!)) count++;
    const removed = this.xrefs.slice(at, at + count);
    if (count !== refs.removed.filter((u) => u.checked).length) return undefined;
    const redone = new Set<Diagnostic | undefined>([...removed.map((x) => x.problem), ...uncited.map((x) => x.problem), ...(plan?.jumps.old ?? [])]);
    if (settings.old.size > 0) {
      const spans = new Set([...settings.old].flatMap((p) => p.keywords.map((k) => k.span)));
      for (const d of this.diagnostics[fi]) if (CFG_CODES.has(d.code) && spans.has(d.span)) redone.add(d);
    }
    const warned = new Set(uses.removed.map(caseWarningSpan));
    if (warned.size > 0) for (const d of this.diagnostics[fi]) if (d.code === CASE_WARNING && warned.has(d.span)) redone.add(d);
    for (const name of rewritten) {
      const tag = this.index.get(name);
      if (tag) redone.add(this.unknownTagProblems.get(tag)?.diagnostic);
    }
    if (paras.removed.length > 0) {
      const from = paras.removed[0].span.start;
      const to = paras.removed[paras.removed.length - 1].span.end;
      if (this.diagnostics[fi].some((d) => !redone.has(d) && d.span.end >= from && d.span.start <= to)) return undefined;
    }
    // Findings that point at another place of this file (a duplicate keyword, an index tag's
    // case) quote its line in their message and hold its span: when lines come or go (found by
    // the fuzzer), or the place is an edited paragraph's, the file takes the longer way.
    const pointers = this.diagnostics[fi].filter((d) => d.related?.some((r) => r.file === now.source.id));
    if (pointers.length > 0) {
      const { start, oldEnd, newEnd } = changedRange(old.source.text, now.source.text);
      if (/[\r\n]/.test(old.source.text.slice(start, oldEnd)) || /[\r\n]/.test(now.source.text.slice(start, newEnd))) return undefined;
      // The first paragraph of the old text from the edit on: a replaced one, or the first after them.
      const first = paras.removed[0] ?? after.paragraphs[paras.newEnd];
      const from = first ? first.span.start : start;
      if (pointers.some((d) => d.related!.some((r) => r.file === now.source.id && r.span.end >= Math.min(from, start)))) return undefined;
    }
    const added: ResolvedXref[] = [];
    for (const use of after.xrefs.slice(refs.start, refs.newEnd)) {
      if (!use.checked) continue;
      added.push({ file: fi, use, keySpan: use.keySpan, span: use.span, key: use.key, kind: use.upper ? 'K' : 'k', target: this.keywords.get(use.key) });
    }
    // A bibliography entry cited, or no longer, numbers the entries after it again (below).
    // (Typing in a paragraph that cites one takes its reference out and puts it back.)
    const takenOut = new Set([...removed, ...uncited]);
    const putIn = [...added, ...nocited];
    const recited = new Map<KeywordDef, boolean>();
    for (const def of new Set([...takenOut, ...putIn].map((x) => x.target))) {
      if (def?.kind !== 'biblio') continue;
      const cited = def.refs.some((x) => x.kind !== 'BR' && !takenOut.has(x)) || putIn.some((x) => x.target === def);
      if (cited !== def.cited) recited.set(def, cited);
    }

    // Where each replaced use is in its tag's list; searched on from the last one found, as
    // the parser can record one use twice (found by the fuzzer: `\i\e{...` with no close).
    const places: { tag: IndexTagInfo; k: number }[] = [];
    const lastFound = new Map<IndexTagInfo, number>();
    for (const use of uses.removed) {
      const tag = this.index.get(use.tag.toLowerCase());
      if (!tag) return undefined;
      let k = (lastFound.get(tag) ?? -1) + 1;
      while (k < tag.uses.length && tag.uses[k].use !== use) k++;
      if (k === tag.uses.length) return undefined;
      lastFound.set(tag, k);
      places.push({ tag, k });
    }

    // Headings read again, or edited in their title or keyword: their definitions, and the new names.
    const redefined: KeywordDef[] = [];
    // Items are found from where the last paragraph kept before the edit ends: those before it
    // start before that, the replaced ones (at their old places) and those after at or past it.
    // (Not from the first replaced paragraph's old start: text deleted before it moves those
    // after it further back; found by review.)
    const replaced = reread.size > 0 ? { paras: new Set(paras.removed), at: paras.start > 0 ? after.paragraphs[paras.start - 1].span.end : 0 } : undefined;
    if (replaced) {
      for (const i of itemsInRun(this.definitions, runOf(this.definitions, (d) => d.def.file, fi), (d) => d.def.para, replaced)) {
        if (reread.has(this.definitions[i].def.para)) redefined.push(this.definitions[i].def);
      }
    }
    const renamed = this.renamesIn(reread, redefined);
    if (!renamed) return undefined;

    // From here on the patch cannot fail.
    this.files[fi] = now;
    if (replaced) {
      // The set's definitions and outline point at the paragraphs read again.
      for (const def of redefined) {
        const p = reread.get(def.para)!;
        [def.para, def.keyword, def.title] = [p, p.keywords[0], paragraphText(now.parsed, p)];
      }
      for (const i of itemsInRun(this.headings, runOf(this.headings, (h) => h.file, fi), (h) => h.para, replaced)) {
        this.headings[i].para = reread.get(this.headings[i].para) ?? this.headings[i].para;
      }
    }
    this.diagnostics[fi] = this.diagnostics[fi].filter((d) => !redone.has(d));
    if (settings.old.size > 0 || settings.now.cfg.length > 0) {
      // (A file holds few: its run is made again, in document order.)
      const [from, to] = runOf(this.cfg, (c) => c.file, fi);
      const run = [...this.cfg.slice(from, to).filter((c) => !settings.old.has(c.para)), ...settings.now.cfg].sort((a, b) => a.para.span.start - b.para.span.start);
      this.cfg.splice(from, to - from, ...run);
      this.diagnostics[fi].push(...settings.now.diagnostics);
    }
    const targets = new Set<KeywordDef>();
    for (const x of takenOut) if (x.target) x.target.refs.splice(x.target.refs.indexOf(x), 1);
    for (const x of putIn) {
      if (x.target) {
        x.target.refs.push(x);
        targets.add(x.target);
      } else {
        this.unresolved(x, { diagnostics: this.diagnostics[fi] });
      }
    }
    for (const def of targets) def.refs.sort(inCiteOrder);
    this.xrefs.splice(at, count, ...added);
    // (The head is before `at`: taken out and put in after the references.)
    if (anyNocites) this.xrefs.splice(headStart, head.length, ...[...head.filter((x) => !takenOut.has(x)), ...nocited].sort(inCiteOrder));
    // (Citing a bibliography entry is part of what a file gives the others, found by review; so
    // is whether it has \nocite paragraphs.)
    if (anyNocites || removed.some(citesEntry) || added.some(citesEntry)) this.exported[fi] = undefined;
    if (recited.size > 0) {
      for (const [def, cited] of recited) def.cited = cited;
      this.numberBibliography();
      this.citationsRevision++;
    }
    const touched = this.reindex(fi, places, after.indexUses.slice(uses.start, uses.newEnd));
    for (const f of this.rewrite(fi, rewrites.old, rewrites.now, rewritten)) touched.add(f);
    // (Whether the file has \IM paragraphs is part of what it gives the others.)
    if (rewrites.old.length !== rewrites.now.length) this.exported[fi] = undefined;
    if (macros) {
      this.defineMacros(fi, macros);
      // A macro an earlier file defines, defined again in the edited paragraphs: the parser's
      // error is related to the first definition, as parseAll relates it.
      const defs = replacedIn(before, after, 'macroDefs');
      for (const d of after.macroDefs.slice(defs.start, defs.newEnd)) {
        const info = this.macros.get(d.name);
        if (info && info.file < fi) this.relateRedefinition(after, d, info);
      }
    }
    // Macro uses outside the edited paragraphs are the same objects (their spans moved with
    // the parse); only the macros used in the edited ones have their lists redone.
    const mu = replacedIn(before, after, 'macroUses');
    const names = new Set([...mu.removed, ...after.macroUses.slice(mu.start, mu.newEnd)].map((u) => u.name));
    for (const name of names) {
      const info = this.macros.get(name);
      if (info) splice(info.uses, (u) => u.file, fi, after.macroUses.filter((u) => u.name === name).map((u) => ({ file: fi, span: u.span })));
    }
    if (plan) for (const f of this.renumbered(fi, plan)) touched.add(f);
    if (renamed.size === 0) return touched;
    // Renamed keywords: the table re-keyed, and the references to the old and new names (this
    // file's new ones among them, resolved above under the old names) resolved again.
    const keys = new Set<string>();
    for (const [def, name] of renamed) {
      keys.add(def.key).add(name);
      this.rename(def, name);
    }
    const brs = this.refsNaming(keys).filter((x) => x.kind === 'BR');
    const moved = this.reresolve(keys, -1);
    if (brs.length > 0) this.recitedByBR(brs, [...renamed.keys()]);
    for (const f of moved) touched.add(f);
    this.exported[fi] = undefined;
    this.citationsRevision++;
    // A bibliography entry renamed is cited, or not, under its new name: the entries are
    // numbered again, and the files whose references moved cite something else.
    const entries = [...renamed.keys()].filter((def) => def.kind === 'biblio');
    if (entries.length > 0) this.recite(entries, moved);
    return touched;
  }

  /**
   * \IM paragraphs of file `fi` replaced: their rewrites taken out of their tags and the new
   * ones put in, in the order halibut reads them (by file, then place). A tag with no implicit
   * uses that they name is made or dropped, and its error put on its first \IM again. Returns
   * the files whose diagnostics changed (such a tag's first \IM may be in another file).
   */
  private rewrite(fi: number, old: readonly Paragraph[], now: readonly Paragraph[], names: ReadonlySet<string>): number[] {
    for (const p of old) for (const k of p.keywords) removeWhere(this.index.get(k.text.toLowerCase())?.rewrites ?? [], (r) => r.para === p);
    for (const p of now) {
      for (const keyword of p.keywords) {
        const folded = keyword.text.toLowerCase();
        let tag = this.index.get(folded);
        if (!tag) this.index.set(folded, (tag = { name: keyword.text, uses: [], rewrites: [] }));
        const list = tag.rewrites;
        list.splice(partitionPoint(list.length, (i) => list[i].file > fi || (list[i].file === fi && list[i].para.span.start > p.span.start)), 0, { file: fi, para: p, keyword });
      }
    }
    const touched: number[] = [];
    for (const name of names) {
      const tag = this.index.get(name);
      if (!tag || tag.uses.length > 0) continue;
      const was = this.unknownTagProblems.get(tag);
      if (was) {
        removeWhere(this.diagnostics[was.file], (d) => d === was.diagnostic);
        this.unknownTagProblems.delete(tag);
        touched.push(was.file);
      }
      if (tag.rewrites.length === 0) {
        this.index.delete(name);
        continue;
      }
      tag.name = tag.rewrites[0].keyword.text;
      this.reportUnknownTag(tag);
      touched.push(tag.rewrites[0].file);
    }
    return touched;
  }

  /**
   * An edit's index uses in the tags' lists: those of the replaced paragraphs taken out (each at
   * its place in its tag's list) and the new ones put in, in document order. A tag whose first
   * use changed takes the new one's name, and every use of it is checked again for halibut's
   * case warning; otherwise only the new uses are. A tag left with no use is an \IM error, or
   * goes; one given its first use ends its \IM error; and since the did-you-mean of those errors
   * offers the tags in use, all of them are worked out again when that list changed. Returns
   * the files whose diagnostics may have changed. Its cost follows the tags the edit touched.
   */
  private reindex(fi: number, places: readonly { tag: IndexTagInfo; k: number }[], added: readonly IndexUse[]): Set<number> {
    type Entry = IndexTagInfo['uses'][number];
    const touched = new Set([fi]);
    // The tags touched, each with its first use before the edit.
    const firstBefore = new Map<IndexTagInfo, Entry | undefined>();
    for (const { tag } of places) if (!firstBefore.has(tag)) firstBefore.set(tag, tag.uses[0]);
    // (A tag's places were found in increasing order: taking them out from the last keeps the others right.)
    for (let j = places.length - 1; j >= 0; j--) places[j].tag.uses.splice(places[j].k, 1);
    const fresh = new Map<IndexTagInfo, Entry[]>();
    for (const use of added) {
      const folded = use.tag.toLowerCase();
      let tag = this.index.get(folded);
      if (!tag) this.index.set(folded, (tag = { name: use.tag, uses: [], rewrites: [] }));
      if (!firstBefore.has(tag)) firstBefore.set(tag, tag.uses[0]);
      const list = tag.uses;
      const entry = { file: fi, use };
      list.splice(partitionPoint(list.length, (i) => list[i].file > fi || (list[i].file === fi && list[i].use.span.start > use.span.start)), 0, entry);
      fresh.set(tag, [...(fresh.get(tag) ?? []), entry]);
    }
    let inUseChanged = false;
    for (const [tag, was] of firstBefore) {
      const first = tag.uses[0];
      if (!first) {
        inUseChanged ||= was !== undefined;
        if (tag.rewrites.length === 0) {
          this.index.delete(tag.name.toLowerCase());
        } else if (was) {
          tag.name = tag.rewrites[0].keyword.text;
          this.reportUnknownTag(tag);
          touched.add(tag.rewrites[0].file);
        }
        continue;
      }
      if (!was) {
        inUseChanged = true;
        const problem = this.unknownTagProblems.get(tag);
        if (problem) {
          removeWhere(this.diagnostics[problem.file], (d) => d === problem.diagnostic);
          this.unknownTagProblems.delete(tag);
          touched.add(problem.file);
        }
      }
      // A first use read again, even unchanged, is a new object: the warnings point at the old one.
      const firstChanged = first !== was;
      if (firstChanged && was) {
        if (tag.name !== first.use.tag) inUseChanged = true;
        const warned = tag.uses.filter((e) => e.use.tag !== tag.name);
        const spans = new Set(warned.map((e) => caseWarningSpan(e.use)));
        for (const f of new Set(warned.map((e) => e.file))) {
          removeWhere(this.diagnostics[f], (d) => d.code === CASE_WARNING && spans.has(d.span));
          touched.add(f);
        }
      }
      tag.name = first.use.tag;
      // Checked: every use when the first changed, else the new ones (which have no warning yet).
      for (const e of firstChanged ? tag.uses : (fresh.get(tag) ?? [])) {
        if (e === first || e.use.tag === tag.name) continue;
        this.diagnostics[e.file].push(this.caseWarning(e.file, e.use, tag.name, first));
        touched.add(e.file);
      }
    }
    if (inUseChanged) {
      this.tagNames = undefined;
      for (const [tag, { file, diagnostic }] of [...this.unknownTagProblems]) {
        removeWhere(this.diagnostics[file], (d) => d === diagnostic);
        this.unknownTagProblems.delete(tag);
        this.reportUnknownTag(tag);
        if (this.unknownTagProblems.get(tag)!.diagnostic.message !== diagnostic.message) touched.add(file);
      }
    }
    if (firstBefore.size > 0) this.exported[fi] = undefined;
    return touched;
  }

  /**
   * Put a file's new analysis in place of its old one, keeping the identity of its keyword
   * definitions: `kept` names the set's definition that each new one (the k-th) renews, which
   * takes its place, title and number.
   */
  private patch(fi: number, old: FileAnalysis, r: FileResult, kept: (def: KeywordDef, k: number) => KeywordDef): void {
    const renewed = new Map<KeywordDef, KeywordDef>();
    r.definitions.forEach(({ def }, k) => {
      const into = kept(def, k);
      renewed.set(def, into);
      if (into !== def) takePlaceOf(into, def);
    });
    splice(this.definitions, (d) => d.def.file, fi, r.definitions.map(({ def, duplicateOf }) => ({ def: renewed.get(def)!, duplicateOf: duplicateOf && (renewed.get(duplicateOf) ?? duplicateOf) })));
    this.repeated = undefined;
    for (const h of r.headings) if (h.def) h.def = renewed.get(h.def) ?? h.def;
    splice(this.headings, (h) => h.file, fi, r.headings);
    splice(this.cfg, (c) => c.file, fi, r.cfg);
    // References: the file's own, and their place in each target's list.
    const touched = new Set<KeywordDef>();
    for (const x of itemsOf(this.xrefs, (x) => x.file, fi)) if (x.target) touched.add(x.target);
    for (const x of r.xrefs) if (x.target) touched.add((x.target = renewed.get(x.target) ?? x.target));
    splice(this.xrefs, (x) => x.file, fi, r.xrefs);
    const refsTo = groupBy(r.xrefs, (x) => x.target);
    for (const def of touched) splice(def.refs, (x) => x.file, fi, refsTo.get(def) ?? []);
    const usesOf = groupBy(r.indexUses, (u) => u.tag);
    for (const use of old.parsed.indexUses) {
      const tag = this.index.get(use.tag.toLowerCase())!;
      if (!usesOf.has(tag)) usesOf.set(tag, []);
    }
    for (const [tag, uses] of usesOf) splice(tag.uses, (u) => u.file, fi, uses.map(({ use }) => ({ file: fi, use })));
    // The first definition of a name stands, as in parseAll; a second one in this same file
    // is the parser's to report (found by the fuzzer: the last one used to win here).
    const definedHere = new Set<string>();
    for (const d of old.parsed.diagnostics) this.relatedOf.delete(d);
    for (const d of this.files[fi].parsed.macroDefs) {
      const info = this.macros.get(d.name);
      if (info && info.file === fi) {
        if (!definedHere.has(d.name)) info.def = d;
        definedHere.add(d.name);
      } else if (info) this.relateRedefinition(this.files[fi].parsed, d, info);
    }
    const usesByName = groupBy(this.files[fi].parsed.macroUses, (u) => u.name);
    for (const info of this.macros.values()) {
      splice(info.uses, (u) => u.file, fi, (usesByName.get(info.def.name) ?? []).map((u) => ({ file: fi, span: u.span })));
    }
    this.diagnostics[fi] = r.diagnostics;
  }
  /** What halibut prints for a reference to a keyword. */
  static cite(def: KeywordDef, upper: boolean): string | undefined {
    if (def.kind === 'biblio') return def.citation;
    return def.words ? citeText(def.words, upper) : undefined;
  }
}

/** Paragraph kinds that give the set nothing but their inline content (no number, keyword or setting). */
const PROSE_KINDS: ReadonlySet<ParaKind> = new Set<ParaKind>(['normal', 'bullet', 'numbered', 'dt', 'dd', 'code', 'rule', 'quote-push', 'quote-pop', 'lcont-push', 'lcont-pop']);
/** Of those, the kinds of which numbering remembers only that one was the last paragraph (see Numberer.next). */
const PLAIN_KINDS: ReadonlySet<ParaKind> = new Set<ParaKind>(['normal', 'bullet', 'dt', 'dd', 'code', 'rule', 'quote-push', 'quote-pop']);
/** Paragraphs that number or define, which an edit just after them makes the parser read again. */
const DEFINING_KINDS: ReadonlySet<ParaKind> = new Set<ParaKind>(['chapter', 'heading', 'appendix', 'unnumbered', 'numbered', 'biblio']);
/** Kinds whose numbering reads the kind of the paragraph before (a list runs on, or its state is saved or given back). */
const LIST_KINDS: ReadonlySet<ParaKind> = new Set<ParaKind>(['numbered', 'lcont-push', 'lcont-pop']);

/**
 * Whether a paragraph read again numbers and defines as it did, its place aside: its title
 * and its keyword's name may have changed (patchProse carries both over; see renamesIn).
 */
function numbersAlike(a: Paragraph, b: Paragraph): boolean {
  return (
    DEFINING_KINDS.has(a.kind) &&
    a.kind === b.kind &&
    a.level === b.level &&
    a.cmdName === b.cmdName &&
    a.keywords.length === b.keywords.length &&
    a.keywords.every((k, i) => i === 0 || k.text === b.keywords[i].text)
  );
}

/**
 * Whether the paragraphs an edit replaced and those that replaced them leave numbering as it
 * was and definitions where they were (their names and titles aside). One for one from the
 * start: prose without keywords of the same kinds, or a numbering or defining paragraph read
 * again (the parser reads the paragraph before an edit again) or edited in its title or
 * keyword; then, where one side has more (a paragraph pasted or taken out), only plain prose
 * or \IM and \cfg paragraphs (which number nothing; patchProse swaps them), and both sides
 * ending with the same kind, or in kinds after which no list runs on (`prev`: the kind before
 * them), after which the numberer is in the same state. Where neither side holds a list item,
 * the paragraphs that number nothing may come or go anywhere among the others (a \nocite typed
 * before a bibliography entry, which the parser reads again). Returns the paragraphs read again
 * or edited (old to new), or undefined when the two are not alike.
 */
function numberedAlike(was: readonly Paragraph[], now: readonly Paragraph[], prev: ParaKind | 'none'): Map<Paragraph, Paragraph> | undefined {
  const prose = (p: Paragraph) => p.keywords.length === 0 && PROSE_KINDS.has(p.kind);
  // An \IM, a \nocite or a \cfg numbers nothing (patchProse swaps their rewrites, citations
  // and settings), unless the \cfg names what numbering prints.
  const inert = (p: Paragraph) => p.kind === 'im' || p.kind === 'nocite' || (p.kind === 'cfg' && !namesNumbering(p));
  const listed = [...was, ...now].some((p) => LIST_KINDS.has(p.kind));
  const [before, after] = listed ? [was, now] : [was.filter((p) => !inert(p)), now.filter((p) => !inert(p))];
  const reread = new Map<Paragraph, Paragraph>();
  let k = 0;
  for (; k < Math.min(before.length, after.length); k++) {
    if (prose(before[k]) && prose(after[k]) && before[k].kind === after[k].kind) continue;
    if (inert(before[k]) && inert(after[k]) && before[k].kind === after[k].kind) continue;
    if (!numbersAlike(before[k], after[k])) break;
    reread.set(before[k], after[k]);
  }
  const plain = (p: Paragraph) => (prose(p) && PLAIN_KINDS.has(p.kind)) || inert(p);
  if (!before.slice(k).every(plain) || !after.slice(k).every(plain)) return undefined;
  // Of the last kind, numbering remembers only whether it was a numbered item (see
  // Numberer.snapshot); after the end of an \lcont, whether the item before its start was
  // (found by a reviewer's fuzzer: a paragraph pasted after one).
  const last = (ps: readonly Paragraph[]) => (ps.length > 0 ? ps[ps.length - 1].kind : prev);
  const [a, b] = [last(was), last(now)];
  const mayBeNumbered = (kind: ParaKind | 'none') => kind === 'numbered' || kind === 'lcont-pop';
  return a === b || (!mayBeNumbered(a) && !mayBeNumbered(b)) ? reread : undefined;
}

/** The codes of halibut's warning on an index tag used in another case, its error on an \IM of a tag nothing indexes, and on a second \BR of an entry. */
const CASE_WARNING = msg.indexCase('', '', '', 0)[1];
const UNKNOWN_TAG = msg.noSuchIdxTag('')[1];
const MULTIPLE_BR = msg.multiBR('')[1];
const SECT_JUMP = msg.sectJump()[1];
/** The codes of halibut's findings on a \cfg paragraph (see configureParagraph). */
const CFG_CODES: ReadonlySet<string> = new Set([msg.charset('')[1], msg.cfgInsufficient('', 0)[1]]);

/** The references a \nocite paragraph makes, one per keyword, unresolved. */
function nociteRefs(fi: number, p: Paragraph): ResolvedXref[] {
  return p.keywords.map((k) => ({ file: fi, keySpan: k.span, span: k.braced, key: k.text, kind: 'nocite' }));
}

/** A kept definition takes the place, title and number of the one made afresh under its name. */
function takePlaceOf(into: KeywordDef, def: KeywordDef): void {
  [into.para, into.keyword, into.title, into.kind, into.level, into.words] = [def.para, def.keyword, def.title, def.kind, def.level, def.words];
}

/** A chapter or appendix: numbering forgets the sections before it (see Numberer.next). */
function startsChapter(p: Paragraph): boolean {
  return p.kind === 'chapter' || p.kind === 'appendix';
}

/** A \cfg that names chapters, sections or appendices (what numbering calls them, in every file). */
function namesNumbering(p: Paragraph): boolean {
  return p.kind === 'cfg' && /^(chapter|section|appendix)$/i.test(p.keywords[0]?.text ?? '');
}

/** A reference to a bibliography entry (which numbers the entries in the order they are first cited). */
function citesEntry(x: ResolvedXref): boolean {
  return x.target?.kind === 'biblio';
}

/** Paragraphs whose effects reach other files in order-dependent ways (see DocumentSet.exportsOf). */
function isCrossFile(p: Paragraph): boolean {
  return p.kind === 'br' || p.kind === 'nocite' || p.kind === 'im';
}

/** Where an index use's case warning is: its text, else (empty) its command. The warning holds this very span. */
function caseWarningSpan(use: IndexUse): Span {
  return use.textSpan.end > use.textSpan.start ? use.textSpan : use.cmdSpan;
}

/** Whether the numberer numbered a paragraph alike twice. */
function sameNumber(a: NumberResult, b: NumberResult): boolean {
  return a.kind === b.kind && a.level === b.level && (a.kind !== 'numbered' || (b.kind === 'numbered' && a.words.number === b.words.number && a.words.designation === b.words.designation));
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Index of the first item of file `fi` (or where it would go) in a list grouped by file, in file order. */
function firstOfFile<T>(list: readonly T[], fileOf: (item: T) => number, fi: number): number {
  return partitionPoint(list.length, (i) => fileOf(list[i]) >= fi);
}

/** References in the order citeFile finds them: by file, each file's \BR and \nocite keywords first, then its references, each in document order. */
function inCiteOrder(p: ResolvedXref, q: ResolvedXref): number {
  return p.file - q.file || (p.use ? 1 : 0) - (q.use ? 1 : 0) || p.span.start - q.span.start;
}

/** Takes out, in place, the items for which `pred` holds. */
function removeWhere<T>(list: T[], pred: (item: T) => boolean): void {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i])) list.splice(i, 1);
}

/** Items grouped by a key, each group in the items' order (a Map keeps the keys' first-seen order). */
function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const g = groups.get(k);
    if (g) g.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Where the run of items that belong to file `fi` is in a list grouped by file, in file order: [from, to). */
export function runOf<T>(list: readonly T[], fileOf: (item: T) => number, fi: number): [number, number] {
  return [firstOfFile(list, fileOf, fi), firstOfFile(list, fileOf, fi + 1)];
}

/**
 * Indices in list[from, to) (one file's items, in document order) of those whose paragraph an
 * edit replaced (`paras`; `at`, where the last paragraph kept before them ends): found by
 * binary search, not by a walk of the file's items. The items before the replaced ones start
 * before `at` (or there, where a paragraph is empty). The replaced paragraphs keep their
 * places in the old text (the reparse removed their checkpoints before moving the rest), which
 * come after that paragraph's, and those after them start at or past `at` in the new text: so
 * the run ends at the first item past `at` that was not replaced. (An item missed would keep a
 * stale paragraph, which the incremental property tests compare with a fresh set's.)
 */
function itemsInRun<T>(list: readonly T[], [from, to]: [number, number], paraOf: (item: T) => Paragraph, replaced: { paras: ReadonlySet<Paragraph>; at: number }): number[] {
  const out: number[] = [];
  for (let i = from + partitionPoint(to - from, (k) => paraOf(list[from + k]).span.start >= replaced.at); i < to; i++) {
    const p = paraOf(list[i]);
    if (replaced.paras.has(p)) out.push(i);
    else if (p.span.start > replaced.at) break;
  }
  return out;
}

/** The items that belong to file `fi`. */
function itemsOf<T>(list: readonly T[], fileOf: (item: T) => number, fi: number): T[] {
  return list.slice(...runOf(list, fileOf, fi));
}

/** Replace the run of items that belong to file `fi`. */
function splice<T>(list: T[], fileOf: (item: T) => number, fi: number, items: T[]): void {
  const [from, to] = runOf(list, fileOf, fi);
  list.splice(from, to - from, ...items);
}
