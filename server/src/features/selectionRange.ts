/** Selection ranges: keyword → braces → command → paragraph → section → file. */

import { Position, SelectionRange } from 'vscode-languageserver';
import { symbolAt } from '../core/query';
import { Span } from '../core/syntax';
import { documentSymbols } from './documentSymbol';
import { FeatureContext, locate } from './context';

export function selectionRanges(ctx: FeatureContext, uri: string, positions: Position[]): SelectionRange[] {
  const at = locate(ctx, uri);
  if (!at) return positions.map((p) => ({ range: { start: p, end: p } }));
  const { file } = at;
  const sections = documentSymbols(ctx, uri);
  return positions.map((pos) => {
    const offset = ctx.codec.toOffset(file.lines, pos);
    const spans: Span[] = [];
    const s = symbolAt(at.set, at.fileIndex, offset);
    if (s) {
      spans.push(s.span);
      if (s.kind === 'xref') spans.push(s.xref.keySpan, s.xref.span);
      if (s.kind === 'definition') spans.push(s.def.keyword.braced);
    }
    const para = file.parsed.paragraphs.find((p) => p.span.start <= offset && offset <= p.span.end);
    if (para) spans.push(para.span);
    const nested: Span[] = [];
    const walk = (syms: typeof sections) => {
      for (const sym of syms) {
        const a = ctx.codec.toOffset(file.lines, sym.range.start);
        const b = ctx.codec.toOffset(file.lines, sym.range.end);
        if (a <= offset && offset <= b) {
          nested.push({ start: a, end: b });
          walk(sym.children ?? []);
        }
      }
    };
    walk(sections);
    spans.push(...nested.reverse());
    spans.push({ start: 0, end: file.source.text.length });
    // Innermost first, each strictly containing the one before.
    const sorted = spans.filter((x) => x.start <= offset && offset <= x.end).sort((x, y) => x.end - x.start - (y.end - y.start));
    let result: SelectionRange | undefined;
    const chain: Span[] = [];
    for (const sp of sorted) {
      const last = chain[chain.length - 1];
      if (!last || (sp.start <= last.start && sp.end >= last.end && (sp.start < last.start || sp.end > last.end))) chain.push(sp);
    }
    for (const sp of chain.reverse()) result = { range: ctx.codec.toRange(file.lines, sp), parent: result };
    return result ?? { range: { start: pos, end: pos } };
  });
}
