/**
 * Incremental parsing: a file's new text parsed from its old parse, reading
 * only the paragraphs an edit touches (and the one before).
 *
 * The parser leaves a checkpoint at every top-level paragraph start (outside
 * blocks and macro expansions), where its state is small: the previous
 * paragraph's kind and the macros defined so far. Parsing resumes at the last
 * checkpoint before the edit and stops at the first checkpoint after it whose
 * state matches the old parse at the same place (shifted by the edit's
 * length); the old lists before and after are kept, the tail's positions
 * shifted in place (the old parse is consumed). A `\quote{` or an unterminated `\#{` has no checkpoints inside, so
 * an edit there reparses up to where the block ends.
 */

import { MacroLookup, parsePart } from './parser';
import { Checkpoint, Diagnostic, PARSED_LISTS, ParsedFile } from './syntax';

/**
 * The parse of `text`, given the parse of an earlier text of the same file under the same
 * macros. The old parse must not be used afterwards: its tail now belongs to the new one.
 */
export function reparse(old: ParsedFile, text: string, macros: MacroLookup, full: (text: string) => ParsedFile): ParsedFile {
  const before = old.text;
  if (before === text) return old;
  // NUL errors come first in a parse, out of document order: not worth splicing.
  if (text.includes('\0') || before.includes('\0')) return full(text);
  let start = 0;
  const min = Math.min(before.length, text.length);
  while (start < min && before.charCodeAt(start) === text.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < min - start && before.charCodeAt(before.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  const delta = text.length - before.length;
  const newEnd = text.length - suffix;

  const cps = old.checkpoints;
  // Where the paragraph before a checkpoint ends can depend on the first token at the
  // checkpoint (`\IM` lines end one another, `\I` does not), so the edit must not reach
  // that token: resume one checkpoint before the last one that precedes the edit.
  const k = Math.max(-1, lastBefore(cps, start) - 1);
  const from = k >= 0 ? cps[k] : undefined;
  const base = from?.counts ?? PARSED_LISTS.map(() => 0);
  const oldMacroStart = base[PARSED_LISTS.indexOf('macroDefs')];
  let resumeAt = -1;
  const { out, stoppedAt } = parsePart(text, macros, {
    from,
    macrosBefore: old.macroDefs.slice(0, oldMacroStart),
    stop: (at, region) => {
      if (at.offset < newEnd) return false;
      const j = find(cps, at.offset - delta);
      if (j < 0 || j <= k || cps[j].prevKind !== at.prevKind) return false;
      // The tail was parsed with the macros defined up to here: they must be the same.
      const oldDefs = old.macroDefs.slice(oldMacroStart, cps[j].counts[PARSED_LISTS.indexOf('macroDefs')]);
      if (oldDefs.length !== region.macroDefs.length || oldDefs.some((d, i) => d.name !== region.macroDefs[i].name || d.text !== region.macroDefs[i].text)) return false;
      resumeAt = j;
      return true;
    },
  });
  const tail = stoppedAt ? cps[resumeAt] : undefined;
  if (tail && pointsBack(old.diagnostics.slice(tail.counts[PARSED_LISTS.indexOf('diagnostics')]), tail.offset)) return full(text);

  const result: ParsedFile = { ...out, text, externalLookups: new Map([...old.externalLookups, ...out.externalLookups]), checkpoints: [] };
  const seen = new Set<object>();
  PARSED_LISTS.forEach((list, li) => {
    const head = (old[list] as unknown[]).slice(0, base[li]);
    const rest = tail ? (old[list] as unknown[]).slice(tail.counts[li]) : [];
    if (delta !== 0) for (const x of rest) shift(x, delta, seen);
    (result[list] as unknown[]) = [...head, ...(out[list] as unknown[]), ...rest];
  });
  const grown = (cp: Checkpoint, by: number[], offset = 0): Checkpoint => ({ offset: cp.offset + offset, prevKind: cp.prevKind, counts: cp.counts.map((n, i) => n + by[i]) });
  const regionLengths = PARSED_LISTS.map((l) => out[l].length);
  result.checkpoints = [
    ...cps.slice(0, Math.max(0, k)),
    ...out.checkpoints.map((cp) => grown(cp, from ? base : regionLengths.map(() => 0))),
    ...(tail ? cps.slice(resumeAt).map((cp) => grown(cp, PARSED_LISTS.map((_, i) => base[i] + regionLengths[i] - tail.counts[i]), delta)) : []),
  ];
  return result;
}

/** Index of the last checkpoint before offset, or -1. */
function lastBefore(cps: readonly Checkpoint[], offset: number): number {
  let lo = 0;
  let hi = cps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cps[mid].offset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the checkpoint at offset, or -1. */
function find(cps: readonly Checkpoint[], offset: number): number {
  const i = lastBefore(cps, offset) + 1;
  return i < cps.length && cps[i].offset === offset ? i : -1;
}

/** Whether a diagnostic of the tail points at a place before it (which the edit may have moved). */
function pointsBack(diagnostics: readonly Diagnostic[], tailStart: number): boolean {
  return diagnostics.some((d) => d.related?.some((r) => r.file === undefined && r.span.start < tailStart));
}

/**
 * Move every span of a piece of the tail by delta, in place: the old parse is given up, and
 * copying the tail would cost more than parsing it. Objects shared within the parse (an index
 * use is both in a paragraph's words and in indexUses) move once; places in other files (a
 * related location with a `file`) stay.
 */
function shift(v: unknown, delta: number, seen: Set<object>): void {
  if (v === null || typeof v !== 'object' || seen.has(v)) return;
  seen.add(v);
  if (Array.isArray(v)) {
    for (const x of v) shift(x, delta, seen);
    return;
  }
  const o = v as Record<string, unknown>;
  if (typeof o.file === 'string') return;
  if (typeof o.start === 'number' && typeof o.end === 'number') {
    o.start += delta;
    o.end += delta;
  }
  for (const key in o) {
    const x = o[key];
    if (x !== null && typeof x === 'object') shift(x, delta, seen);
  }
}
