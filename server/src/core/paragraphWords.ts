/**
 * Words a parse did not keep (running text: see the parser's keepsWords; an index term's
 * implicit entry text), read again from the file's text when a feature shows them.
 *
 * The parse from the checkpoint before the place is the one the file's own parse made there
 * (as for reparse), given the macros the file defined before it and the text each macro name
 * looked up elsewhere had then (externalLookups): so the words are those a parse keeping every
 * word would have, at their place now.
 */

import { partitionPoint } from './partition';
import { parsePart } from './parser';
import { plainText } from './render';
import { IndexUse, Inline, lengthBefore, Paragraph, ParsedFile } from './syntax';

/** A paragraph's words. */
export function wordsOf(file: ParsedFile, para: Paragraph): readonly Inline[] {
  if (para.words) return para.words;
  const at = para.span.start;
  const alike = (p: Paragraph) => p.span.start === at && p.kind === para.kind;
  return nthAlike(readAgain(file, at).paragraphs, alike, ordinalAt(file.paragraphs, at, para, alike))?.words ?? [];
}

/** A paragraph's words as plain text (a heading's title, a citation). */
export function paragraphText(file: ParsedFile, para: Paragraph): string {
  return plainText(wordsOf(file, para), file.text);
}

/** The implicit index entry text of an index term (`\i`, `\ii`, `\I`). */
export function indexWordsOf(file: ParsedFile, use: IndexUse): readonly Inline[] {
  if (use.words) return use.words;
  const at = use.span.start;
  const alike = (u: IndexUse) => u.span.start === at && u.command === use.command;
  return nthAlike(readAgain(file, at).indexUses, alike, ordinalAt(file.indexUses, at, use, alike))?.words ?? [];
}

/*
 * Several items can start at one place: those a macro's text holds all start at the macro's
 * use (a `}` in it splits a paragraph; `\i{a}\i{b}` in it makes two index terms). The item
 * wanted is the same one of those in the parse read again as in the file's.
 */

/** Which of the items like it that start at `at` (a sorted list) `item` is. */
function ordinalAt<T extends { span: { start: number } }>(list: readonly T[], at: number, item: T, alike: (x: T) => boolean): number {
  let n = 0;
  for (let i = partitionPoint(list.length, (k) => list[k].span.start >= at); i < list.length && list[i].span.start === at; i++) {
    if (list[i] === item) return n;
    if (alike(list[i])) n++;
  }
  return 0;
}

/** The nth item (from 0) that is like it. */
function nthAlike<T>(list: readonly T[], alike: (x: T) => boolean, n: number): T | undefined {
  for (const x of list) if (alike(x) && n-- === 0) return x;
  return undefined;
}

/** An index term's entry text as plain text. */
export function indexText(file: ParsedFile, use: IndexUse): string {
  return plainText(indexWordsOf(file, use), file.text);
}

/** The parse, keeping every word, from the checkpoint before `at` to the paragraph at or after it. */
function readAgain(file: ParsedFile, at: number): ParsedFile {
  const cps = file.checkpoints;
  const k = partitionPoint(cps.length, (i) => cps[i].offset > at) - 1;
  const from = k >= 0 ? cps[k] : undefined;
  const part = {
    from,
    macrosBefore: from ? file.macroDefs.slice(0, lengthBefore(file.macroDefs, from.offset)) : [],
    stop: () => false,
    // Not to the next checkpoint: a paragraph inside a block has none after it until the block ends.
    until: at,
  };
  return parsePart(file.text, (name) => file.externalLookups.get(name), part, true).out;
}
