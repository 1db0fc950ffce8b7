/**
 * Workspace symbols: every heading and bibliography entry of every set, matched fuzzily and
 * ranked as completion is (keyword prefix, then substring of the keyword or title, then
 * scattered letters), each rank in document order.
 */

import { SymbolInformation, SymbolKind } from 'vscode-languageserver';
import { DocumentSet } from '../core/docset';
import { FeatureContext, location } from './context';
import { matchTier } from './matchTier';

export function workspaceSymbols(ctx: FeatureContext, query: string, isCancelled: () => boolean = () => false): SymbolInformation[] {
  const out: { tier: number; symbol: SymbolInformation }[] = [];
  const lower = query.toLowerCase();
  const seen = new Set<string>();
  for (const e of ctx.ws.allSets()) {
    if (isCancelled()) break;
    for (const { def, duplicateOf } of e.set.definitions) {
      if (duplicateOf || def.kind === 'list-item') continue;
      const cite = DocumentSet.cite(def, true);
      const name = `${def.key}: ${cite ? `${cite} ` : ''}${def.title}`;
      const tier = matchTier(`${def.key} ${def.title}`, lower);
      if (tier === 3) continue;
      const loc = location(ctx, e.set, def.file, def.keyword.span);
      const k = `${loc.uri}:${def.keyword.span.start}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const kind = def.kind === 'chapter' || def.kind === 'appendix' ? SymbolKind.Module : def.kind === 'biblio' ? SymbolKind.Field : SymbolKind.Class;
      out.push({ tier, symbol: { name, kind, location: loc, containerName: e.spec.name } });
    }
  }
  // (A stable sort: each tier keeps document order.)
  return out.sort((a, b) => a.tier - b.tier).map((x) => x.symbol);
}
