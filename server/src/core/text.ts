/**
 * A file's text as a list of chunks of about CHUNK characters, each with its line breaks
 * counted. An edit makes a new Text that shares every chunk it does not touch, so a keystroke
 * in a 12 MB file copies one chunk and a list of chunk ends, not the file: a JavaScript string
 * edited by slicing and joining is copied whole by the engine the first time it is read. The
 * whole string is joined only when something asks for it (toString); the parser reads a window
 * of the chunks around an edit, and lines and positions are found from the chunks' counts.
 *
 * Lines end at LF, CRLF or a lone CR, as editors count them. No chunk but the last ends in a
 * CR, so a CRLF is never split between two chunks.
 */

import { partitionPoint } from './partition';

/** The one range that changed: [start, oldEnd) of the old text became [start, newEnd) of the new. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** Text read by offset: a string, or a Text (both have these). */
export interface SourceText {
  readonly length: number;
  slice(start: number, end?: number): string;
  charCodeAt(index: number): number;
  toString(): string;
}

/** Chunk length aimed at: a chunk is read again whole after an edit in it. */
export const CHUNK = 4096;

/** How many edits back a Text remembers where it came from (a didChange may hold several). */
const HISTORY = 8;

/** A chunk's line breaks, counted when first asked for (a file read from disk may never be). */
interface ChunkLines {
  /** Offsets (from the chunk's start) just after each line break in it. */
  breaks: readonly number[];
  /** LF characters in it (halibut counts only these). */
  lfs: number;
  loneCR: boolean;
}

class Chunk {
  private counted: ChunkLines | undefined;

  constructor(readonly s: string) {}

  get lines(): ChunkLines {
    return (this.counted ??= countLines(this.s));
  }
}

function countLines(s: string): ChunkLines {
  const found: number[] = [];
  let lfs = 0;
  let loneCR = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) {
      lfs++;
      found.push(i + 1);
    } else if (c === 13) {
      if (s.charCodeAt(i + 1) === 10) {
        i++;
        lfs++;
      } else loneCR = true;
      found.push(i + 1);
    }
  }
  return { breaks: found, lfs, loneCR };
}

/** A copy of `list` with `count` items at `at` replaced by `items`. */
function spliced<T>(list: readonly T[], at: number, count: number, items: readonly T[]): T[] {
  // Copied whole and spliced: V8 copies a packed array fastest this way (a paste of thousands
  // of chunks would be too many arguments to spread).
  if (items.length > 1024) return list.slice(0, at).concat(items, list.slice(at + count));
  const copy = list.slice();
  copy.splice(at, count, ...items);
  return copy;
}

interface Tables {
  ends: readonly number[];
  lines: readonly number[] | undefined;
}

export class Text implements SourceText {
  // Plain arrays, not typed ones: an edit makes new tables, and a typed array's backing store
  // is allocated outside the heap, which cost more per keystroke than the copying (and its
  // external memory brings on full collections).
  /** Offset just after each chunk. */
  private readonly ends: readonly number[];
  /** Line breaks before each chunk (and after the last), once lines are asked about. */
  private lineTable: readonly number[] | undefined;
  readonly length: number;
  private flat: string | undefined;
  /** The text this one was made from, and the change (none: a copy made whole, see isCopyOf). */
  private origin: { from: Text; change: TextChange | null } | undefined;

  private constructor(
    private readonly chunks: readonly Chunk[],
    /** The chunk length aimed at (tests make it small, so that every parse crosses chunks). */
    private readonly chunk: number,
    flat?: string,
    /** The chunk ends and line table, when an edit made them from its text's. */
    tables?: Tables,
  ) {
    const n = chunks.length;
    if (tables) {
      this.ends = tables.ends;
      this.lineTable = tables.lines;
    } else {
      const ends: number[] = [];
      let end = 0;
      for (let i = 0; i < n; i++) ends.push((end += chunks[i].s.length));
      this.ends = ends;
    }
    this.length = n === 0 ? 0 : this.ends[n - 1];
    this.flat = flat;
  }

  private get linesBefore(): readonly number[] {
    if (this.lineTable) return this.lineTable;
    const t = [0];
    for (let i = 0; i < this.chunks.length; i++) t.push(t[i] + this.chunks[i].lines.breaks.length);
    return (this.lineTable = t);
  }

  /** Whether a CR not followed by LF ends a line somewhere (then halibut's lines differ). */
  get loneCR(): boolean {
    return (this.anyLoneCR ??= this.chunks.some((c) => c.lines.loneCR));
  }

  private anyLoneCR: boolean | undefined;

  static of(s: string, chunk = CHUNK): Text {
    return new Text(split(s, chunk), chunk, s);
  }

  /** The whole text, joined on first asking. */
  toString(): string {
    return (this.flat ??= this.chunks.length === 1 ? this.chunks[0].s : this.chunks.map((c) => c.s).join(''));
  }

  /** As its string (a parse or a set written out as JSON shows the text, not its chunks). */
  toJSON(): string {
    return this.toString();
  }

  slice(start: number, end: number = this.length): string {
    start = clamp(start < 0 ? this.length + start : start, this.length);
    end = clamp(end < 0 ? this.length + end : end, this.length);
    if (this.flat !== undefined) return this.flat.slice(start, end);
    if (end <= start) return '';
    const i = this.chunkAt(start);
    const from = this.startOf(i);
    if (end <= this.ends[i]) return this.chunks[i].s.slice(start - from, end - from);
    const w = this.window(start, end);
    return w.src.slice(start - w.base, end - w.base);
  }

  charCodeAt(index: number): number {
    if (this.flat !== undefined) return this.flat.charCodeAt(index);
    if (index < 0 || index >= this.length) return NaN;
    const i = this.chunkAt(index);
    return this.chunks[i].s.charCodeAt(index - this.startOf(i));
  }

  /**
   * A string holding [start, end) of the text, and more on either side: whole chunks, so that
   * a parser reading from start can read on past end without asking again at every step.
   */
  window(start: number, end: number): { src: string; base: number } {
    if (this.flat !== undefined) return { src: this.flat, base: 0 };
    const i = this.chunkAt(clamp(start, this.length));
    const j = this.chunkAt(clamp(Math.max(start, end - 1), this.length));
    if (i === 0 && j === this.chunks.length - 1) return { src: this.toString(), base: 0 };
    let src = '';
    for (let k = i; k <= j; k++) src += this.chunks[k].s;
    return { src, base: this.startOf(i) };
  }

  /** The text with [start, end) replaced by `insert`: only the chunks the range touches are made again. */
  edit(start: number, end: number, insert: string): Text {
    const { text, change } = this.replace(start, end, insert);
    return text.madeFrom(this, change);
  }

  /**
   * This text after `edits`, made one after another (each gives its range in the text the
   * ones before it left), remembered as one change: an editor's update may hold any number,
   * and a change is asked of the texts before and after the update.
   */
  editAll(edits: Iterable<(text: Text) => { start: number; end: number; insert: string }>): Text {
    let text: Text = this;
    let change: TextChange | undefined;
    for (const edit of edits) {
      const { start, end, insert } = edit(text);
      const step = text.replace(start, end, insert);
      change = change ? compose(change, step.change) : step.change;
      text = step.text;
    }
    return change ? text.madeFrom(this, change) : this;
  }

  private replace(start: number, end: number, insert: string): { text: Text; change: TextChange } {
    start = clamp(start, this.length);
    end = clamp(Math.max(start, end), this.length);
    const n = this.chunks.length;
    let i = this.chunkAt(start);
    let j = Math.max(i, this.chunkAt(Math.max(start, end - 1)));
    // An insertion at a chunk's start goes at the end of the chunk before (no new chunk for typing at a boundary).
    if (i > 0 && start === this.startOf(i) && end === start) j = --i;
    let piece = this.chunks[i].s.slice(0, start - this.startOf(i)) + insert + this.chunks[j].s.slice(end - this.startOf(j));
    // Keep CRLF in one chunk, and no chunk far below the size aimed at.
    while (j + 1 < n && (piece.charCodeAt(piece.length - 1) === 13 || piece.length < this.chunk / 4)) piece += this.chunks[++j].s;
    if (piece.length < this.chunk / 4 && i > 0) piece = this.chunks[--i].s + piece;
    const made = split(piece, this.chunk);
    const chunks = spliced(this.chunks, i, j - i + 1, made);
    return { text: new Text(chunks, this.chunk, undefined, this.tablesAfter(i, j, made)), change: { start, oldEnd: end, newEnd: start + insert.length } };
  }

  /**
   * The chunk ends (and line table, if this text has one) of this text with chunks [i, j]
   * replaced by `made`: those before are kept and those after moved, not summed again over
   * every chunk (a 12 MB file has 3,000).
   */
  private tablesAfter(i: number, j: number, made: readonly Chunk[]): Tables {
    const after = i + made.length;
    let end = this.startOf(i);
    const ends = spliced(this.ends, i, j - i + 1, made.map((c) => (end += c.s.length)));
    const moved = end - this.ends[j];
    for (let k = after; k < ends.length; k++) ends[k] += moved;
    const old = this.lineTable;
    if (!old) return { ends, lines: undefined };
    let before = old[i];
    const lines = spliced(old, i + 1, j - i + 1, made.map((c) => (before += c.lines.breaks.length)));
    const more = before - old[j + 1];
    for (let k = after + 1; k < lines.length; k++) lines[k] += more;
    return { ends, lines };
  }

  private madeFrom(from: Text, change: TextChange): Text {
    this.origin = { from, change };
    // Forget edits beyond HISTORY back, so that old texts can be collected.
    let t: Text | undefined = this;
    for (let k = 0; k < HISTORY && t; k++) t = t.origin?.from;
    if (t) t.origin = undefined;
    return this;
  }

  /**
   * Whether this text, made whole rather than by edits, reads as `older` does. If it does, it
   * is recorded as `older` unchanged (an editor's copy of a file as it is on disk), so that what
   * later edits of it change since `older` is known without comparing the two. (A text made by
   * edits is not compared: its edits say what changed.)
   */
  isCopyOf(older: Text): boolean {
    // (Asked again, as by each set that reads the file.)
    if (this === older || (this.origin?.from === older && this.origin.change === null)) return true;
    if (this.origin || this.length !== older.length || this.toString() !== older.toString()) return false;
    this.origin = { from: older, change: null };
    return true;
  }

  /** The range that changed from `older` to this text, if this text was made from it by edits. */
  changeSince(older: Text): TextChange | undefined {
    const steps: TextChange[] = [];
    for (let t: Text | undefined = this; t !== older; t = t.origin?.from) {
      if (!t?.origin) return undefined;
      // A copy (see isCopyOf) changed nothing, not even an empty range at a place.
      if (t.origin.change) steps.push(t.origin.change);
    }
    if (steps.length === 0) return { start: 0, oldEnd: 0, newEnd: 0 };
    let c = steps[steps.length - 1];
    for (let k = steps.length - 2; k >= 0; k--) c = compose(c, steps[k]);
    return c;
  }

  get lineCount(): number {
    return this.linesBefore[this.chunks.length] + 1;
  }

  /** Offset of the first character of a line (0-based; clamped to the lines there are). */
  lineStart(line: number): number {
    if (line <= 0) return 0;
    line = Math.min(line, this.lineCount - 1);
    // The chunk holding the line break that ends line - 1.
    const i = partitionPoint(this.chunks.length, (k) => this.linesBefore[k + 1] >= line);
    return this.startOf(i) + this.chunks[i].lines.breaks[line - 1 - this.linesBefore[i]];
  }

  /** The 0-based line of an offset, and the offset its line starts at. */
  lineAt(offset: number): { line: number; start: number } {
    offset = clamp(offset, this.length);
    const i = this.chunkAt(offset);
    const from = this.startOf(i);
    const b = this.chunks[i].lines.breaks;
    const k = partitionPoint(b.length, (m) => b[m] > offset - from);
    if (k > 0) return { line: this.linesBefore[i] + k, start: from + b[k - 1] };
    // The line starts in an earlier chunk (or at 0).
    return { line: this.linesBefore[i], start: this.lineStart(this.linesBefore[i]) };
  }

  /** LF characters before an offset (halibut's line numbers count these alone). */
  lfsBefore(offset: number): number {
    offset = clamp(offset, this.length);
    let n = 0;
    let k = 0;
    for (; k < this.chunks.length && this.ends[k] <= offset; k++) n += this.chunks[k].lines.lfs;
    if (k < this.chunks.length) {
      const s = this.chunks[k].s;
      for (let p = 0, stop = offset - this.startOf(k); p < stop; p++) if (s.charCodeAt(p) === 10) n++;
    }
    return n;
  }

  /** Index of the chunk holding offset (the last chunk for the end of the text). */
  private chunkAt(offset: number): number {
    return Math.min(this.chunks.length - 1, partitionPoint(this.chunks.length, (k) => this.ends[k] > offset));
  }

  private startOf(i: number): number {
    return i === 0 ? 0 : this.ends[i - 1];
  }
}

/** s as chunks of about `chunk` characters, each ending after a line break where one is near (never after a CR alone). */
function split(s: string, chunk: number): Chunk[] {
  const to = s.length;
  if (to === 0) return [new Chunk('')];
  const out: Chunk[] = [];
  for (let from = 0; from < to; ) {
    let end = to;
    if (to - from > chunk + chunk / 2) {
      end = from + chunk;
      const nl = s.indexOf('\n', end);
      if (nl >= 0 && nl < end + chunk / 2) end = nl + 1;
      else while (end < to && s.charCodeAt(end - 1) === 13) end++;
    }
    out.push(new Chunk(from === 0 && end === s.length ? s : s.slice(from, end)));
    from = end;
  }
  return out;
}

/** One change after another, as one change of the first one's old text. */
function compose(a: TextChange, b: TextChange): TextChange {
  const start = Math.min(a.start, b.start);
  // The union of a's new range and b's old range, in the text between them.
  const mid = Math.max(a.newEnd, b.oldEnd);
  const oldEnd = mid === a.newEnd ? a.oldEnd : mid - (a.newEnd - a.oldEnd);
  const newEnd = mid === b.oldEnd ? b.newEnd : mid + (b.newEnd - b.oldEnd);
  return { start, oldEnd, newEnd };
}

function clamp(x: number, max: number): number {
  return Math.max(0, Math.min(x, max));
}
