/**
 * Rename keywords (every file of every set that sees them) and macros. Edits
 * touch only the keyword text itself; invalid or clashing names are refused.
 */

import { Position, Range, ResponseError, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { everySet, FeatureContext, locate, uriOf } from './context';
import { occurrencesAt } from './references';

export class RenameRefused extends Error {}

export function prepareRename(ctx: FeatureContext, uri: string, position: Position): { range: Range; placeholder: string } | null {
  const occ = occurrencesAt(ctx, uri, position);
  const at = locate(ctx, uri, position);
  if (!occ || !at || occ.kind === 'index') return null;
  const here = occ.list.find((o) => o.set.files[o.file].source.id === at.file.source.id && o.span.start <= at.offset && at.offset <= o.span.end);
  if (!here) return null;
  return { range: ctx.codec.toRange(at.file.lines, here.span), placeholder: occ.name };
}

export function validateName(kind: 'keyword' | 'macro', name: string): string | undefined {
  if (name.trim() === '') return 'a name cannot be empty';
  if (kind === 'macro' && !/^[A-Za-z0-9]+$/.test(name)) return 'a macro name may contain only letters and digits';
  if (kind === 'keyword' && /[{}\\]/.test(name)) return 'a keyword cannot contain braces or backslashes';
  if (kind === 'keyword' && /\s\s|^\s|\s$|[\t\r\n]/.test(name)) return 'a keyword cannot start or end with spaces or hold line breaks';
  return undefined;
}

export function rename(ctx: FeatureContext, uri: string, position: Position, newName: string): WorkspaceEdit {
  const occ = occurrencesAt(ctx, uri, position);
  if (!occ || occ.kind === 'index') throw new ResponseError(0, 'Only section keywords, bibliography and list keywords, and macros can be renamed.');
  const problem = validateName(occ.kind, newName);
  if (problem) throw new ResponseError(0, `Cannot rename to \`${newName}': ${problem}.`);
  if (newName === occ.name) return { changes: {} };
  for (const { set } of everySet(ctx, uri)) {
    const clash = occ.kind === 'keyword' ? set.keywords.get(newName) : set.macros.get(newName);
    if (clash) throw new ResponseError(0, `Cannot rename to \`${newName}': that ${occ.kind} already exists in ${set.files[occ.kind === 'keyword' ? set.keywords.get(newName)!.file : set.macros.get(newName)!.file].source.name}.`);
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const o of occ.list) {
    const f = o.set.files[o.file];
    const u = uriOf(f.source.id);
    (changes[u] ??= []).push({ range: ctx.codec.toRange(f.lines, o.span), newText: newName });
  }
  return { changes };
}
