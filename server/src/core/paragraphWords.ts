/**
 * A paragraph's words where its parse did not keep them (running text: see the parser's
 * keepsWords), read again from the file's text when a feature shows them.
 *
 * The parse from the checkpoint before the paragraph is the one the file's own parse made
 * there (as for reparse), given the macros the file defined before it and the text each
 * macro name looked up elsewhere had then (externalLookups): so the words are those a
 * parse keeping every word would have, at the paragraph's place now.
 */

import { partitionPoint } from './partition';
import { parsePart } from './parser';
import { Inline, Paragraph, PARSED_LISTS, ParsedFile } from './syntax';

const MACRO_DEFS = PARSED_LISTS.indexOf('macroDefs');

export function wordsOf(file: ParsedFile, para: Paragraph): readonly Inline[] {
  if (para.words) return para.words;
  const cps = file.checkpoints;
  const at = para.span.start;
  const k = partitionPoint(cps.length, (i) => cps[i].offset > at) - 1;
  const from = k >= 0 ? cps[k] : undefined;
  const { out } = parsePart(file.text, (name) => file.externalLookups.get(name), {
    from,
    macrosBefore: from ? file.macroDefs.slice(0, from.counts[MACRO_DEFS]) : [],
    stop: () => false,
    // Not to the next checkpoint: a paragraph inside a block has none after it until the block ends.
    until: at,
  }, true);
  return out.paragraphs.find((p) => p.span.start === at && p.kind === para.kind)?.words ?? [];
}
