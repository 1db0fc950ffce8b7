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

/** Up to `limit` names close to `word`, best first. */
export function suggest(word: string, names: Iterable<string>, limit = 3): string[] {
  // Very short names are a letter apart from too much to be worth suggesting.
  const max = word.length < 3 ? 0 : Math.max(1, Math.min(4, Math.floor(word.length / 3)));
  const scored: { name: string; d: number }[] = [];
  const lower = word.toLowerCase();
  for (const name of names) {
    // Lengths further apart than max cannot be within it (checked first: a set can have tens of thousands of keywords).
    if (name === word || Math.abs(name.length - word.length) > max) continue;
    const folded = name.toLowerCase();
    const d = folded === lower ? 0.5 : editDistance(lower, folded, max);
    if (d <= max) scored.push({ name, d });
  }
  scored.sort((x, y) => x.d - y.d || x.name.localeCompare(y.name));
  return scored.slice(0, limit).map((s) => s.name);
}
