/**
 * The editor's documents, kept as chunked Texts (core/text.ts): an edit remakes the chunk it
 * lands in, and the Text it makes remembers the range it replaced, so that the core finds a
 * keystroke's change, its new lines and the part to parse again without reading the rest of
 * the file. (vscode-languageserver-textdocument keeps one string, which the engine copies
 * whole on the first read after each edit: 8 ms a keystroke in a 13 MB file.)
 */

import { TextDocuments, TextDocumentsConfiguration } from 'vscode-languageserver';
import { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../core/lines';
import { Text } from '../core/text';

/** An open document: its Text, and positions as LSP counts them (UTF-16, like the Text's offsets). */
export class EditorDocument {
  private readonly lines: LineIndex;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    readonly version: number,
    readonly text: Text,
  ) {
    this.lines = new LineIndex(text);
  }

  getText(range?: Range): string {
    if (!range) return this.text.toString();
    // A range given backwards is read forwards, as vscode-languageserver-textdocument reads it.
    const [a, b] = [this.offsetAt(range.start), this.offsetAt(range.end)];
    return this.text.slice(Math.min(a, b), Math.max(a, b));
  }

  positionAt(offset: number): Position {
    // Never between a CR and its LF (as vscode-languageserver-textdocument answers).
    const p = this.lines.positionAt(offset);
    return { line: p.line, character: Math.min(p.character, this.lines.lineContentEnd(p.line) - this.lines.lineStart(p.line)) };
  }

  offsetAt(position: Position): number {
    return this.lines.offsetAt(position);
  }

  get lineCount(): number {
    return this.lines.lineCount;
  }
}

export const tracked: TextDocumentsConfiguration<EditorDocument> = {
  create: (uri, languageId, version, content) => new EditorDocument(uri, languageId, version, Text.of(content)),
  update(doc: EditorDocument, changes: TextDocumentContentChangeEvent[], version: number): EditorDocument {
    // A change of the whole text starts again from it: the core compares it with the old one.
    let whole = changes.length - 1;
    while (whole >= 0 && hasRange(changes[whole])) whole--;
    const from = whole < 0 ? doc.text : Text.of(changes[whole].text);
    // The rest, however many, as one change of the text they start from.
    const text = from.editAll(
      changes.slice(whole + 1).filter(hasRange).map((c) => (text: Text) => {
        // Each change's range is in the text the changes before it left. (A range given backwards is replaced all the same.)
        const lines = new LineIndex(text);
        const [a, b] = [lines.offsetAt(c.range.start), lines.offsetAt(c.range.end)];
        return { start: Math.min(a, b), end: Math.max(a, b), insert: c.text };
      }),
    );
    return new EditorDocument(doc.uri, doc.languageId, version, text);
  },
};

function hasRange(c: TextDocumentContentChangeEvent): c is { range: Range; text: string } {
  return (c as { range?: Range }).range !== undefined;
}

/** The server's document store. */
export function trackedDocuments(): TextDocuments<EditorDocument> {
  return new TextDocuments(tracked);
}
