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
  return readAgain(file, at).paragraphs.find((p) => p.span.start === at && p.kind === para.kind)?.words ?? [];
}

/** A paragraph's words as plain text (a heading's title, a citation). */
export function paragraphText(file: ParsedFile, para: Paragraph): string {
  return plainText(wordsOf(file, para), file.text);
}

/** The implicit index entry text of an index term (`\i`, `\ii`, `\I`). */
export function indexWordsOf(file: ParsedFile, use: IndexUse): readonly Inline[] {
  if (use.words) return use.words;
  const at = use.span.start;
  return readAgain(file, at).indexUses.find((u) => u.span.start === at && u.command === use.command)?.words ?? [];
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
