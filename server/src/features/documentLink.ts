/** Document links for \W URLs (web and mail links; file: links only into the file system). */

import { DocumentLink } from 'vscode-languageserver';
import { FeatureContext, locate } from './context';

const LINKABLE = /^(https?|mailto|ftp|file):/i;

export function documentLinks(ctx: FeatureContext, uri: string): DocumentLink[] {
  const at = locate(ctx, uri);
  if (!at) return [];
  return at.file.parsed.links
    .filter((l) => LINKABLE.test(l.url.trim()))
    .map((l) => ({ range: ctx.codec.toRange(at.file.lines, l.urlSpan), target: l.url.trim(), tooltip: `Open ${l.url.trim()}` }));
}
