/** Find references and document highlights for keywords, index terms and macros, across every set. */

import { DocumentHighlight, DocumentHighlightKind, Location, Position } from 'vscode-languageserver';
import { DocumentSet } from '../core/docset';
import { indexOccurrences, keywordOccurrences, keywordOf, macroOccurrences, symbolAt } from '../core/query';
import { Span } from '../core/syntax';
import { everySet, FeatureContext, locate, location, uriFor } from './context';

export interface Occurrence {
  set: DocumentSet;
  file: number;
  span: Span;
  isDefinition: boolean;
}

/** Every occurrence of the symbol at a position, over all the sets the file is in (deduplicated). */
export function occurrencesAt(ctx: FeatureContext, uri: string, position: Position): { name: string; kind: 'keyword' | 'index' | 'macro'; list: Occurrence[] } | undefined {
  const at = locate(ctx, uri, position);
  if (!at) return undefined;
  const s = symbolAt(at.set, at.fileIndex, at.offset);
  if (!s) return undefined;
  const seen = new Set<string>();
  const list: Occurrence[] = [];
  const add = (set: DocumentSet, xs: { file: number; span: Span; isDefinition: boolean }[]) => {
    for (const o of xs) {
      const k = `${set.files[o.file].source.id}:${o.span.start}`;
      if (seen.has(k)) continue;
      seen.add(k);
      list.push({ set, ...o });
    }
  };
  const sets = everySet(ctx, uri);
  const kw = keywordOf(at.set, s);
  if (kw) {
    // Also every set holding the file that defines it (a reference may be seen from only some of them).
    const more = kw.def ? everySet(ctx, uriFor(ctx, at.set.files[kw.def.file].source.id)) : [];
    const all = [...sets, ...more.filter((m) => !sets.some((x) => x.set === m.set))];
    for (const { set } of all) add(set, keywordOccurrences(set, kw.key));
    return { name: kw.key, kind: 'keyword', list };
  }
  if (s.kind === 'index') {
    for (const { set } of sets) {
      const tag = set.index.get(s.key.toLowerCase());
      if (tag) add(set, indexOccurrences(tag));
    }
    return { name: s.key, kind: 'index', list };
  }
  if (s.kind === 'macro') {
    // A macro use's span includes the backslash; its name starts one later.
    for (const { set } of sets) add(set, macroOccurrences(set, s.name).map((o) => (o.isDefinition ? o : { ...o, span: { start: o.span.start + 1, end: o.span.end } })));
    return { name: s.name, kind: 'macro', list };
  }
  return undefined;
}

export function references(ctx: FeatureContext, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const occ = occurrencesAt(ctx, uri, position);
  if (!occ) return [];
  return occ.list.filter((o) => includeDeclaration || !o.isDefinition).map((o) => location(ctx, o.set, o.file, o.span));
}

export function documentHighlights(ctx: FeatureContext, uri: string, position: Position): DocumentHighlight[] {
  const occ = occurrencesAt(ctx, uri, position);
  const at = locate(ctx, uri);
  if (!occ || !at) return [];
  return occ.list
    .filter((o) => o.set.files[o.file].source.id === at.file.source.id)
    .map((o) => ({ range: ctx.codec.toRange(at.file.lines, o.span), kind: o.isDefinition ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
}
