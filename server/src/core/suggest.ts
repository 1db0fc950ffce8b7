/**
 * "Did you mean" candidates: the closest names by edit distance, close
 * enough to be a plausible typo of what was written.
 */

/** Damerau-Levenshtein (optimal string alignment) distance, bounded by `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j];
    prev = cur;
  }
  return prev[b.length];
}

/** Up to `limit` names close to `word`, best first. */
export function suggest(word: string, names: Iterable<string>, limit = 3): string[] {
  // Very short names are a letter apart from too much to be worth suggesting.
  const max = word.length < 3 ? 0 : Math.max(1, Math.min(4, Math.floor(word.length / 3)));
  const scored: { name: string; d: number }[] = [];
  const lower = word.toLowerCase();
  for (const name of names) {
    if (name === word) continue;
    const d = name.toLowerCase() === lower ? 0.5 : editDistance(lower, name.toLowerCase(), max);
    if (d <= max) scored.push({ name, d });
  }
  scored.sort((x, y) => x.d - y.d || x.name.localeCompare(y.name));
  return scored.slice(0, limit).map((s) => s.name);
}
