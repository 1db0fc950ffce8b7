/**
 * Quick fixes: replace an unresolved keyword or \IM tag with a near match,
 * rename a duplicate keyword to a fresh one.
 */

import { CodeAction, CodeActionKind, Diagnostic, Position, Range } from 'vscode-languageserver';
import { DocumentSet, KeywordDef } from '../core/docset';
import { FeatureContext, locate, uriFor } from './context';
import { diagnosticsFor } from './diagnostics';

/** What a suggested keyword names, for the writer choosing among fixes: ` (Section 2.2 Verifying the host key)`. */
function whatIs(def: KeywordDef | undefined): string {
  if (!def) return '';
  const title = def.title.length > 60 ? `${def.title.slice(0, 59)}\u2026` : def.title;
  const parts = [DocumentSet.cite(def, true), def.kind === 'biblio' ? undefined : title].filter((x) => x);
  return parts.length ? ` (${parts.join(' ')})` : '';
}

/** Whether two ranges share a place (a cursor at either end of a diagnostic is on it). */
function touches(a: Range, b: Range): boolean {
  const before = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

export function codeActions(ctx: FeatureContext, uri: string, range: Range, diagnostics: Diagnostic[]): CodeAction[] {
  const at = locate(ctx, uri);
  if (!at) return [];
  // The range is what the protocol asks about; the client's diagnostics only say what it shows.
  // A client that sends none of ours (asking for fixes at the cursor without them, or sending
  // other tools' only) is answered from the file's own diagnostics there.
  const ours = diagnostics.filter((d) => d.source === 'halibut');
  const given = ours.length ? ours : diagnosticsFor(ctx, uri).filter((d) => touches(d.range, range));
  const out: CodeAction[] = [];
  for (const d of given) {
    const data = d.data as { keyword?: string; suggestions?: string[] } | undefined;
    if ((d.code === 'unresolved-xref' || d.code === 'unknown-index-tag') && data?.keyword !== undefined) {
      // The diagnostic covers \k{key}; replace just the key.
      const start = ctx.codec.toOffset(at.file.lines, d.range.start);
      const end = ctx.codec.toOffset(at.file.lines, d.range.end);
      const text = at.file.source.text.slice(start, end);
      const i = text.lastIndexOf(data.keyword);
      if (i < 0) continue;
      const keyRange = ctx.codec.toRange(at.file.lines, { start: start + i, end: start + i + data.keyword.length });
      (data.suggestions ?? []).forEach((s, n) =>
        out.push({
          title: `Change to \`${s}'${d.code === 'unresolved-xref' ? whatIs(at.set.keywords.get(s)) : ''}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: n === 0,
          edit: { changes: { [uri]: [{ range: keyRange, newText: s }] } },
        }),
      );
    } else if (d.code === 'duplicate-keyword' && data?.keyword) {
      const key = data.keyword;
      let fresh = `${key}-2`;
      for (let n = 2; at.set.keywords.has(fresh); n++) fresh = `${key}-${n}`;
      out.push({
        title: `Rename this duplicate to \`${fresh}'`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: { changes: { [uriFor(ctx, at.file.source.id)]: [{ range: d.range, newText: fresh }] } },
      });
    }
  }
  return out;
}
