/**
 * Questions features ask of an analysed document set: what is at this
 * offset (from the file's lists, by binary search), where is it defined, who
 * refers to it; and every symbol of a file, as a sorted table built once per
 * analysis (for features that walk them all).
 */

import { CfgInfo, DocumentSet, IndexTagInfo, KeywordDef, MacroInfo, ResolvedXref, runOf } from './docset';
import { partitionPoint } from './partition';
import { LinkUse, Paragraph, Span } from './syntax';

export type Symbol =
  | { kind: 'xref'; span: Span; xref: ResolvedXref }
  | { kind: 'definition'; span: Span; def: KeywordDef; duplicateOf?: KeywordDef }
  | { kind: 'index'; span: Span; tag: IndexTagInfo; key: string; at: 'use' | 'rewrite' }
  | { kind: 'macro'; span: Span; name: string; info?: MacroInfo; at: 'use' | 'definition' }
  | { kind: 'cfg'; span: Span; cfg: CfgInfo }
  | { kind: 'link'; span: Span; link: LinkUse }
  | { kind: 'uchar'; span: Span; text: string; codePoint: number }
  | { kind: 'command'; span: Span; name: string; para?: Paragraph };

/** Each set's tables, per file, for the set's revision (an edit patched in changes what is where). */
const tables = new WeakMap<DocumentSet, { revision: number; files: Symbol[][] }>();

function buildTable(set: DocumentSet, file: number): Symbol[] {
  const f = set.files[file];
  const out: Symbol[] = [];
  // The file's own runs of the set's lists, not the whole set's (64 files' worth at N = 64).
  const [xa, xb] = runOf(set.xrefs, (x) => x.file, file);
  for (const x of set.xrefs.slice(xa, xb)) if (!x.use?.fromMacro) out.push({ kind: 'xref', span: x.span, xref: x });
  const [da, db] = runOf(set.definitions, (d) => d.def.file, file);
  for (const { def, duplicateOf } of set.definitions.slice(da, db)) out.push({ kind: 'definition', span: def.keyword.span, def, duplicateOf });
  for (const use of f.parsed.indexUses) {
    const tag = set.index.get(use.tag.toLowerCase());
    if (tag) out.push({ kind: 'index', span: use.textSpan, tag, key: use.tag, at: 'use' });
  }
  for (const p of f.parsed.paragraphs) {
    if (p.kind !== 'im') continue;
    for (const k of p.keywords) {
      const tag = set.index.get(k.text.toLowerCase());
      if (tag?.rewrites.some((r) => r.keyword === k)) out.push({ kind: 'index', span: k.span, tag, key: k.text, at: 'rewrite' });
    }
  }
  for (const use of f.parsed.macroUses) out.push({ kind: 'macro', span: use.span, name: use.name, info: set.macros.get(use.name), at: 'use' });
  for (const def of f.parsed.macroDefs) out.push({ kind: 'macro', span: def.nameSpan, name: def.name, info: set.macros.get(def.name), at: 'definition' });
  for (const c of set.cfg) if (c.file === file) out.push({ kind: 'cfg', span: c.para.keywords[0].span, cfg: c });
  for (const link of f.parsed.links) out.push({ kind: 'link', span: link.urlSpan, link });
  for (const p of f.parsed.paragraphs) {
    if (p.cmdName && p.cmdSpan.end > p.cmdSpan.start) out.push({ kind: 'command', span: p.cmdSpan, name: p.cmdName, para: p });
  }
  for (const u of f.parsed.uchars) out.push({ kind: 'uchar', span: u.span, text: u.text, codePoint: u.codePoint });
  out.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  return out;
}

/** Every symbol occurrence of a file, sorted by start. */
export function symbolsOf(set: DocumentSet, file: number): readonly Symbol[] {
  let t = tables.get(set);
  if (t?.revision !== set.revision) tables.set(set, (t = { revision: set.revision, files: [] }));
  return (t.files[file] ??= buildTable(set, file));
}

/**
 * The innermost symbol whose span contains the offset (ends inclusive, so a cursor just after
 * a word counts). Found in the file's lists by binary search, not from the table: an edit
 * makes a new table, and the first hover after a keystroke would build it, which in a 13 MB
 * file took 110 ms.
 */
export function symbolAt(set: DocumentSet, file: number, offset: number): Symbol | undefined {
  const f = set.files[file].parsed;
  let best: Symbol | undefined;
  let bestRank = -1;
  // Of the spans that hold the offset, the shortest; then the one starting later; then the
  // later kind (the order symbolsOf lists them in, as a sorted table breaks ties).
  const offer = (s: Symbol, rank: number) => {
    if (s.span.start > offset || offset > s.span.end) return;
    const len = s.span.end - s.span.start;
    const was = best && best.span.end - best.span.start;
    if (!best || len < was! || (len === was && (s.span.start > best.span.start || (s.span.start === best.span.start && rank >= bestRank)))) [best, bestRank] = [s, rank];
  };
  const [xa, xb] = runOf(set.xrefs, (x) => x.file, file);
  const firstUse = xa + partitionPoint(xb - xa, (k) => set.xrefs[xa + k].use !== undefined);
  for (let i = xa; i < firstUse; i++) offer({ kind: 'xref', span: set.xrefs[i].span, xref: set.xrefs[i] }, 0);
  near(set.xrefs, firstUse, xb, (x) => x.span.start, offset, (x) => !x.use?.fromMacro && offer({ kind: 'xref', span: x.span, xref: x }, 0));
  const [da, db] = runOf(set.definitions, (d) => d.def.file, file);
  near(set.definitions, da, db, (d) => d.def.keyword.span.start, offset, ({ def, duplicateOf }) => offer({ kind: 'definition', span: def.keyword.span, def, duplicateOf }, 1));
  near(f.indexUses, 0, f.indexUses.length, (u) => u.span.start, offset, (use) => {
    const tag = set.index.get(use.tag.toLowerCase());
    if (tag) offer({ kind: 'index', span: use.textSpan, tag, key: use.tag, at: 'use' }, 2);
  });
  near(f.macroUses, 0, f.macroUses.length, (u) => u.span.start, offset, (use) => offer({ kind: 'macro', span: use.span, name: use.name, info: set.macros.get(use.name), at: 'use' }, 3));
  near(f.macroDefs, 0, f.macroDefs.length, (d) => d.span.start, offset, (def) => offer({ kind: 'macro', span: def.nameSpan, name: def.name, info: set.macros.get(def.name), at: 'definition' }, 4));
  near(f.links, 0, f.links.length, (l) => l.span.start, offset, (link) => offer({ kind: 'link', span: link.urlSpan, link }, 6));
  near(f.paragraphs, 0, f.paragraphs.length, (p) => p.span.start, offset, (p) => {
    if (p.kind === 'im') {
      for (const k of p.keywords) {
        const tag = set.index.get(k.text.toLowerCase());
        if (tag?.rewrites.some((r) => r.keyword === k)) offer({ kind: 'index', span: k.span, tag, key: k.text, at: 'rewrite' }, 2);
      }
    }
    if (p.kind === 'cfg') {
      const cfg = set.cfg.find((c) => c.para === p);
      if (cfg) offer({ kind: 'cfg', span: p.keywords[0].span, cfg }, 5);
    }
    if (p.cmdName && p.cmdSpan.end > p.cmdSpan.start) offer({ kind: 'command', span: p.cmdSpan, name: p.cmdName, para: p }, 7);
  });
  near(f.uchars, 0, f.uchars.length, (u) => u.span.start, offset, (u) => offer({ kind: 'uchar', span: u.span, text: u.text, codePoint: u.codePoint }, 8));
  return best;
}

/**
 * The items of list[from, to) (sorted by start) that start at or before the offset, the
 * nearest 64 of them: a span that holds the offset is among them, as spans of one list
 * rarely nest.
 */
function near<T>(list: readonly T[], from: number, to: number, startOf: (item: T) => number, offset: number, visit: (item: T) => void): void {
  const lo = from + partitionPoint(to - from, (k) => startOf(list[from + k]) > offset);
  for (let i = Math.max(from, lo - 64); i < lo; i++) visit(list[i]);
}

/** The keyword a symbol is about, if any (for definition, references, rename). */
export function keywordOf(set: DocumentSet, s: Symbol): { key: string; def?: KeywordDef } | undefined {
  if (s.kind === 'xref') return { key: s.xref.key, def: s.xref.target };
  if (s.kind === 'definition') return { key: s.def.key, def: s.duplicateOf ?? set.keywords.get(s.def.key) };
  return undefined;
}

/** Every place a keyword is written: its definitions and references, across the set. */
export function keywordOccurrences(set: DocumentSet, key: string): { file: number; span: Span; isDefinition: boolean }[] {
  const out: { file: number; span: Span; isDefinition: boolean }[] = [];
  for (const { def } of set.definitions) if (def.key === key) out.push({ file: def.file, span: def.keyword.span, isDefinition: true });
  for (const x of set.xrefs) if (x.key === key && !x.use?.fromMacro) out.push({ file: x.file, span: x.keySpan, isDefinition: false });
  return out;
}

/** Every place an index tag is written (case-insensitively the same tag). */
export function indexOccurrences(tag: IndexTagInfo): { file: number; span: Span; isDefinition: boolean }[] {
  return [
    ...tag.uses.map((u, i) => ({ file: u.file, span: u.use.textSpan, isDefinition: i === 0 })),
    ...tag.rewrites.map((r) => ({ file: r.file, span: r.keyword.span, isDefinition: false })),
  ];
}

/** Every place a macro is written: its definition and uses. */
export function macroOccurrences(set: DocumentSet, name: string): { file: number; span: Span; isDefinition: boolean }[] {
  const out: { file: number; span: Span; isDefinition: boolean }[] = [];
  set.files.forEach((f, fi) => {
    for (const d of f.parsed.macroDefs) if (d.name === name) out.push({ file: fi, span: d.nameSpan, isDefinition: true });
    for (const u of f.parsed.macroUses) if (u.name === name) out.push({ file: fi, span: u.span, isDefinition: false });
  });
  return out;
}

/** The section a paragraph belongs to: the nearest heading at or before it in the set. */
export function headingBefore(set: DocumentSet, file: number, offset: number): DocumentSet['headings'][number] | undefined {
  const hs = set.headings;
  return hs[partitionPoint(hs.length, (i) => hs[i].file > file || (hs[i].file === file && hs[i].para.span.start > offset)) - 1];
}

/**
 * Whether a command at `offset` is in the middle of a paragraph (a paragraph began before it
 * and goes on through it), where halibut takes no paragraph command such as `\H` or `\b`.
 */
export function inMidParagraph(set: DocumentSet, file: number, offset: number): boolean {
  const p = paragraphAt(set, file, offset);
  return p !== undefined && p.span.start < offset;
}

/** The paragraph whose span holds `offset` (its first token to the end of its last). */
export function paragraphAt(set: DocumentSet, file: number, offset: number): Paragraph | undefined {
  const ps = set.files[file].parsed.paragraphs;
  const p = ps[partitionPoint(ps.length, (i) => ps[i].span.start > offset) - 1];
  return p !== undefined && offset < p.span.end ? p : undefined;
}

/** Whether `offset` is inside a comment (a `\#` paragraph or a `\#{...}`). */
export function inComment(set: DocumentSet, file: number, offset: number): boolean {
  const cs = set.files[file].parsed.comments;
  const c = cs[partitionPoint(cs.length, (i) => cs[i].span.start > offset) - 1];
  return c !== undefined && offset < c.span.end;
}
