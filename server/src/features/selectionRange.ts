/** Selection ranges: word → keyword → braces → command (each level of nesting) → paragraph → section → file. */

import { Position, SelectionRange } from 'vscode-languageserver';
import { symbolAt } from '../core/query';
import { startsCommand } from './commandAt';
import { Span } from '../core/syntax';
import { documentSymbols } from './documentSymbol';
import { FeatureContext, locate } from './context';

export function selectionRanges(ctx: FeatureContext, uri: string, positions: Position[]): SelectionRange[] {
  const at = locate(ctx, uri);
  if (!at) return positions.map((p) => ({ range: { start: p, end: p } }));
  const { file } = at;
  const sections = documentSymbols(ctx, uri);
  return positions.map((pos) => {
    const offset = ctx.codec.toOffset(file.lines, pos);
    const spans: Span[] = [];
    const s = symbolAt(at.set, at.fileIndex, offset);
    if (s) {
      spans.push(s.span);
      if (s.kind === 'xref') spans.push(s.xref.keySpan, s.xref.span);
      if (s.kind === 'definition') spans.push(s.def.keyword.braced);
    }
    const para = file.parsed.paragraphs.find((p) => p.span.start <= offset && offset <= p.span.end);
    if (para) {
      const text = file.source.text.slice(para.span.start, para.span.end);
      const word = wordAt(text, offset - para.span.start);
      if (word) spans.push(shift(word, para.span.start));
      // (In a code paragraph braces are text.)
      if (para.kind !== 'code') for (const g of groupsAround(text, offset - para.span.start)) spans.push(shift(g, para.span.start));
      spans.push(para.span);
    }
    const nested: Span[] = [];
    const walk = (syms: typeof sections) => {
      for (const sym of syms) {
        const a = ctx.codec.toOffset(file.lines, sym.range.start);
        const b = ctx.codec.toOffset(file.lines, sym.range.end);
        if (a <= offset && offset <= b) {
          nested.push({ start: a, end: b });
          walk(sym.children ?? []);
        }
      }
    };
    walk(sections);
    spans.push(...nested.reverse());
    spans.push({ start: 0, end: file.source.text.length });
    // Innermost first, each strictly containing the one before.
    const sorted = spans.filter((x) => x.start <= offset && offset <= x.end).sort((x, y) => x.end - x.start - (y.end - y.start));
    let result: SelectionRange | undefined;
    const chain: Span[] = [];
    for (const sp of sorted) {
      const last = chain[chain.length - 1];
      if (!last || (sp.start <= last.start && sp.end >= last.end && (sp.start < last.start || sp.end > last.end))) chain.push(sp);
    }
    for (const sp of chain.reverse()) result = { range: ctx.codec.toRange(file.lines, sp), parent: result };
    return result ?? { range: { start: pos, end: pos } };
  });
}

function shift(s: Span, by: number): Span {
  return { start: s.start + by, end: s.end + by };
}

/**
 * The word the offset is in or at the end of: a command's name with its backslash, or a run
 * of text in which escaped characters (`\}`, `\_`) are letters.
 */
function wordAt(text: string, at: number): Span | undefined {
  const words = /\\[A-Za-z0-9]+|(?:\\[{}\\_-]|[^\s{}\\])+/g;
  for (let m = words.exec(text); m && m.index <= at; m = words.exec(text)) {
    if (at <= m.index + m[0].length) return { start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

const MAX_GROUPS = 64;

/**
 * The brace groups around an offset of a paragraph's text, innermost first: each group, then
 * the command it is the argument of (`\q{\ii{Out of memory}}`: the term, `{...}`,
 * `\ii{...}`, `{...}`, `\q{...}`). Escaped braces (`\{`) are text.
 */
function groupsAround(text: string, at: number): Span[] {
  const open: number[] = [];
  for (let i = 0; i < at; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '{') open.push(i);
    else if (text[i] === '}') open.pop();
  }
  const out: Span[] = [];
  let depth = 0;
  // The innermost levels only: a chain as deep as 100,000 nested braces would not survive
  // being sent (JSON nests a range's parents), and nobody widens a selection that often.
  for (let i = at; i < text.length && open.length > 0 && out.length < 2 * MAX_GROUPS; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '{') depth++;
    else if (text[i] === '}' && depth > 0) depth--;
    else if (text[i] === '}') {
      const o = open.pop()!;
      out.push({ start: o, end: i + 1 });
      // The command before the brace, past any arguments before this one (`\W{url}{text}`).
      let c = o;
      while (text[c - 1] === '}' && !startsCommand(text, c - 2)) {
        let d = 0;
        let j = c - 1;
        for (; j >= 0; j--) {
          if (text[j] === '}' && !startsCommand(text, j - 1)) d++;
          else if (text[j] === '{' && !startsCommand(text, j - 1) && --d === 0) break;
        }
        if (j < 0) break;
        c = j;
      }
      let name = c;
      while (name > 0 && /[A-Za-z0-9]/.test(text[name - 1])) name--;
      if (name < c && startsCommand(text, name - 1)) out.push({ start: name - 1, end: i + 1 });
    }
  }
  return out;
}
