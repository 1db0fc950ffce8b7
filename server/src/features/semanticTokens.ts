/** Semantic tokens: resolved and unresolved references, heading keywords, index terms, macros, \cfg keys. */

import { Range, SemanticTokens, SemanticTokensBuilder, SemanticTokensLegend } from 'vscode-languageserver';
import { symbolsOf } from '../core/query';
import { Span } from '../core/syntax';
import { FeatureContext, locate } from './context';

const TYPES = ['namespace', 'variable', 'string', 'macro', 'property'] as const;
const MODIFIERS = ['declaration', 'deprecated'] as const;
export const SEMANTIC_LEGEND: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [...MODIFIERS] };

const type = (t: (typeof TYPES)[number]) => TYPES.indexOf(t);
const DECLARATION = 1;
const UNRESOLVED = 2;

export function semanticTokens(ctx: FeatureContext, uri: string, range?: Range): SemanticTokens {
  const at = locate(ctx, uri);
  const builder = new SemanticTokensBuilder();
  if (!at) return builder.build();
  const { file } = at;
  const from = range ? ctx.codec.toOffset(file.lines, range.start) : 0;
  const to = range ? ctx.codec.toOffset(file.lines, range.end) : file.source.text.length;
  const tokens: { span: Span; type: number; mods: number }[] = [];
  for (const s of symbolsOf(at.set, at.fileIndex)) {
    if (s.span.end < from || s.span.start > to || s.span.end <= s.span.start) continue;
    if (s.kind === 'xref') tokens.push({ span: s.xref.keySpan, type: type('variable'), mods: s.xref.target ? 0 : UNRESOLVED });
    else if (s.kind === 'definition') tokens.push({ span: s.span, type: type('namespace'), mods: DECLARATION });
    else if (s.kind === 'index') tokens.push({ span: s.span, type: type('string'), mods: s.at === 'use' ? 0 : DECLARATION });
    else if (s.kind === 'macro') tokens.push({ span: s.span, type: type('macro'), mods: s.at === 'definition' ? DECLARATION : s.info ? 0 : UNRESOLVED });
    else if (s.kind === 'cfg') tokens.push({ span: s.span, type: type('property'), mods: 0 });
  }
  tokens.sort((a, b) => a.span.start - b.span.start);
  let last = -1;
  for (const t of tokens) {
    if (t.span.start < last) continue;
    // Tokens cannot span lines: emit one per line.
    let start = t.span.start;
    while (start < t.span.end) {
      const p = ctx.codec.toPosition(file.lines, start);
      const lineEnd = Math.min(file.lines.lineContentEnd(p.line), t.span.end);
      const e = ctx.codec.toPosition(file.lines, lineEnd);
      if (e.character > p.character) builder.push(p.line, p.character, e.character - p.character, t.type, t.mods);
      start = p.line + 1 < file.lines.lineCount ? file.lines.lineStart(p.line + 1) : t.span.end;
    }
    last = t.span.end;
  }
  return builder.build();
}
