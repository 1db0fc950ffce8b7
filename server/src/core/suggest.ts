/**
 * "Did you mean" candidates: the closest names by edit distance, close
 * enough to be a plausible typo of what was written.
 */

import { partitionPoint } from './partition';

/** Rows reused across calls: a did-you-mean scores every keyword of a set, and allocating rows dominated. */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Damerau-Levenshtein (optimal string alignment) distance; `max + 1` for anything beyond `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length + 1;
  if (rows[0].length < n) rows = [new Int32Array(n * 2), new Int32Array(n * 2), new Int32Array(n * 2)];
  let [prev2, prev, cur] = rows;
  for (let j = 0; j < n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    cur[0] = i;
    let rowMin = i;
    // Cells further than max from the diagonal cannot be within max: only the band is computed.
    const lo = Math.max(1, i - max);
    const hi = Math.min(n - 1, i + max);
    if (lo > 1) cur[lo - 1] = max + 1;
    for (let j = lo; j <= hi; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (hi < n - 1) cur[hi + 1] = max + 1;
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[n - 1], max + 1);
}

/** How far from a word a plausible typo can be. */
function reach(word: string): number {
  // Very short names are a letter apart from too much to be worth suggesting.
  return word.length < 3 ? 0 : Math.max(1, Math.min(4, Math.floor(word.length / 3)));
}

/** Whether a name (folded) is close enough to a word (folded) to be suggested for it. */
function within(lower: string, folded: string): boolean {
  const max = reach(lower);
  return folded === lower || editDistance(lower, folded, max) <= max;
}

/**
 * Did-you-mean over a list of names, prepared once: names folded to lower case and kept
 * sorted, so that names sharing a prefix share the rows of the distance computed for it, and
 * every name under a prefix already too far from the word is skipped at once (a walk of the
 * trie the sorted names form). A set of tens of thousands of keywords asks this for every
 * broken reference, and on every keystroke inside one, while the names stay the same; a
 * renamed heading changes two of them.
 */
export class Suggester {
  /** Distinct folded names, in code unit order; `names[i]` are the names that fold to `folded[i]`. */
  private readonly folded: string[] = [];
  private readonly names: string[][] = [];
  /** The longest folded name there has been: a word longer by more than the reach has no match. */
  private longest = 0;
  /** Answers given, kept until a name is added within reach of the word or one they hold is removed. */
  private readonly answers = new Map<string, { lower: string; names: string[] }>();
  /** Folded names by each of their hyphen-separated parts (`gs`, `hostkey`), made when first asked. */
  private byPart: Map<string, Set<string>> | undefined;

  constructor(names: Iterable<string>) {
    const byFolded = new Map<string, string[]>();
    for (const name of names) {
      const f = name.toLowerCase();
      const list = byFolded.get(f);
      if (list) list.push(name);
      else byFolded.set(f, [name]);
    }
    // sort() without a comparator orders strings by code units, as `<` does (the walk's order),
    // without calling back into script for each comparison.
    for (const f of [...byFolded.keys()].sort()) {
      this.folded.push(f);
      this.names.push(byFolded.get(f)!);
      this.longest = Math.max(this.longest, f.length);
    }
  }

  /**
   * After the typos, names that hold the word as whole parts, shortest first: `hostkey` for
   * `gs-hostkey`, a keyword written without the prefix its chapter gives its sections.
   */
  private withParts(word: string, lower: string, answer: string[], limit: number): void {
    // Only a word made of whole parts: `-kex` or `ssh--kex` would match where no part does.
    if (lower.length < PART_SHORTEST || !WHOLE_PARTS.test(lower)) return;
    if (!this.byPart) {
      this.byPart = new Map();
      for (const f of this.folded) indexParts(this.byPart, f, true);
    }
    const found: string[] = [];
    for (const f of this.byPart.get(lower.split('-', 1)[0]) ?? []) {
      if (f !== lower && holdsParts(f, lower)) for (const name of this.names[this.position(f)]) if (name !== word && !answer.includes(name)) found.push(name);
    }
    found.sort((a, b) => a.length - b.length || a.localeCompare(b));
    answer.push(...found.slice(0, limit - answer.length));
  }

  /** Where a folded name is, or would be inserted. */
  private position(f: string): number {
    return partitionPoint(this.folded.length, (k) => this.folded[k] >= f);
  }

  add(name: string): void {
    const folded = name.toLowerCase();
    this.longest = Math.max(this.longest, folded.length);
    const i = this.position(folded);
    if (this.folded[i] === folded) this.names[i].push(name);
    else {
      this.folded.splice(i, 0, folded);
      this.names.splice(i, 0, [name]);
      if (this.byPart) indexParts(this.byPart, folded, true);
    }
    // A renamed heading adds and removes a name while its set has a few broken references,
    // asked about again at once: only answers the change can alter are forgotten.
    for (const [key, a] of this.answers) if (within(a.lower, folded) || holdsParts(folded, a.lower)) this.answers.delete(key);
  }

  remove(name: string): void {
    const folded = name.toLowerCase();
    const i = this.position(folded);
    const j = this.folded[i] === folded ? this.names[i].indexOf(name) : -1;
    if (j >= 0) {
      const list = this.names[i];
      list.splice(j, 1);
      if (list.length === 0) {
        this.folded.splice(i, 1);
        this.names.splice(i, 1);
        if (this.byPart) indexParts(this.byPart, folded, false);
      }
    }
    for (const [key, a] of this.answers) if (a.names.includes(name)) this.answers.delete(key);
  }

  /** Up to `limit` names close to `word`, best first (remembered while no name near it comes or goes). */
  suggest(word: string, limit = 3): string[] {
    const key = `${limit}\u0000${word}`;
    const known = this.answers.get(key);
    if (known) return known.names;
    const lower = word.toLowerCase();
    const scored: { name: string; d: number }[] = [];
    const max = reach(word);
    this.walk(lower, max, (i, d) => {
      // A name differing only in case comes first, but only where a typo could be suggested at all.
      const score = this.folded[i] === lower ? 0.5 : d;
      if (score <= max) for (const name of this.names[i]) if (name !== word) scored.push({ name, d: score });
    });
    scored.sort((x, y) => x.d - y.d || x.name.localeCompare(y.name));
    const answer = scored.slice(0, limit).map((s) => s.name);
    if (answer.length < limit) this.withParts(word, lower, answer, limit);
    // Bounded, in case a long session asks about many different words.
    if (this.answers.size > 10000) this.answers.clear();
    this.answers.set(key, { lower, names: answer });
    return answer;
  }

  /**
   * Every folded name within `max` of `word` (the optimal string alignment distance), by
   * index. Row d holds the distances from the name's first d characters to each prefix of
   * the word, inside the band |d - j| <= max (outside it they exceed max); rows stay valid
   * for the next name as far as it shares the prefix, and once a row is all beyond max, so
   * is every name under that prefix.
   */
  private walk(word: string, max: number, found: (i: number, d: number) => void): void {
    const m = word.length;
    // No name is long enough to come within reach (a \\k{ typed before a long paragraph asks
    // about the whole paragraph): no rows at all, whose number and width grow with the word.
    if (m - max > this.longest) return;
    if (m > WALK_LONGEST) {
      // A word this long: the rows of a walk would be as many and as wide as the word. Names
      // of about its length (few, if any) are compared one by one, each in three rows.
      for (let i = 0; i < this.folded.length; i++) {
        const f = this.folded[i];
        if (Math.abs(f.length - m) > max) continue;
        const d = editDistance(word, f, max);
        if (d <= max) found(i, d);
      }
      return;
    }
    const far = max + 1;
    const rows = rowsFor(m, Math.min(m + max, this.longest));
    const first = rows[0];
    for (let j = 0; j <= m; j++) first[j] = j;
    let prev = '';
    let valid = 0;
    for (let i = 0; i < this.folded.length; ) {
      const f = this.folded[i];
      let d = 0;
      const shared = Math.min(valid, f.length);
      while (d < shared && f.charCodeAt(d) === prev.charCodeAt(d)) d++;
      let hopeless = false;
      while (d < f.length) {
        d++;
        if (d > m + max) {
          hopeless = true;
          break;
        }
        const cur = rows[d];
        const up = rows[d - 1];
        const up2 = d > 1 ? rows[d - 2] : first;
        const c = f.charCodeAt(d - 1);
        const cBefore = d > 1 ? f.charCodeAt(d - 2) : -1;
        const lo = Math.max(1, d - max);
        const hi = Math.min(m, d + max);
        cur[0] = d;
        if (lo > 1) cur[lo - 1] = far;
        let rowMin = d;
        for (let j = lo; j <= hi; j++) {
          const wj = word.charCodeAt(j - 1);
          let v = Math.min(up[j] + 1, cur[j - 1] + 1, up[j - 1] + (c === wj ? 0 : 1));
          if (j > 1 && d > 1 && c === word.charCodeAt(j - 2) && cBefore === wj) v = Math.min(v, up2[j - 2] + 1);
          cur[j] = v;
          if (v < rowMin) rowMin = v;
        }
        if (hi < m) cur[hi + 1] = far;
        if (rowMin > max) {
          hopeless = true;
          break;
        }
      }
      prev = f;
      if (hopeless) {
        // Rows up to d - 1 hold for f's prefix; no name under f's first d characters can come within max.
        valid = d - 1;
        i = this.pastPrefix(f.slice(0, d), i);
        continue;
      }
      valid = d;
      if (Math.abs(f.length - m) <= max && rows[f.length][m] <= max) found(i, rows[f.length][m]);
      i++;
    }
  }

  /** The first index from `from` on whose folded name does not start with `prefix` (they are contiguous). */
  private pastPrefix(prefix: string, from: number): number {
    return partitionPoint(this.folded.length, (k) => k >= from && !this.folded[k].startsWith(prefix));
  }
}

/** A folded name entered under (or taken out from) each of its hyphen-separated parts. */
function indexParts(byPart: Map<string, Set<string>>, folded: string, add: boolean): void {
  for (const part of new Set(folded.split('-'))) {
    if (!part) continue;
    let names = byPart.get(part);
    if (add) byPart.set(part, (names ??= new Set()).add(folded));
    else if (names?.delete(folded) && names.size === 0) byPart.delete(part);
  }
}

/** Whether `name` holds `word` as a run of whole hyphen-separated parts (`errors-hostkey-wrong` holds `hostkey`). */
function holdsParts(name: string, word: string): boolean {
  // An empty word would be found at every index, the last one forever.
  if (word.length < PART_SHORTEST) return false;
  for (let i = name.indexOf(word); i >= 0; i = name.indexOf(word, i + 1)) {
    const end = i + word.length;
    if ((i === 0 || name.charCodeAt(i - 1) === 45) && (end === name.length || name.charCodeAt(end) === 45)) return true;
  }
  return false;
}

/** Shorter words (`gs`, `ip`) would match parts of too many names to help. */
const PART_SHORTEST = 3;
const WHOLE_PARTS = /^[^-]+(?:-[^-]+)*$/;

/** The longest word walked over the names (keywords are far shorter); longer ones are compared name by name. */
const WALK_LONGEST = 256;

/** Rows for a walk, reused across calls: one per depth a name can have (to `deepest`), each wider than the word. */
let walkRows: Int32Array[] = [];
function rowsFor(m: number, deepest: number): Int32Array[] {
  return (walkRows = grownRows(walkRows, m, deepest));
}

/** `rows`, or rows enough for a walk of a word of length m to depth `deepest` if they are not. */
export function grownRows(rows: Int32Array[], m: number, deepest: number): Int32Array[] {
  const depth = deepest + 1;
  const width = rows[0]?.length ?? 0;
  if (rows.length >= depth && width >= m + 2) return rows;
  // Wider only when the word needs it (doubling, so that a word typed longer letter by letter
  // reallocates a few times); more rows alone keep the width (doubling it with every deeper
  // walk made rows of gigabytes once a word was typed a few dozen letters long).
  const w = width >= m + 2 ? width : Math.max(m + 2, width * 2);
  return Array.from({ length: Math.max(depth, rows.length) }, () => new Int32Array(w));
}
