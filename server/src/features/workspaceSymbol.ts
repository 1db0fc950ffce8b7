/** Workspace symbols: every heading and bibliography entry of every set, matched fuzzily. */

import { SymbolInformation, SymbolKind } from 'vscode-languageserver';
import { DocumentSet } from '../core/docset';
import { FeatureContext, location } from './context';

/** Characters of the query in order (case-insensitive), as editors' fuzzy pickers match. */
export function fuzzyMatch(query: string, name: string): boolean {
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  let i = 0;
  for (const c of n) if (c === q[i]) i++;
  return i === q.length;
}

export function workspaceSymbols(ctx: FeatureContext, query: string, isCancelled: () => boolean = () => false): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  const seen = new Set<string>();
  for (const e of ctx.ws.allSets()) {
    if (isCancelled()) break;
    for (const { def, duplicateOf } of e.set.definitions) {
      if (duplicateOf || def.kind === 'list-item') continue;
      const cite = DocumentSet.cite(def, true);
      const name = `${def.key}: ${cite ? `${cite} ` : ''}${def.title}`;
      if (query && !fuzzyMatch(query, `${def.key} ${def.title}`)) continue;
      const loc = location(ctx, e.set, def.file, def.keyword.span);
      const k = `${loc.uri}:${def.keyword.span.start}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({
        name,
        kind: def.kind === 'chapter' || def.kind === 'appendix' ? SymbolKind.Module : def.kind === 'biblio' ? SymbolKind.Field : SymbolKind.Class,
        location: loc,
        containerName: e.spec.name,
      });
    }
  }
  return out;
}
