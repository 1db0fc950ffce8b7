/** Inlay hints: the number halibut prints after each \k{} / \K{} (a setting turns them off). */

import { InlayHint, InlayHintKind, Range } from 'vscode-languageserver';
import { DocumentSet, runOf } from '../core/docset';
import { FeatureContext, locate } from './context';

export function inlayHints(ctx: FeatureContext, uri: string, range: Range): InlayHint[] {
  if (!ctx.settings.inlayHints) return [];
  const at = locate(ctx, uri);
  if (!at) return [];
  const from = ctx.codec.toOffset(at.file.lines, range.start);
  const to = ctx.codec.toOffset(at.file.lines, range.end);
  const out: InlayHint[] = [];
  // The file's run of the set's references (a set of many files has hundreds of thousands).
  const [first, end] = runOf(at.set.xrefs, (x) => x.file, at.fileIndex);
  for (let i = first; i < end; i++) {
    const x = at.set.xrefs[i];
    if (!x.use || x.use.fromMacro || x.span.end < from || x.span.start > to) continue;
    const text = x.target ? DocumentSet.cite(x.target, x.kind === 'K') : undefined;
    if (!text) continue;
    out.push({ position: ctx.codec.toPosition(at.file.lines, x.span.end), label: text, kind: InlayHintKind.Type, paddingLeft: true, tooltip: x.target?.title });
  }
  return out;
}
