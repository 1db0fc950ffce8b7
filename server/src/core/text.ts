/**
 * A file's text as chunks of about CHUNK characters, each with its line breaks counted, held in
 * pages of up to PAGE chunks. An edit makes a new Text that shares every chunk and page it does
 * not touch, so a keystroke in a 12 MB file copies one chunk, one page and the list of pages
 * (50 for 12 MB), not the file nor a table of its 3,000 chunks: a JavaScript string
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
  /** What searches made of the chunk (see Text.lastFound), by the function that made it. */
  private summaries: Map<(s: string) => unknown, unknown> | undefined;

  constructor(readonly s: string) {}

  summary<T>(summarize: (s: string) => T): T {
    const kept = (this.summaries ??= new Map());
    if (!kept.has(summarize)) kept.set(summarize, summarize(this.s));
    return kept.get(summarize) as T;
  }

  get lines(): ChunkLines {
    return (this.counted ??= countLines(this.s));
  }
}

function countLines(s: string): ChunkLines {
  const found: number[] = [];
  // Without a CR, every break is an LF: found by the engine's search, which is native code
  // (a keystroke makes a chunk whose lines are counted again, 4 KB of characters).
  if (s.indexOf('\r') < 0) {
    for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) found.push(i + 1);
    return { breaks: found, lfs: found.length, loneCR: false };
  }
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

/** Chunks to a page: an edit copies the page it touches and the list of pages, not a list of every chunk. */
const PAGE = 64;

/**
 * A run of chunks, with their ends counted from its start and (once asked) the line breaks
 * before each. Pages are made, never changed: an edit makes the pages it touches again.
 */
class Page {
  /** Offset just after each chunk, from the page's start. */
  readonly ends: readonly number[];
  readonly length: number;
  private lineTable: readonly number[] | undefined;
  private lfCount: number | undefined;

  constructor(readonly chunks: readonly Chunk[]) {
    const ends: number[] = [];
    let end = 0;
    for (const c of chunks) ends.push((end += c.s.length));
    this.ends = ends;
    this.length = end;
  }

  /** Line breaks before each chunk (and after the last). */
  get linesBefore(): readonly number[] {
    if (this.lineTable) return this.lineTable;
    const t = [0];
    for (let k = 0; k < this.chunks.length; k++) t.push(t[k] + this.chunks[k].lines.breaks.length);
    return (this.lineTable = t);
  }

  get breaks(): number {
    return this.linesBefore[this.chunks.length];
  }

  /** Whether a CR not followed by LF ends a line in it. */
  get loneCR(): boolean {
    return (this.anyLoneCR ??= this.chunks.some((c) => c.lines.loneCR));
  }

  private anyLoneCR: boolean | undefined;

  get lfs(): number {
    if (this.lfCount === undefined) {
      let n = 0;
      for (const c of this.chunks) n += c.lines.lfs;
      this.lfCount = n;
    }
    return this.lfCount;
  }
}

/** Which entry of a list of running ends (a page's chunks, a text's pages) holds an offset: the last one for the end. */
function entryAt(ends: readonly number[], offset: number): number {
  return Math.min(ends.length - 1, partitionPoint(ends.length, (i) => ends[i] > offset));
}

/** Where entry i of a list of running ends starts. */
function startIn(ends: readonly number[], i: number): number {
  return i === 0 ? 0 : ends[i - 1];
}

/** Chunks as pages of at most PAGE, of about equal size. */
function paginate(chunks: readonly Chunk[]): Page[] {
  if (chunks.length <= PAGE) return [new Page(chunks)];
  const n = Math.ceil(chunks.length / PAGE);
  const pages: Page[] = [];
  for (let q = 0; q < n; q++) pages.push(new Page(chunks.slice(Math.floor((q * chunks.length) / n), Math.floor(((q + 1) * chunks.length) / n))));
  return pages;
}

/** A chunk's place: its page, its index there, and its offset in the text. */
interface Place {
  p: number;
  k: number;
  from: number;
}

interface Tables {
  ends: readonly number[];
  lines: readonly number[] | undefined;
}

export class Text implements SourceText {
  // Plain arrays, not typed ones: an edit makes new tables, and a typed array's backing store
  // is allocated outside the heap, which cost more per keystroke than the copying (and its
  // external memory brings on full collections).
  /** Offset just after each page. */
  private readonly ends: readonly number[];
  /** Line breaks before each page (and after the last), once lines are asked about. */
  private lineTable: readonly number[] | undefined;
  readonly length: number;
  private flat: string | undefined;
  /** The text this one was made from, and the change (none: a copy made whole, see isCopyOf). */
  private origin: { from: Text; change: TextChange | null } | undefined;

  private constructor(
    private readonly pages: readonly Page[],
    /** The chunk length aimed at (tests make it small, so that every parse crosses chunks). */
    private readonly chunk: number,
    flat?: string,
    /** The page ends and line table, when an edit made them from its text's. */
    tables?: Tables,
  ) {
    const n = pages.length;
    if (tables) {
      this.ends = tables.ends;
      this.lineTable = tables.lines;
    } else {
      const ends: number[] = [];
      let end = 0;
      for (let q = 0; q < n; q++) ends.push((end += pages[q].length));
      this.ends = ends;
    }
    this.length = this.ends[n - 1];
    this.flat = flat;
  }

  private get linesBefore(): readonly number[] {
    if (this.lineTable) return this.lineTable;
    const t = [0];
    for (let q = 0; q < this.pages.length; q++) t.push(t[q] + this.pages[q].breaks);
    return (this.lineTable = t);
  }

  /** Whether a CR not followed by LF ends a line somewhere (then halibut's lines differ). */
  get loneCR(): boolean {
    return (this.anyLoneCR ??= this.pages.some((page) => page.loneCR));
  }

  private anyLoneCR: boolean | undefined;

  static of(s: string, chunk = CHUNK): Text {
    return new Text(paginate(split(s, chunk)), chunk, s);
  }

  /** The whole text, joined on first asking. */
  toString(): string {
    if (this.flat === undefined) {
      const parts: string[] = [];
      for (const page of this.pages) for (const c of page.chunks) parts.push(c.s);
      this.flat = parts.length === 1 ? parts[0] : parts.join('');
    }
    return this.flat;
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
    const at = this.placeOf(start);
    const s = this.chunkOf(at).s;
    if (end <= at.from + s.length) return s.slice(start - at.from, end - at.from);
    const w = this.window(start, end);
    return w.src.slice(start - w.base, end - w.base);
  }

  charCodeAt(index: number): number {
    if (this.flat !== undefined) return this.flat.charCodeAt(index);
    if (index < 0 || index >= this.length) return NaN;
    const at = this.placeOf(index);
    return this.chunkOf(at).s.charCodeAt(index - at.from);
  }

  /**
   * A string holding [start, end) of the text, and more on either side: whole chunks, so that
   * a parser reading from start can read on past end without asking again at every step.
   */
  window(start: number, end: number): { src: string; base: number } {
    if (this.flat !== undefined) return { src: this.flat, base: 0 };
    const a = this.placeOf(clamp(start, this.length));
    const b = this.placeOf(clamp(Math.max(start, end - 1), this.length));
    if (a.from === 0 && this.isLast(b)) return { src: this.toString(), base: 0 };
    let src = '';
    for (let p = a.p, k = a.k; ; ) {
      src += this.pages[p].chunks[k].s;
      if (p === b.p && k === b.k) break;
      if (++k === this.pages[p].chunks.length) [p, k] = [p + 1, 0];
    }
    return { src, base: a.from };
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
    let i = this.placeOf(start);
    let j = this.placeOf(Math.max(start, end - 1));
    // An insertion at a chunk's start goes at the end of the chunk before (no new chunk for typing at a boundary).
    if (i.from > 0 && start === i.from && end === start) j = i = this.before(i);
    let piece = this.chunkOf(i).s.slice(0, start - i.from) + insert + this.chunkOf(j).s.slice(end - j.from);
    // Keep CRLF in one chunk, and no chunk far below the size aimed at.
    while (!this.isLast(j) && (piece.charCodeAt(piece.length - 1) === 13 || piece.length < this.chunk / 4)) {
      j = this.after(j);
      piece += this.chunkOf(j).s;
    }
    if (piece.length < this.chunk / 4 && i.from > 0) {
      i = this.before(i);
      piece = this.chunkOf(i).s + piece;
    }
    // The pages from i's to j's made again around the new chunks (with a neighbour, if they
    // would make a page far below the size aimed at: typing never makes many small pages).
    let first = i.p;
    let last = j.p;
    let chunks = [...this.pages[i.p].chunks.slice(0, i.k), ...split(piece, this.chunk), ...this.pages[j.p].chunks.slice(j.k + 1)];
    if (chunks.length < PAGE / 4 && last + 1 < this.pages.length) chunks = chunks.concat(this.pages[++last].chunks);
    else if (chunks.length < PAGE / 4 && first > 0) chunks = this.pages[--first].chunks.concat(chunks);
    const made = paginate(chunks);
    const pages = spliced(this.pages, first, last - first + 1, made);
    return { text: new Text(pages, this.chunk, undefined, this.tablesAfter(first, last, made)), change: { start, oldEnd: end, newEnd: start + insert.length } };
  }

  /**
   * The page ends (and line table, if this text has one) of this text with pages
   * [first, last] replaced by `made`: those before are kept and those after moved, not
   * summed again over every page.
   */
  private tablesAfter(first: number, last: number, made: readonly Page[]): Tables {
    let end = startIn(this.ends, first);
    const ends = spliced(this.ends, first, last - first + 1, made.map((page) => (end += page.length)));
    const moved = end - this.ends[last];
    if (moved !== 0) for (let q = first + made.length; q < ends.length; q++) ends[q] += moved;
    const old = this.lineTable;
    if (!old) return { ends, lines: undefined };
    let before = old[first];
    const lines = spliced(old, first + 1, last - first + 1, made.map((page) => (before += page.breaks)));
    const more = before - old[last + 1];
    if (more !== 0) for (let q = first + made.length + 1; q < lines.length; q++) lines[q] += more;
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
    return this.linesBefore[this.pages.length] + 1;
  }

  /** Offset of the first character of a line (0-based; clamped to the lines there are). */
  lineStart(line: number): number {
    line = Math.min(line, this.lineCount - 1);
    if (line <= 0) return 0;
    // The page, then the chunk, holding the line break that ends line - 1.
    const before = this.linesBefore;
    const p = partitionPoint(this.pages.length, (q) => before[q + 1] >= line);
    const page = this.pages[p];
    const inPage = line - before[p];
    const within = page.linesBefore;
    const k = partitionPoint(page.chunks.length, (x) => within[x + 1] >= inPage);
    return startIn(this.ends, p) + startIn(page.ends, k) + page.chunks[k].lines.breaks[inPage - 1 - within[k]];
  }

  /** The 0-based line of an offset, and the offset its line starts at. */
  lineAt(offset: number): { line: number; start: number } {
    offset = clamp(offset, this.length);
    const at = this.placeOf(offset);
    const b = this.chunkOf(at).lines.breaks;
    const m = partitionPoint(b.length, (x) => b[x] > offset - at.from);
    const before = this.linesBefore[at.p] + this.pages[at.p].linesBefore[at.k];
    if (m > 0) return { line: before + m, start: at.from + b[m - 1] };
    // The line starts in an earlier chunk (or at 0).
    return { line: before, start: this.lineStart(before) };
  }

  /**
   * The last place at or after `from` that `find` gives, asking chunk after chunk from the end
   * back: `find(summary, start)` gets what `summarize` made of a chunk and where the chunk
   * starts, and gives a place in the text or -1. A summary is made once for a chunk, which the
   * texts edits make share: searching a long text again after a keystroke summarizes one chunk.
   */
  lastFound<T>(from: number, summarize: (s: string) => T, find: (summary: T, start: number) => number): number {
    for (let p = this.pages.length - 1; p >= 0; p--) {
      const page = this.pages[p];
      const pageStart = startIn(this.ends, p);
      for (let k = page.chunks.length - 1; k >= 0; k--) {
        const start = pageStart + startIn(page.ends, k);
        const at = find(page.chunks[k].summary(summarize), start);
        if (at >= from) return at;
        if (start <= from) return -1;
      }
    }
    return -1;
  }

  /** LF characters before an offset (halibut's line numbers count these alone). */
  lfsBefore(offset: number): number {
    offset = clamp(offset, this.length);
    const at = this.placeOf(offset);
    let n = 0;
    for (let q = 0; q < at.p; q++) n += this.pages[q].lfs;
    const page = this.pages[at.p];
    for (let k = 0; k < at.k; k++) n += page.chunks[k].lines.lfs;
    const s = page.chunks[at.k].s;
    for (let x = 0, stop = offset - at.from; x < stop; x++) if (s.charCodeAt(x) === 10) n++;
    return n;
  }

  /** The chunk holding offset (the last chunk for the end of the text). */
  private placeOf(offset: number): Place {
    const p = entryAt(this.ends, offset);
    const start = startIn(this.ends, p);
    const { ends } = this.pages[p];
    const k = entryAt(ends, offset - start);
    return { p, k, from: start + startIn(ends, k) };
  }

  private chunkOf(at: Place): Chunk {
    return this.pages[at.p].chunks[at.k];
  }

  private isLast(at: Place): boolean {
    return at.p === this.pages.length - 1 && at.k === this.pages[at.p].chunks.length - 1;
  }

  /** The chunk after (not past the last one). */
  private after(at: Place): Place {
    const from = at.from + this.chunkOf(at).s.length;
    return at.k + 1 < this.pages[at.p].chunks.length ? { p: at.p, k: at.k + 1, from } : { p: at.p + 1, k: 0, from };
  }

  /** The chunk before (not before the first one). */
  private before(at: Place): Place {
    const [p, k] = at.k > 0 ? [at.p, at.k - 1] : [at.p - 1, this.pages[at.p - 1].chunks.length - 1];
    return { p, k, from: at.from - this.pages[p].chunks[k].s.length };
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
