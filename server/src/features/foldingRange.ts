/** Folding: sections, \quote and \lcont blocks, comments, code paragraphs, runs of list items. */

import { FoldingRange, FoldingRangeKind } from 'vscode-languageserver';
import { documentSymbols } from './documentSymbol';
import { FeatureContext, locate } from './context';

export function foldingRanges(ctx: FeatureContext, uri: string): FoldingRange[] {
  const at = locate(ctx, uri);
  if (!at) return [];
  const { file } = at;
  const lines = file.lines;
  const out: FoldingRange[] = [];
  const add = (start: number, end: number, kind?: FoldingRangeKind) => {
    const a = lines.positionAt(start).line;
    const b = lines.positionAt(Math.max(start, end - 1)).line;
    if (b > a) out.push({ startLine: a, endLine: b, kind });
  };
  const walk = (syms: ReturnType<typeof documentSymbols>) => {
    for (const s of syms) {
      if (s.range.end.line > s.range.start.line) out.push({ startLine: s.range.start.line, endLine: s.range.end.line, kind: FoldingRangeKind.Region });
      if (s.children) walk(s.children);
    }
  };
  walk(documentSymbols(ctx, uri));
  for (const b of file.parsed.blocks) add(b.span.start, b.span.end);
  for (const c of file.parsed.comments) add(c.span.start, c.span.end, FoldingRangeKind.Comment);
  const paras = file.parsed.paragraphs;
  for (let i = 0; i < paras.length; i++) {
    const p = paras[i];
    if (p.kind === 'code') add(p.span.start, p.span.end);
    if (p.kind === 'bullet' || p.kind === 'numbered' || p.kind === 'dt' || p.kind === 'dd') {
      let j = i;
      while (j + 1 < paras.length && ['bullet', 'numbered', 'dt', 'dd', 'lcont-push', 'lcont-pop', 'code', 'normal'].includes(paras[j + 1].kind) && paras[j + 1].kind !== 'normal') j++;
      if (j > i) add(p.span.start, paras[j].span.end);
      i = j;
    }
  }
  return out;
}
