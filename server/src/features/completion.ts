/**
 * Completion: keywords in \k{ \K{ \BR{ \nocite{, index tags in \i{ \I{ \ii{
 * \IM{, \cfg{ keys, and commands and macros after a backslash. The context
 * comes from a short look back along the current line; nothing is re-parsed.
 */

import { CompletionItem, CompletionItemKind, CompletionList, InsertReplaceEdit, InsertTextFormat, MarkupKind, Position, Range } from 'vscode-languageserver';
import { DocumentSet, KeywordDef } from '../core/docset';
import { BUILTIN_COMMANDS } from '../core/lexer';
import { inMidParagraph } from '../core/query';
import { matchTier } from './matchTier';
import { startsCommand } from './commandAt';
import { CFG_DOCS, COMMAND_DOCS, CommandDoc } from './docs';
import { FeatureContext, locate } from './context';

type Context = { kind: 'keyword' | 'index' | 'cfg' | 'command'; partial: string; from: number };

/** What is being typed at the cursor, from the text of the line before it. */
export function completionContext(before: string): Context | undefined {
  const brace = /\\(k|K|BR|nocite|i|I|ii|IM|cfg)((?:\{[^{}]*\})*)\{([^{}\\]*)$/.exec(before);
  if (brace && !startsCommand(before, brace.index)) return undefined;
  if (brace) {
    const cmd = brace[1];
    const kind = cmd === 'cfg' ? (brace[2] ? undefined : 'cfg') : /^(i|I|ii|IM)$/.test(cmd) ? 'index' : 'keyword';
    if (!kind) return undefined;
    return { kind, partial: brace[3], from: before.length - brace[3].length };
  }
  const cmd = /\\([A-Za-z0-9]*)$/.exec(before);
  if (cmd && startsCommand(before, cmd.index)) return { kind: 'command', partial: cmd[1], from: before.length - cmd[1].length };
  return undefined;
}

/**
 * How much of the name being completed lies after the cursor, from the text of the line after
 * it: up to the brace that closes an argument, or, where none closes it on this line (still
 * being typed, before the text it will run into), the rest of the word; a command's letters.
 */
export function restOfName(kind: Context['kind'], after: string): number {
  if (kind === 'command') return /^[A-Za-z0-9]*/.exec(after)![0].length;
  const closed = /^[^{}\\]*(?=\})/.exec(after);
  return (closed ?? /^[^{}\\\s]*/.exec(after)!)[0].length;
}

/** A command's documentation (every `\S` level shares `\S`'s). */
function docOf(name: string): CommandDoc | undefined {
  return COMMAND_DOCS[name === 'S0' ? 'H' : /^S\d*$/.test(name) ? 'S' : name];
}

/** At most this many items go back; the list is then marked incomplete, so that typing asks again. */
export const MAX_ITEMS = 200;

/** Sort text of a tier: its matches in document order. */
function sortText(tier: number, order: number): string {
  return `${tier}${String(order).padStart(6, '0')}`;
}

/** Sort text: prefix matches, then substring, then scattered matches, each in document order. */
function rank(label: string, partial: string, order: number): string {
  return sortText(matchTier(label, partial.toLowerCase()), order);
}

/**
 * The best items for what has been typed. A manual has hundreds of keywords (the PuTTY manual
 * 550; a big one, tens of thousands): sending them all on every keystroke costs more than
 * finding them, so items that cannot match are dropped and the rest capped.
 */
function best(items: CompletionItem[]): CompletionList {
  const matching = items.filter((i) => !i.sortText!.startsWith('3')).sort((a, b) => (a.sortText! < b.sortText! ? -1 : a.sortText! > b.sortText! ? 1 : 0));
  return { isIncomplete: matching.length > MAX_ITEMS, items: matching.slice(0, MAX_ITEMS) };
}

/** What a keyword item shows beside its name: the number halibut gives it, and its title. */
function keywordDetail(def: KeywordDef): string {
  return `${DocumentSet.cite(def, true) ?? (def.kind === 'biblio' ? 'bibliography entry' : '')}${def.title ? ` \u2014 ${def.title}` : ''}`;
}

/** Where a keyword item's detail is found when it is left for completionItem/resolve. */
interface ResolveData {
  uri: string;
}

function keywordItems(set: DocumentSet, partial: string, range: Range, lazy: boolean, numbered: boolean): CompletionItem[] {
  // A big set has tens of thousands of keywords: they are taken in document order into their
  // tier (as rank() would sort them), and the scan stops once the first tier alone is full;
  // items are made only for the few that are sent.
  const p = partial.toLowerCase();
  const tiers: { def: KeywordDef; order: number }[][] = [[], [], []];
  let order = -1;
  for (const { def, duplicateOf } of set.definitions) {
    if (duplicateOf) continue;
    order++;
    const tier = matchTier(def.key, p);
    if (tier < tiers.length) tiers[tier].push({ def, order });
    if (tiers[0].length > MAX_ITEMS) break;
  }
  const items: CompletionItem[] = [];
  tiers.forEach((t, tier) => {
    for (const { def, order } of t.slice(0, MAX_ITEMS + 1 - items.length)) {
      const item: CompletionItem = {
        label: def.key,
        kind: def.kind === 'biblio' ? CompletionItemKind.Reference : CompletionItemKind.Module,
        sortText: sortText(tier, order),
        textEdit: { range, newText: def.key },
      };
      if (!lazy) item.detail = keywordDetail(def);
      // The number halibut gives it, beside each name in the list (the title comes with the
      // detail): which of a dozen `config-ssh-` keywords is the one meant shows at a glance.
      if (numbered) item.labelDetails = { description: DocumentSet.cite(def, true) ?? (def.kind === 'biblio' ? 'bibliography entry' : undefined) };
      items.push(item);
    }
  });
  return items;
}

export function completion(ctx: FeatureContext, uri: string, position: Position): CompletionList {
  const at = locate(ctx, uri, position);
  const empty = { isIncomplete: false, items: [] };
  if (!at) return empty;
  const lines = at.file.lines;
  const line = lines.positionAt(at.offset).line;
  const lineStart = lines.lineStart(line);
  const before = at.file.source.text.slice(lineStart, at.offset);
  const c = completionContext(before);
  if (!c) return empty;
  const range: Range = { start: ctx.codec.toPosition(lines, lineStart + c.from), end: ctx.codec.toPosition(lines, at.offset) };
  // Completing inside a name already written (`\k{con|fig-ssh}`), a client that can be told
  // both is told what to insert and what to replace: VS Code's Insert and Replace modes.
  const after = at.file.source.text.slice(at.offset, lines.lineContentEnd(line));
  const rest = restOfName(c.kind, after);
  // Where a command's arguments are written already (`\cw|{x}`), its name alone, no snippet.
  const argsWritten = after[rest] === '{';
  const replace = rest > 0 && ctx.client?.completionInsertReplace ? { start: range.start, end: ctx.codec.toPosition(lines, at.offset + rest) } : undefined;
  // A client that resolves the detail of the item it shows is sent none with the list.
  const lazy = ctx.client?.completionResolves?.includes('detail') ?? false;
  let items: CompletionItem[] = [];
  switch (c.kind) {
    case 'keyword':
      items = keywordItems(at.set, c.partial, range, lazy, ctx.client?.completionLabelDetails ?? false);
      break;
    case 'index':
      // In document order of their first use (the table's own order is not kept so by edits).
      items = [...at.set.index.values()]
        .filter((t) => t.uses.length > 0)
        .sort((a, b) => a.uses[0].file - b.uses[0].file || a.uses[0].use.span.start - b.uses[0].use.span.start)
        .map((t, i) => ({
          label: t.name,
          kind: CompletionItemKind.Text,
          detail: `indexed in ${t.uses.length} place${t.uses.length === 1 ? '' : 's'}`,
          sortText: rank(t.name, c.partial, i),
          textEdit: { range, newText: t.name },
        }));
      break;
    case 'cfg':
      items = Object.entries(CFG_DOCS).map(([key, doc], i) => ({
        label: key,
        kind: CompletionItemKind.Property,
        documentation: { kind: MarkupKind.Markdown, value: doc },
        sortText: rank(key, c.partial, i),
        textEdit: { range, newText: key },
      }));
      break;
    case 'command': {
      // Mid-paragraph, halibut takes no paragraph command (`\H` there is an error): none is offered.
      const inline = inMidParagraph(at.set, at.fileIndex, lineStart + c.from - 1);
      const words = BUILTIN_COMMANDS.filter((n) => /^[A-Za-z]/.test(n));
      const symbols = BUILTIN_COMMANDS.filter((n) => !/^[A-Za-z]/.test(n));
      const names = [...new Set([...words, 'S', 'S0', 'S1', 'S2', 'S3', 'u', ...symbols])].filter((name) => !(inline && docOf(name)?.paragraph));
      items = names.map((name, i) => {
        const doc = docOf(name);
        const level = /^S\d?$/.test(name);
        const snippet = argsWritten ? undefined : level ? `${name}{\${1:keyword}} \${2:Title}` : doc?.snippet;
        return {
          label: `\\${name}`,
          filterText: name,
          kind: doc?.paragraph ? CompletionItemKind.Keyword : CompletionItemKind.Function,
          detail: doc?.paragraph ? 'paragraph command' : 'inline command',
          documentation: doc ? { kind: MarkupKind.Markdown, value: doc.doc } : undefined,
          sortText: rank(name, c.partial, i),
          insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
          textEdit: { range, newText: snippet ?? name },
        };
      });
      let i = names.length;
      for (const [name, info] of at.set.macros) {
        items.push({
          label: `\\${name}`,
          filterText: name,
          kind: CompletionItemKind.Snippet,
          detail: 'macro',
          documentation: { kind: MarkupKind.Markdown, value: '```halibut\n' + info.def.text + '\n```' },
          sortText: rank(name, c.partial, i++),
          textEdit: { range, newText: name },
        });
      }
      break;
    }
  }
  let list = best(items);
  const editRange = replace ? { insert: range, replace } : range;
  if (ctx.client?.completionItemDefaults?.includes('editRange')) list = withDefaultRange(list, editRange);
  else if (replace) list.items = list.items.map((item) => ({ ...item, textEdit: InsertReplaceEdit.create(item.textEdit!.newText, range, replace) }));
  if (lazy && c.kind === 'keyword') {
    const data: ResolveData = { uri };
    if (ctx.client?.completionItemDefaults?.includes('data')) list.itemDefaults = { ...list.itemDefaults, data };
    else for (const item of list.items) item.data = data;
  }
  return list;
}

/** completionItem/resolve: the detail of a keyword item that was sent without it. */
export function resolveCompletion(ctx: FeatureContext, item: CompletionItem): CompletionItem {
  const data = item.data as ResolveData | undefined;
  if (item.detail !== undefined || typeof data?.uri !== 'string') return item;
  const def = locate(ctx, data.uri)?.set.keywords.get(item.label);
  return def ? { ...item, detail: keywordDetail(def) } : item;
}

/**
 * The list for a client that takes a default edit range (LSP 3.17, as VS Code does): every
 * item replaces the same range, so it is sent once instead of with each of up to 200 items,
 * which roughly halves the answer that crosses the pipe on every keystroke.
 */
function withDefaultRange(list: CompletionList, editRange: Range | { insert: Range; replace: Range }): CompletionList {
  const items = list.items.map(({ textEdit, ...item }) => {
    const text = textEdit?.newText ?? item.label;
    return text === item.label ? item : { ...item, textEditText: text };
  });
  return { ...list, itemDefaults: { editRange }, items };
}
