/**
 * Questions features ask of an analysed document set: what is at this
 * offset, where is it defined, who refers to it. Answers come from a sorted
 * table of every symbol occurrence of a file, built once per analysis.
 */

import { CfgInfo, DocumentSet, IndexTagInfo, KeywordDef, MacroInfo, ResolvedXref } from './docset';
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
  for (const x of set.xrefs) {
    if (x.file === file && !(x.use?.fromMacro)) out.push({ kind: 'xref', span: x.span, xref: x });
  }
  for (const { def, duplicateOf } of set.definitions) {
    if (def.file === file) out.push({ kind: 'definition', span: def.keyword.span, def, duplicateOf });
  }
  for (const tag of set.index.values()) {
    for (const u of tag.uses) if (u.file === file) out.push({ kind: 'index', span: u.use.textSpan, tag, key: u.use.tag, at: 'use' });
    for (const r of tag.rewrites) if (r.file === file) out.push({ kind: 'index', span: r.keyword.span, tag, key: r.keyword.text, at: 'rewrite' });
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

/** The innermost symbol whose span contains the offset (ends inclusive, so a cursor just after a word counts). */
export function symbolAt(set: DocumentSet, file: number, offset: number): Symbol | undefined {
  const table = symbolsOf(set, file);
  const lo = partitionPoint(table.length, (i) => table[i].span.start > offset);
  let best: Symbol | undefined;
  // Scan back over candidates that start at or before the offset; spans nest, so few are checked.
  for (let i = lo - 1; i >= 0 && i >= lo - 64; i--) {
    const s = table[i];
    if (s.span.start <= offset && offset <= s.span.end) {
      if (!best || s.span.end - s.span.start < best.span.end - best.span.start) best = s;
    }
  }
  return best;
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
  let best: DocumentSet['headings'][number] | undefined;
  for (const h of set.headings) {
    if (h.file < file || (h.file === file && h.para.span.start <= offset)) best = h;
    else break;
  }
  return best;
}
