/**
 * "Did you mean" candidates: the closest names by edit distance, close
 * enough to be a plausible typo of what was written.
 */

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
 * Did-you-mean over a list of names, prepared once: names folded to lower case and
 * grouped by length, so that a word is compared only with names whose length is within
 * reach. A set of tens of thousands of keywords asks this on every keystroke inside a
 * broken `\k{}`, while the names stay the same; a renamed heading changes two of them.
 */
export class Suggester {
  private readonly byLength = new Map<number, { name: string; folded: string }[]>();
  /** Answers given, kept until a name is added within reach of the word or one they hold is removed. */
  private readonly answers = new Map<string, { lower: string; names: string[] }>();

  constructor(names: Iterable<string>) {
    for (const name of names) this.add(name);
  }

  add(name: string): void {
    let bucket = this.byLength.get(name.length);
    if (!bucket) this.byLength.set(name.length, (bucket = []));
    const folded = name.toLowerCase();
    bucket.push({ name, folded });
    // A renamed heading adds and removes a name while its set has a few broken references,
    // asked about again at once: only answers the change can alter are forgotten.
    for (const [key, a] of this.answers) if (within(a.lower, folded)) this.answers.delete(key);
  }

  remove(name: string): void {
    const bucket = this.byLength.get(name.length) ?? [];
    const i = bucket.findIndex((n) => n.name === name);
    if (i >= 0) bucket.splice(i, 1);
    for (const [key, a] of this.answers) if (a.names.includes(name)) this.answers.delete(key);
  }

  /** Up to `limit` names close to `word`, best first (remembered while no name near it comes or goes). */
  suggest(word: string, limit = 3): string[] {
    const key = `${limit}\u0000${word}`;
    const known = this.answers.get(key);
    if (known) return known.names;
    const max = reach(word);
    const lower = word.toLowerCase();
    const scored: { name: string; d: number }[] = [];
    for (let len = Math.max(0, word.length - max); len <= word.length + max; len++) {
      for (const { name, folded } of this.byLength.get(len) ?? []) {
        if (name === word) continue;
        const d = folded === lower ? 0.5 : editDistance(lower, folded, max);
        if (d <= max) scored.push({ name, d });
      }
    }
    scored.sort((x, y) => x.d - y.d || x.name.localeCompare(y.name));
    const answer = scored.slice(0, limit).map((s) => s.name);
    // Bounded, in case a long session asks about many different words.
    if (this.answers.size > 10000) this.answers.clear();
    this.answers.set(key, { lower, names: answer });
    return answer;
  }
}

/** Up to `limit` names close to `word`, best first. */
export function suggest(word: string, names: Iterable<string>, limit = 3): string[] {
  return new Suggester(names).suggest(word, limit);
}
