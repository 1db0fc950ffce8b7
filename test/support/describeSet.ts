/** A document set as plain data, so that two analyses can be compared whole. */
import { DocumentSet } from '../../server/src/core/docset';
import { Span } from '../../server/src/core/syntax';

const sp = (s: Span | undefined) => (s ? `${s.start}-${s.end}` : '-');

/** Everything the set knows, as plain data, so that two sets can be compared whole. */
export function describeSet(set: DocumentSet): unknown {
  const fileOf = (i: number) => set.files[i].source.name;
  return {
    files: set.files.map((f, i) => ({
      name: f.source.name,
      text: f.source.text.toString(),
      paragraphs: f.parsed.paragraphs.map((p) => [p.kind, sp(p.span), p.keywords.map((k) => k.text)]),
      diagnostics: set.fileDiagnostics(i).map((d) => [sp(d.span), d.severity, d.code, d.message, (d.related ?? []).map((r) => [r.file, sp(r.span), r.message])]),
    })),
    // The table's iteration order is not part of its meaning (only suggest() walks it, and sorts).
    keywords: [...set.keywords.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((d) => [d.key, d.kind, d.level, d.words?.designation, d.words?.number, d.citation, d.cited, d.title, fileOf(d.file), sp(d.keyword.span), sp(d.para.span), d.refs.map((x) => [fileOf(x.file), sp(x.span)])]),
    definitions: set.definitions.map(({ def, duplicateOf }) => [def.key, fileOf(def.file), sp(def.keyword.span), duplicateOf ? sp(duplicateOf.keyword.span) : null]),
    headings: set.headings.map((h) => [fileOf(h.file), sp(h.para.span), h.def?.key, h.words?.number]),
    xrefs: set.xrefs.map((x) => [fileOf(x.file), x.kind, x.key, sp(x.span), sp(x.keySpan), x.target ? [x.target.key, fileOf(x.target.file), sp(x.target.keyword.span)] : null]),
    // The table's order is not part of its meaning (completion orders tags by their first use).
    index: [...set.index.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, t]) => [k, t.name, t.uses.map((u) => [fileOf(u.file), sp(u.use.span)]), t.rewrites.map((r) => [fileOf(r.file), sp(r.keyword.span)])]),
    macros: [...set.macros.entries()].map(([k, m]) => [k, fileOf(m.file), m.def.text, sp(m.def.nameSpan), m.uses.map((u) => [fileOf(u.file), sp(u.span)])]),
    cfg: set.cfg.map((c) => [fileOf(c.file), c.key, c.values, sp(c.para.span)]),
  };
}


/**
 * A JSON.stringify replacer for words: an index term among them is described without its own
 * words, which a parse keeps only when it keeps every word (compare those with indexWordsOf).
 */
export function wordsReplacer(key: string, value: unknown): unknown {
  return key === 'use' && value && typeof value === 'object' ? { ...value, words: undefined } : value;
}
