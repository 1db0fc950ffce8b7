/** The extension's own requests: the sets a file belongs to, and the section at a position. */

import { Position } from 'vscode-languageserver';
import { headingBefore } from '../core/query';
import { FeatureContext, locate, fileOf } from './context';

export function documentSets(ctx: FeatureContext, uri: string) {
  return ctx.ws.describeSets(fileOf(ctx, uri));
}

export function sectionAt(ctx: FeatureContext, uri: string, position: Position) {
  const at = locate(ctx, uri, position);
  if (!at) return undefined;
  const h = headingBefore(at.set, at.fileIndex, at.offset);
  if (!h) return undefined;
  return { keyword: h.def?.key, number: h.words?.number, kind: h.def?.kind ?? h.para.kind };
}
