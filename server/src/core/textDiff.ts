/**
 * Where a new text of a file differs from the old one. The core is given whole texts, so
 * each layer that updates incrementally (the parse, the set) starts from this. A Text made
 * from the old one by an editor's edits says what they changed; two strings are compared.
 */

import { SourceText, Text, TextChange } from './text';

export type { TextChange } from './text';

/**
 * String pairs already compared (the parse and the set each ask about one edit in turn). The
 * newest first; a few, for edits in several files.
 */
const known: { before: string; after: string; change: TextChange }[] = [];
const KNOWN = 4;

export function changedRange(before: SourceText, after: SourceText): Readonly<TextChange> {
  if (before instanceof Text && after instanceof Text) {
    const said = after.changeSince(before);
    if (said) return said;
  }
  return compared(before.toString(), after.toString());
}

function compared(before: string, after: string): Readonly<TextChange> {
  // The same strings as before, mostly: compared by reference before any character is.
  for (const k of known) if (k.before.length === before.length && k.after.length === after.length && k.before === before && k.after === after) return k.change;
  const min = Math.min(before.length, after.length);
  const start = commonPrefix(before, after, min);
  const suffix = commonSuffix(before, after, min - start);
  const change = { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
  known.unshift({ before, after, change });
  if (known.length > KNOWN) known.pop();
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
