/** The outline: chapters > sections > subsections, named by number and title, plus bibliography entries. */

import { DocumentSymbol, SymbolKind } from 'vscode-languageserver';
import { DocumentSet } from '../core/docset';
import { citeText } from '../core/numbering';
import { paragraphText } from '../core/paragraphWords';
import { FeatureContext, locate } from './context';

export function documentSymbols(ctx: FeatureContext, uri: string): DocumentSymbol[] {
  const at = locate(ctx, uri);
  if (!at) return [];
  const { set, fileIndex, file } = at;
  const roots: DocumentSymbol[] = [];
  const stack: { level: number; sym: DocumentSymbol }[] = [];
  const headings = set.headings.filter((h) => h.file === fileIndex);
  const text = file.source.text;
  headings.forEach((h, i) => {
    const level = h.para.kind === 'heading' ? h.para.level : -1;
    // A section runs to the next heading at its level or above (or the end of the file).
    let end = text.length;
    for (let j = i + 1; j < headings.length; j++) {
      const l = headings[j].para.kind === 'heading' ? headings[j].para.level : -1;
      if (l <= level) {
        end = headings[j].para.span.start;
        break;
      }
    }
    while (end > h.para.span.end && /\s/.test(String.fromCharCode(text.charCodeAt(end - 1)))) end--;
    const title = paragraphText(file.parsed, h.para) || '(untitled)';
    const sym: DocumentSymbol = {
      name: h.words ? `${h.words.number} ${title}` : title,
      detail: h.def ? `${h.def.key}${h.words ? ` \u2014 ${citeText(h.words, true)}` : ''}` : h.para.kind === 'unnumbered' ? 'unnumbered chapter' : '',
      kind: level < 0 ? SymbolKind.Module : level === 0 ? SymbolKind.Class : SymbolKind.Method,
      range: ctx.codec.toRange(file.lines, { start: h.para.span.start, end: Math.max(end, h.para.span.end) }),
      selectionRange: ctx.codec.toRange(file.lines, h.def ? h.def.keyword.span : h.para.cmdSpan),
      children: [],
    };
    while (stack.length && stack[stack.length - 1].level >= level) stack.pop();
    (stack.length ? stack[stack.length - 1].sym.children! : roots).push(sym);
    stack.push({ level, sym });
  });
  for (const { def, duplicateOf } of set.definitions) {
    if (def.file !== fileIndex || def.kind !== 'biblio' || duplicateOf) continue;
    roots.push({
      name: `${DocumentSet.cite(def, true) ?? '[uncited]'} ${def.title}`.trim(),
      detail: def.key,
      kind: SymbolKind.Field,
      range: ctx.codec.toRange(file.lines, def.para.span),
      selectionRange: ctx.codec.toRange(file.lines, def.keyword.span),
    });
  }
  return roots;
}
