/**
 * Where a new text of a file differs from the old one. The server is given whole texts,
 * so each layer that updates incrementally (the parse, the line index) starts from this.
 */

/** The one range that changed: [start, oldEnd) of the old text became [start, newEnd) of the new. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** The last pair asked about: the parse, the line index and the set each ask about one edit in turn. */
let last: { before: string; after: string; change: TextChange } | undefined;

export function changedRange(before: string, after: string): Readonly<TextChange> {
  if (last && last.before === before && last.after === after) return last.change;
  const min = Math.min(before.length, after.length);
  const start = commonPrefix(before, after, min);
  const suffix = commonSuffix(before, after, min - start);
  const change = { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
  last = { before, after, change };
  return change;
}

/*
 * Whole chunks are compared as strings first (the engine compares them natively), which
 * on a large file is many times faster than a loop over characters; only the chunk that
 * differs is walked.
 */
const CHUNK = 1024;

/** How many characters two texts have in common at their starts, at most max. */
function commonPrefix(a: string, b: string, max: number): number {
  let i = 0;
  while (i + CHUNK <= max && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** How many characters two texts have in common at their ends, at most max. */
function commonSuffix(a: string, b: string, max: number): number {
  let n = 0;
  while (n + CHUNK <= max && a.slice(a.length - n - CHUNK, a.length - n) === b.slice(b.length - n - CHUNK, b.length - n)) n += CHUNK;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}
