/**
 * Go to definition: references to their heading or \B, macro uses to \define, \IM tags to the
 * first index use, and an index use to the \IM lines that say how the index shows it (to the
 * tag's first use where none does).
 */

import { Location, Position } from 'vscode-languageserver';
import { indexOccurrences, symbolAt } from '../core/query';
import { FeatureContext, locate, location } from './context';

export function definition(ctx: FeatureContext, uri: string, position: Position): Location[] {
  const at = locate(ctx, uri, position);
  if (!at) return [];
  const s = symbolAt(at.set, at.fileIndex, at.offset);
  if (!s) return [];
  switch (s.kind) {
    case 'xref':
      return s.xref.target ? [location(ctx, at.set, s.xref.target.file, s.xref.target.keyword.span)] : [];
    case 'definition': {
      const def = s.duplicateOf ?? s.def;
      return [location(ctx, at.set, def.file, def.keyword.span)];
    }
    case 'macro':
      return s.info ? [location(ctx, at.set, s.info.file, s.info.def.nameSpan)] : [];
    case 'index': {
      if (s.at === 'use' && s.tag.rewrites.length > 0) return s.tag.rewrites.map((r) => location(ctx, at.set, r.file, r.keyword.span));
      const first = indexOccurrences(s.tag).find((o) => o.isDefinition);
      return first ? [location(ctx, at.set, first.file, first.span)] : [];
    }
    default:
      return [];
  }
}
