/**
 * Offsets to line/column and back. Lines end at LF, CRLF or a lone CR, as
 * editors count them; halibut counts only LF, so `halibutLine` is kept apart.
 * The line breaks are counted by the Text, chunk by chunk, so that an edited
 * text's index costs what the edit touched, not what the file holds.
 */

import { SourceText, Text } from './text';
import { changedRange } from './textDiff';

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based column in UTF-16 code units. */
  character: number;
}

export class LineIndex {
  readonly text: Text;

  constructor(text: string | Text) {
    this.text = typeof text === 'string' ? Text.of(text) : text;
  }

  /** The index of a new text of the same file (a string is compared with this one's to find the edit). */
  edited(text: string | Text): LineIndex {
    if (typeof text !== 'string') return new LineIndex(text);
    const { start, oldEnd, newEnd } = changedRange(this.text.toString(), text);
    return new LineIndex(this.text.edit(start, oldEnd, text.slice(start, newEnd)));
  }

  get lineCount(): number {
    return this.text.lineCount;
  }

  /** Offset of the first character of a line. */
  lineStart(line: number): number {
    return this.text.lineStart(line);
  }

  positionAt(offset: number): Position {
    const { line, start } = this.text.lineAt(offset);
    return { line, character: Math.max(0, Math.min(offset, this.text.length)) - start };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineCount) return this.text.length;
    const start = this.lineStart(pos.line);
    return Math.max(start, Math.min(start + Math.max(0, pos.character), this.lineContentEnd(pos.line)));
  }

  /** End of a line's text, before its line break. */
  lineContentEnd(line: number): number {
    if (line + 1 >= this.lineCount) return this.text.length;
    const start = this.lineStart(line);
    let end = this.lineStart(line + 1);
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineContentEnd(line));
  }

  /** The 1-based line number halibut prints for an offset (it counts LF only). */
  halibutLine(offset: number): number {
    return this.text.loneCR ? this.text.lfsBefore(offset) + 1 : this.positionAt(offset).line + 1;
  }
}

/** A file's text as a Text (a string is chunked; a Text is itself). */
export function asText(text: SourceText): Text {
  return text instanceof Text ? text : Text.of(text.toString());
}
