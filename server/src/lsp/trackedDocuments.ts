/**
 * The editor's documents, as vscode-languageserver-textdocument keeps them, each edit's
 * range noted for the core (textDiff): a keystroke in a large file is then found without
 * comparing the old and new texts, which would cost as much as the file is long.
 */

import { TextDocuments, TextDocumentsConfiguration } from 'vscode-languageserver';
import { Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { noteChange } from '../core/textDiff';

export const tracked: TextDocumentsConfiguration<TextDocument> = {
  create: TextDocument.create,
  update(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    const before = doc.getText();
    // One ranged change (a keystroke, a paste): where it lands in the text before it.
    const only = changes.length === 1 && hasRange(changes[0]) ? changes[0] : undefined;
    const ends = only ? [doc.offsetAt(only.range.start), doc.offsetAt(only.range.end)] : [];
    const updated = TextDocument.update(doc, changes, version);
    if (only) {
      // (A range given backwards is replaced all the same.)
      const start = Math.min(ends[0], ends[1]);
      noteChange(before, updated.getText(), { start, oldEnd: Math.max(ends[0], ends[1]), newEnd: start + only.text.length });
    }
    return updated;
  },
};

function hasRange(c: TextDocumentContentChangeEvent): c is { range: Range; text: string } {
  return (c as { range?: Range }).range !== undefined;
}

/** The server's document store. */
export function trackedDocuments(): TextDocuments<TextDocument> {
  return new TextDocuments(tracked);
}
