/**
 * One document set: the ordered files of one halibut run, analysed together
 * as halibut does after parsing (keywords.c, biblio.c, index.c): numbering,
 * the keyword table, citations, cross-reference resolution and the index.
 *
 * Everything halibut would report is reported, from every phase at once,
 * each problem once.
 */

import { lookupCharset } from './charsetNames';
import { LineIndex } from './lines';
import { msg, Message } from './messages';
import { DEFAULT_NAMES, NumberingNames, Numberer, NumberWords, citeText } from './numbering';
import { MacroLookup } from './parser';
import { Diagnostic, IndexUse, Keyword, MacroDef, Paragraph, ParsedFile, Span, XrefUse } from './syntax';
import { plainText } from './render';
import { suggest } from './suggest';

export interface SourceFile {
  /** Stable identity (a URI or an absolute path). */
  id: string;
  /** The name halibut would print for it (as given on its command line). */
  name: string;
  text: string;
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
  target?: KeywordDef;
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

export class DocumentSet {
  readonly files: FileAnalysis[] = [];
  readonly keywords = new Map<string, KeywordDef>();
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
  readonly headings: { file: number; para: Paragraph; def?: KeywordDef; words?: NumberWords }[] = [];

  constructor(sources: readonly SourceFile[], private readonly options: DocumentSetOptions) {
    this.parseAll(sources);
    this.number();
    this.cite();
    this.indexTerms();
    this.configure();
  }

  /** All diagnostics of one file: its parse errors and the set's findings. */
  fileDiagnostics(i: number): Diagnostic[] {
    return [...this.files[i].parsed.diagnostics, ...this.diagnostics[i]];
  }

  fileIndexOf(id: string): number {
    return this.files.findIndex((f) => f.source.id === id);
  }

  private report(file: number, span: Span, m: Message, extra?: Partial<Diagnostic>): void {
    // Halibut marks warnings in the text; we carry that in the severity instead.
    const warning = m[0].startsWith('warning: ');
    this.diagnostics[file].push({ span, severity: warning ? 'warning' : 'error', message: warning ? m[0].slice(9) : m[0], code: m[1], ...extra });
  }

  /** "FILE:LINE" as halibut writes a position in a message. */
  private where(file: number, offset: number): string {
    const f = this.files[file];
    return `${f.source.name}:${f.lines.halibutLine(offset)}`;
  }

  private parseAll(sources: readonly SourceFile[]): void {
    // Macros persist from one file to the next, as in one halibut run.
    const defined = new Map<string, MacroInfo>();
    const lookup: MacroLookup = (name) => defined.get(name)?.def.text;
    sources.forEach((source, i) => {
      const parsed = this.options.parse(source, lookup);
      this.files.push({ source, parsed, lines: this.options.lines?.(source) ?? new LineIndex(source.text) });
      this.diagnostics.push([]);
      for (const def of parsed.macroDefs) {
        const earlier = defined.get(def.name);
        if (earlier) {
          // Redefinitions within a file were reported by the parser; across files, attach the related place.
          const d = parsed.diagnostics.find((x) => x.code === 'macro-redefined' && x.span.start >= def.reportAt.start && x.span.end <= def.span.end);
          if (d && !d.related) d.related = [{ file: earlier.def.name === def.name ? this.files[earlier.file].source.id : undefined, span: earlier.def.nameSpan, message: 'first defined here' }];
          continue;
        }
        defined.set(def.name, { def, file: i, uses: [] });
      }
    });
    for (const [name, info] of defined) this.macros.set(name, info);
    this.files.forEach((f, i) => {
      for (const use of f.parsed.macroUses) this.macros.get(use.name)?.uses.push({ file: i, span: use.span });
    });
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

  private number(): void {
    const numberer = new Numberer(this.names());
    this.files.forEach((f, fi) => {
      for (const p of f.parsed.paragraphs) {
        const r = numberer.next(p);
        if (r.kind === 'jump') {
          this.report(fi, p.cmdSpan, msg.sectJump());
        }
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
            title: plainText(p.words),
            file: fi,
            para: p,
            keyword: key,
            refs: [],
          };
          const earlier = this.keywords.get(def.key);
          if (earlier) {
            this.report(fi, key.span.end > key.span.start ? key.span : p.cmdSpan, msg.multiKw(def.key, this.files[earlier.file].source.name, this.files[earlier.file].lines.halibutLine(earlier.para.cmdSpan.start)), {
              related: [{ file: this.files[earlier.file].source.id, span: earlier.keyword.span, message: `\`${def.key}' is first defined here` }],
              data: { keyword: def.key },
            });
            this.definitions.push({ def, duplicateOf: earlier });
          } else {
            this.keywords.set(def.key, def);
            this.definitions.push({ def });
          }
        }
        if (isHeading && r.kind !== 'jump') this.headings.push({ file: fi, para: p, def, words: numbered ? r.words : undefined });
      }
    });
  }

  private unresolved(x: ResolvedXref): void {
    const candidates = suggest(x.key, this.keywords.keys());
    const hint = candidates.length ? `; did you mean \`${candidates[0]}'?` : '';
    const m = msg.noSuchKw(x.key);
    this.report(x.file, x.span, [m[0] + hint, m[1]], { data: { keyword: x.key, suggestions: candidates } });
  }

  private cite(): void {
    const citeKey = (x: ResolvedXref) => {
      this.xrefs.push(x);
      const def = this.keywords.get(x.key);
      if (!def) {
        this.unresolved(x);
        return;
      }
      x.target = def;
      def.refs.push(x);
      if (def.kind === 'biblio') def.cited = true;
    };
    this.files.forEach((f, fi) => {
      for (const p of f.parsed.paragraphs) {
        if (p.kind === 'br' && p.keywords[0]) {
          const k = p.keywords[0];
          const x: ResolvedXref = { file: fi, keySpan: k.span, span: k.braced, key: k.text, kind: 'BR' };
          this.xrefs.push(x);
          const def = this.keywords.get(k.text);
          if (!def) {
            this.unresolved(x);
            continue;
          }
          x.target = def;
          def.refs.push(x);
          if (def.citation !== undefined) {
            this.report(fi, k.span, msg.multiBR(k.text));
          } else if (def.words) {
            this.report(fi, k.span, msg.multiBR(k.text), {
              related: [{ file: this.files[def.file].source.id, span: def.keyword.span, message: `\`${k.text}' is a ${def.kind === 'list-item' ? 'list item' : def.kind}, which is already numbered` }],
            });
          } else {
            def.citation = plainText(p.words);
          }
        } else if (p.kind === 'nocite') {
          for (const k of p.keywords) citeKey({ file: fi, keySpan: k.span, span: k.braced, key: k.text, kind: 'nocite' });
        }
      }
      for (const use of f.parsed.xrefs) {
        // References halibut never looks at (inside \I{} or \u fallback text) are not checked.
        if (!use.checked) continue;
        citeKey({ file: fi, use, keySpan: use.keySpan, span: use.span, key: use.key, kind: use.upper ? 'K' : 'k' });
      }
    });
    // Cited entries without \BR text are numbered in bibliography order.
    let bibnum = 0;
    for (const { def, duplicateOf } of this.definitions) {
      if (!duplicateOf && def.kind === 'biblio' && def.cited && def.citation === undefined) def.citation = `[${++bibnum}]`;
    }
  }

  private indexTerms(): void {
    // Implicit entries (\i \I \ii) in document order; halibut warns on case clashes.
    this.files.forEach((f, fi) => {
      for (const use of f.parsed.indexUses) {
        const folded = use.tag.toLowerCase();
        const tag = this.index.get(folded);
        if (!tag) {
          this.index.set(folded, { name: use.tag, uses: [{ file: fi, use }], rewrites: [] });
          continue;
        }
        if (tag.uses.length > 0 && tag.name !== use.tag) {
          const first = tag.uses[0];
          this.report(fi, use.textSpan.end > use.textSpan.start ? use.textSpan : use.cmdSpan, msg.indexCase(use.tag, tag.name, this.files[first.file].source.name, this.files[first.file].lines.halibutLine(first.use.cmdSpan.start)), {
            related: [{ file: this.files[first.file].source.id, span: first.use.textSpan, message: `first indexed as \`${tag.name}' here` }],
          });
        }
        tag.uses.push({ file: fi, use });
      }
    });
    // Explicit \IM rewrites, after all implicit ones.
    this.files.forEach((f, fi) => {
      for (const p of f.parsed.paragraphs) {
        if (p.kind !== 'im') continue;
        for (const k of p.keywords) {
          const folded = k.text.toLowerCase();
          const tag = this.index.get(folded);
          if (!tag) {
            const candidates = suggest(k.text, [...this.index.values()].filter((t) => t.uses.length > 0).map((t) => t.name));
            const m = msg.noSuchIdxTag(k.text);
            this.report(fi, k.span.end > k.span.start ? k.span : p.cmdSpan, [m[0] + (candidates.length ? `; did you mean \`${candidates[0]}'?` : ''), m[1]], { data: { keyword: k.text, suggestions: candidates } });
            // Halibut records the tag anyway, so later \IMs of it pass silently.
            this.index.set(folded, { name: k.text, uses: [], rewrites: [{ file: fi, para: p, keyword: k }] });
          } else {
            tag.rewrites.push({ file: fi, para: p, keyword: k });
          }
        }
      }
    });
  }

  private configure(): void {
    this.files.forEach((f, fi) => {
      for (const p of f.parsed.paragraphs) {
        if (p.kind !== 'cfg' || p.keywords.length === 0) continue;
        const key = p.keywords[0].text;
        const values = p.keywords.slice(1).map((k) => k.text);
        this.cfg.push({ file: fi, para: p, key, values });
        if (key.toLowerCase() === 'input-charset' && !lookupCharset(values[0] ?? '')) {
          this.report(fi, p.keywords[1]?.span ?? p.keywords[0].span, msg.charset(values[0] ?? ''));
        }
        const min = CFG_MIN_PARAMS.get(key.toLowerCase());
        if (min !== undefined && values.filter((v) => v !== '').length < min) {
          this.report(fi, p.keywords[0].span, msg.cfgInsufficient(key, min));
        }
      }
    });
  }

  /** What halibut prints for a reference to a keyword. */
  static cite(def: KeywordDef, upper: boolean): string | undefined {
    if (def.kind === 'biblio') return def.citation;
    return def.words ? citeText(def.words, upper) : undefined;
  }
}
