/**
 * Offsets to line/column and back. Lines end at LF, CRLF or a lone CR, as
 * editors count them; halibut counts only LF, so `halibutLine` is kept apart.
 */

import { partitionPoint } from './partition';
import { changedRange } from './textDiff';

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based column in UTF-16 code units. */
  character: number;
}

export class LineIndex {
  /** Offset of the first character of each line. */
  readonly starts: number[];

  constructor(
    readonly text: string,
    starts?: number[],
  ) {
    this.starts = starts ?? [0, ...lineStartsIn(text, 0, text.length)];
  }

  /**
   * The index of a new text of the same file: only the lines the edit touched are read
   * again, the others kept or moved, so that an edit costs the same in a large file as in
   * a small one.
   */
  edited(text: string): LineIndex {
    const { start, oldEnd, newEnd } = changedRange(this.text, text);
    const delta = newEnd - oldEnd;
    const old = this.starts;
    // A line break that ends just before the edit can change (a CR gaining its LF), so the
    // lines are read again from the start of the line before it.
    const keep = lastAtOrBefore(old, start - 1);
    const from = old[keep];
    const starts = old.slice(0, keep + 1);
    const found = lineStartsIn(text, from, newEnd);
    for (const v of found) starts.push(v);
    // A CR just before newEnd was read with the LF after it: the old lines after that are kept.
    const readEnd = Math.max(newEnd, found.length > 0 ? found[found.length - 1] : 0);
    for (let i = lastAtOrBefore(old, readEnd - delta) + 1; i < old.length; i++) starts.push(old[i] + delta);
    const edited = new LineIndex(text, starts);
    if (this.loneCR === false && !/\r(?!\n)/.test(text.slice(from, Math.min(text.length, readEnd + 1)))) edited.loneCR = false;
    return edited;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    const line = lastAtOrBefore(this.starts, offset);
    return { line, character: offset - this.starts[line] };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line];
    const end = pos.line + 1 < this.starts.length ? this.lineContentEnd(pos.line) : this.text.length;
    return Math.max(start, Math.min(start + Math.max(0, pos.character), end));
  }

  /** End of a line's text, before its line break. */
  lineContentEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[line + 1];
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.starts[line], this.lineContentEnd(line));
  }

  /** The 1-based line number halibut prints for an offset (it counts LF only). */
  halibutLine(offset: number): number {
    this.loneCR ??= /\r(?!\n)/.test(this.text);
    if (!this.loneCR) return this.positionAt(offset).line + 1;
    let n = 1;
    for (let i = 0; i < offset && i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) n++;
    return n;
  }

  private loneCR: boolean | undefined;
}

/** The offsets after each line break in text[from, to) (a CRLF at `to - 1` read whole). */
function lineStartsIn(text: string, from: number, to: number): number[] {
  const starts: number[] = [];
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Index of the last value at or before offset in an ascending list that starts with 0 (0 when none). */
function lastAtOrBefore(xs: readonly number[], offset: number): number {
  return Math.max(0, partitionPoint(xs.length, (i) => xs[i] > offset) - 1);
}
