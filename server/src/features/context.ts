/**
 * What every feature needs: the workspace index and the position codec, and
 * a way to find the analysed file behind a URI.
 */

import { Position } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { DocumentSet, FileAnalysis } from '../core/docset';
import { Span } from '../core/syntax';
import { SetEntry, Workspace } from '../core/workspace';
import { ClientPaths } from './clientPaths';
import { PositionCodec } from './positions';

export interface FeatureContext {
  ws: Workspace;
  codec: PositionCodec;
  settings: { inlayHints: boolean };
  /** How the client names files, where it differs from the workspace (absent: it never does). */
  paths?: ClientPaths;
  /** What the client said it can take, where a feature answers differently for it. */
  client?: {
    /** completionList.itemDefaults: the item properties a list may give once for all. */
    completionItemDefaults?: readonly string[];
    /** completionItem.resolveSupport.properties: what the client asks for when an item is shown. */
    completionResolves?: readonly string[];
    /** completionItem.insertReplaceSupport: an item may say what it inserts and what it replaces. */
    completionInsertReplace?: boolean;
    /** completionItem.labelDetailsSupport: an item may show a short description in the list itself. */
    completionLabelDetails?: boolean;
  };
}

export interface Located {
  entry: SetEntry;
  set: DocumentSet;
  fileIndex: number;
  file: FileAnalysis;
  offset: number;
}

export const pathOf = (uri: string): string => URI.parse(uri).fsPath;
export const uriOf = (file: string): string => URI.file(file).toString();
/** The workspace's path of the file a client's URI names (features take files from the client by this). */
export const fileOf = (ctx: FeatureContext, uri: string): string => ctx.paths?.fileOf(uri) ?? pathOf(uri);
/** The URI the client knows a workspace file by (features name files to the client by this). */
export const uriFor = (ctx: FeatureContext, file: string): string => ctx.paths?.uriOf(file) ?? uriOf(file);

/** The file's analysis in its first document set, and the offset of a position in it. */
export function locate(ctx: FeatureContext, uri: string, position?: Position): Located | undefined {
  const file = fileOf(ctx, uri);
  for (const entry of ctx.ws.setsOf(file)) {
    const fileIndex = entry.set.fileIndexOf(file);
    if (fileIndex < 0) continue;
    const f = entry.set.files[fileIndex];
    return { entry, set: entry.set, fileIndex, file: f, offset: position ? ctx.codec.toOffset(f.lines, position) : 0 };
  }
  return undefined;
}

/** Every set containing the file, with its index in each. */
export function everySet(ctx: FeatureContext, uri: string): { set: DocumentSet; fileIndex: number }[] {
  const file = fileOf(ctx, uri);
  return ctx.ws
    .setsOf(file)
    .map((e) => ({ set: e.set, fileIndex: e.set.fileIndexOf(file) }))
    .filter((x) => x.fileIndex >= 0);
}

export function location(ctx: FeatureContext, set: DocumentSet, fileIndex: number, span: Span) {
  const f = set.files[fileIndex];
  return { uri: uriFor(ctx, f.source.id), range: ctx.codec.toRange(f.lines, span) };
}
