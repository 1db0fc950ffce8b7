/**
 * Incremental parsing: a file's new text parsed from its old parse, reading
 * only the paragraphs an edit touches (and the one before, when the edit may
 * reach a paragraph's first token).
 *
 * The parser leaves a checkpoint at every top-level paragraph start (outside
 * blocks and macro expansions), where its state is small: the previous
 * paragraph's kind and the macros defined so far. Parsing resumes at the last
 * checkpoint before the edit and stops at the first checkpoint after it whose
 * state matches the old parse at the same place (shifted by the edit's
 * length); the old lists before and after are kept, and the tail is moved in
 * place by moving its checkpoints, which its spans count from. An edit that
 * changes a macro's definition changes the state from there to the end; the
 * parse then stops past the last place that may look that macro up (a
 * `\name` in the text, found by commandMentions.ts), not at the file's end.
 *
 * So the old parse is consumed: its list of checkpoints becomes the new one's,
 * and the items the edit left alone stand where the new text has them. A set
 * still holding it (another set of the same file, or one that falls back to a
 * rebuild) only compares its lists with the new parse's, item by item.
 *
 * A `\quote{` or an unterminated `\#{` has no checkpoints inside, so an edit
 * there reparses up to where the block ends.
 */

import { replaceCheckpoints } from './checkpoints';
import { partitionPoint } from './partition';
import { MacroLookup, parsePart } from './parser';
import { SourceText } from './text';
import { changedRange } from './textDiff';
import { lastMention } from './commandMentions';
import { Checkpoint, Diagnostic, lengthBefore, listLengthsAt, MacroDef, PARSED_LISTS, ParsedFile } from './syntax';

const MACRO_DEFS = PARSED_LISTS.indexOf('macroDefs');
const DIAGNOSTICS = PARSED_LISTS.indexOf('diagnostics');

/**
 * The parse of `text`, given the parse of an earlier text of the same file under the same
 * macros. The old parse must not be used afterwards: its tail now belongs to the new one.
 */
export function reparse(old: ParsedFile, text: SourceText, macros: MacroLookup, full: (text: SourceText) => ParsedFile): ParsedFile {
  const before = old.text;
  if (before === text) return old;
  // NUL errors come first in a parse, out of document order: not worth splicing. The old
  // text had one if its parse begins with one; the new one has one only if the edit put it
  // there (no scan of the whole of either text on every keystroke).
  if (old.diagnostics[0]?.code === 'zero-char') return full(text);
  const { start, oldEnd, newEnd } = changedRange(before, text);
  // The same text (an edited buffer back as the file was read, a file read again unchanged):
  // not even the paragraph at the end is read again, so the set has nothing to patch.
  if (start === oldEnd && oldEnd === newEnd) return sameText(old, text);
  if (text.slice(start, newEnd).includes('\0')) return full(text);
  const delta = text.length - before.length;

  const cps = old.checkpoints;
  // Where the paragraph before a checkpoint ends can depend on the first token at the
  // checkpoint (`\IM` lines end one another, `\I` does not): an edit that may reach that
  // token resumes one checkpoint before the last one that precedes it. (Typing further into
  // a paragraph then does not read again the heading before it.)
  const j = lastBefore(cps, start);
  const k = j >= 0 && whiteBetween(text, cps[j].offset, start) ? j : Math.max(-1, j - 1);
  const from = k >= 0 ? cps[k] : undefined;
  const base = listLengthsAt(old, from);
  const oldMacroStart = base[MACRO_DEFS];
  let resumeAt = -1;
  // Worked out again only when the names whose definitions differ do (the part read on past
  // the edit defines the same macros in both parses).
  let reach: { changed: string; to: number; defs: number } | undefined;
  const lookedUpTo = (oldDefs: readonly MacroDef[], region: ParsedFile): number => {
    const changed = changedMacros(oldDefs, region.macroDefs);
    const key = JSON.stringify([...changed].sort());
    if (reach?.changed !== key) reach = { changed: key, to: lastLookup(old, region, changed, text, newEnd, delta), defs: 0 };
    reach.defs = region.macroDefs.length;
    return reach.to;
  };
  const { out, stoppedAt } = parsePart(text, macros, {
    from,
    readsTo: newEnd,
    macrosBefore: old.macroDefs.slice(0, oldMacroStart),
    stop: (at, region) => {
      if (at.offset < newEnd) return false;
      // (No checkpoint before that place will do, while the part defines no more macros.)
      if (reach && reach.defs === region.macroDefs.length && at.offset <= reach.to) return false;
      const j = find(cps, at.offset - delta);
      if (j < 0 || j <= k || cps[j].prevKind !== at.prevKind) return false;
      // The tail was parsed with the macros defined up to here: where they differ, it holds
      // only past the last place that may look a changed one up.
      const oldDefs = old.macroDefs.slice(oldMacroStart, lengthBefore(old.macroDefs, cps[j].offset));
      if (!sameDefinitions(oldDefs, region.macroDefs) && at.offset <= lookedUpTo(oldDefs, region)) return false;
      resumeAt = j;
      return true;
    },
  });
  const tail = stoppedAt ? cps[resumeAt] : undefined;
  // Worked out before the tail moves: its lists' items count from its checkpoints.
  const tailStart = tail ? listLengthsAt(old, tail) : [];
  if (tail && pointsInto(old.diagnostics.slice(tail.diagnostics), from?.offset ?? 0, tail.offset)) return full(text);

  const result: ParsedFile = { ...out, text, externalLookups: new Map([...old.externalLookups, ...out.externalLookups]), checkpoints: [] };
  const runs = PARSED_LISTS.map((list, li): ReplacedRun => {
    const was = old[list] as unknown[];
    const start = base[li];
    const oldEnd = tail ? tailStart[li] : was.length;
    const items = out[list] as unknown[];
    const run = { start, oldEnd, newEnd: start + items.length };
    // A list the edit left alone (typing leaves all but the paragraphs) is the old one itself.
    if (oldEnd === start && items.length === 0) return takenOver(old, list, result);
    // A long run (a paste, a file parsed whole) in a new list, which leaves the old one as it is.
    if (oldEnd - start > 10000 || items.length > 10000) {
      (result[list] as unknown[]) = was.slice(0, start).concat(items, was.slice(oldEnd));
      return { ...run, removed: was.slice(start, oldEnd) };
    }
    // Else in place: a copy of a list of 100,000 paragraphs on every keystroke cost more than
    // the rest of the reparse. The old parse's list is then made again if it is ever read.
    const removed = was.splice(start, oldEnd - start, ...items);
    (result[list] as unknown[]) = was;
    keepAsWas(old, list, result, { ...run, removed });
    return { ...run, removed };
  });
  recordStep(old, result, runs);
  // The old parse is consumed: its list of checkpoints becomes the new one's, the tail's moved
  // (every span of the tail counts from one of them, see ParsedSpan, so this moves the whole tail).
  const diagnosticsBefore = base[DIAGNOSTICS];
  result.checkpoints = replaceCheckpoints(cps, Math.max(0, k), tail ? resumeAt : cps.length, out.checkpoints, {
    delta,
    diagnostics: tail ? diagnosticsBefore + out.diagnostics.length - tail.diagnostics : 0,
    itemsDiagnostics: diagnosticsBefore,
  });
  return result;
}

function sameDefinitions(a: readonly MacroDef[], b: readonly MacroDef[]): boolean {
  return a.length === b.length && a.every((d, i) => d.name === b[i].name && d.text === b[i].text);
}

/** The names whose first definition (the one that counts) differs between two runs of definitions. */
function changedMacros(before: readonly MacroDef[], after: readonly MacroDef[]): Set<string> {
  const first = (defs: readonly MacroDef[]) => {
    const m = new Map<string, string>();
    for (const d of defs) if (!m.has(d.name)) m.set(d.name, d.text);
    return m;
  };
  const [a, b] = [first(before), first(after)];
  const changed = new Set<string>();
  for (const [name, text] of a) if (b.get(name) !== text) changed.add(name);
  for (const name of b.keys()) if (!a.has(name)) changed.add(name);
  return changed;
}

/**
 * The last place from `from` on (in the new text) where the old parse's tail may have looked
 * up a macro whose definition changed, and so may read differently now: where the text names
 * one, or a macro whose text names one (the use looks them up as it expands), or where the old
 * parse defines one (that definition is an error or not). -1 if nowhere; Infinity if it cannot
 * be told, as when a macro's text ends in a command's name, which the text after a use can
 * lengthen into any other.
 */
function lastLookup(old: ParsedFile, region: ParsedFile, changed: ReadonlySet<string>, text: SourceText, from: number, delta: number): number {
  if (changed.size === 0) return -1;
  const bodies: [string, string][] = [];
  for (const d of [...old.macroDefs, ...region.macroDefs]) bodies.push([d.name, d.text]);
  for (const lookups of [old.externalLookups, region.externalLookups]) for (const [name, body] of lookups) if (body !== undefined) bodies.push([name, body]);
  if (bodies.some(([, body]) => /\\[A-Za-z0-9]*$/.test(body))) return Infinity;
  const names = new Set(changed);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, body] of bodies) {
      if (names.has(name) || ![...names].some((n) => body.includes('\\' + n))) continue;
      names.add(name);
      grew = true;
    }
  }
  const to = lastMention(text, names, from);
  const defs = old.macroDefs;
  for (let i = defs.length - 1; i >= 0 && defs[i].span.start + delta >= from; i--) {
    if (names.has(defs[i].name)) return Math.max(to, defs[i].span.start + delta);
  }
  return to;
}

/** The old parse, of a text equal to the new one, as the new text's (taking over its lists, as a reparse does). */
function sameText(old: ParsedFile, text: SourceText): ParsedFile {
  const result: ParsedFile = { ...old, text };
  recordStep(old, result, PARSED_LISTS.map((list) => takenOver(old, list, result)));
  return result;
}

/** An old parse's list that the newer parse takes over as it is; the run it replaced (none). */
function takenOver(old: ParsedFile, list: ListName, newer: ParsedFile): ReplacedRun {
  const was = old[list] as unknown[];
  (newer[list] as unknown[]) = was;
  // (Which a later reparse may change in place: the old parse reads it as the new one does.)
  keepAsWas(old, list, newer, { start: 0, oldEnd: 0, newEnd: 0, removed: [] });
  return { start: was.length, oldEnd: was.length, newEnd: was.length, removed: [] };
}

/**
 * What a reparse replaced, for the set's patch (replacedRun). Only the last step is remembered:
 * a record of the step before would hold every earlier parse of the file alive, one after another.
 */
function recordStep(old: ParsedFile, result: ParsedFile, runs: ReplacedRun[]): void {
  splices.delete(old);
  splices.set(result, { from: old, runs });
  consumed.add(old);
}

/**
 * Whether a parse was taken over by a newer one (its lists read as they were, but its items'
 * places, counted from checkpoints the newer parse moved, are the newer text's). A set holding
 * it must take the text again even where it is the same as the one it holds (found by review:
 * two sets sharing a file, an edit read by one and undone before the other read it).
 */
export function isConsumed(parsed: ParsedFile): boolean {
  return consumed.has(parsed);
}

/** What a reparse replaced in each list: the run of items that differ (as comparing the lists by identity finds it). */
export interface ReplacedRun<T = unknown> {
  start: number;
  /** End of the run in the old list. */
  oldEnd: number;
  /** End of the run in the new list. */
  newEnd: number;
  /** The old list's items in the run. */
  removed: readonly T[];
}

/**
 * Makes a parse's list, which a reparse took over (and changed in place, or shared unchanged
 * with the newer parse, where a later reparse may change it), read as it was: made again from
 * the newer parse's list, as that reads when asked (itself perhaps made again). Only a set that
 * has not caught up with the edit, or a test, reads an old parse's list whole.
 */
function keepAsWas(old: ParsedFile, list: ListName, newer: ParsedFile, run: ReplacedRun): void {
  Object.defineProperty(old, list, {
    configurable: true,
    enumerable: true,
    get() {
      const now = newer[list] as unknown[];
      if (run.removed.length === 0 && run.newEnd === run.start) return now;
      const value = now.slice(0, run.start).concat(run.removed, now.slice(run.newEnd));
      Object.defineProperty(old, list, { value, writable: true, configurable: true, enumerable: true });
      return value;
    },
  });
}

const splices = new WeakMap<ParsedFile, { from: ParsedFile; runs: ReplacedRun[] }>();
const consumed = new WeakSet<ParsedFile>();

type ListName = (typeof PARSED_LISTS)[number];
type ItemOf<L extends ListName> = ParsedFile[L][number];

/**
 * The run of a list that differs between two parses of a file, when the later one was made from
 * the earlier by reparse (else undefined): the set's patch of an edit reads it instead of
 * walking lists as long as the file.
 */
export function replacedRun<L extends ListName>(before: ParsedFile, after: ParsedFile, list: L): ReplacedRun<ItemOf<L>> | undefined {
  const s = splices.get(after);
  return s?.from === before ? (s.runs[PARSED_LISTS.indexOf(list)] as ReplacedRun<ItemOf<L>>) : undefined;
}

/** The run of a list that differs between two parses of a file: as the reparse recorded it, else found by comparing the lists. */
export function replacedIn<L extends ListName>(before: ParsedFile, after: ParsedFile, list: L): ReplacedRun<ItemOf<L>> {
  const said = replacedRun(before, after, list);
  if (said) return said;
  const was = before[list] as readonly ItemOf<L>[];
  const run = changedRun(was, after[list] as readonly ItemOf<L>[]);
  return { ...run, removed: was.slice(run.start, run.oldEnd) };
}

/**
 * Where two lists differ, by identity: a reparse keeps the objects before and after an
 * edit, so [start, oldEnd) of the old list became [start, newEnd) of the new.
 */
export function changedRun<T>(before: readonly T[], after: readonly T[]): { start: number; oldEnd: number; newEnd: number } {
  if (before === after) return { start: before.length, oldEnd: before.length, newEnd: after.length };
  const min = Math.min(before.length, after.length);
  let start = 0;
  while (start < min && before[start] === after[start]) start++;
  let tail = 0;
  while (tail < min - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

/**
 * Whether text[from, to) holds whitespace: a token starting at `from` then ends before `to`.
 * (Only so far is looked at: past it, the answer "no" costs one more paragraph read again.)
 */
function whiteBetween(text: SourceText, from: number, to: number): boolean {
  return /[ \t\r\n]/.test(text.slice(from, Math.min(to, from + 256)));
}

/** Index of the last checkpoint before offset, or -1. */
function lastBefore(cps: readonly Checkpoint[], offset: number): number {
  return partitionPoint(cps.length, (i) => cps[i].offset >= offset) - 1;
}

/** Index of the checkpoint at offset, or -1. */
function find(cps: readonly Checkpoint[], offset: number): number {
  const i = lastBefore(cps, offset) + 1;
  return i < cps.length && cps[i].offset === offset ? i : -1;
}

/**
 * Whether a diagnostic of the tail points at a place in the part parsed again (`\\define` of a
 * macro defined earlier points at the first definition): that place is an old parse's span the
 * edit may have moved. A place before that part is a span of the kept head, which stays where
 * it is; so a file that defines a macro twice is not parsed whole on every edit after the first.
 */
function pointsInto(diagnostics: readonly Diagnostic[], from: number, tailStart: number): boolean {
  return diagnostics.some((d) => d.related?.some((r) => r.file === undefined && r.span.start >= from && r.span.start < tailStart));
}
