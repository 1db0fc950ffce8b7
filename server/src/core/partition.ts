/**
 * Binary search over a sorted range: the first index in [0, length) at which `after` holds,
 * for a predicate that is false and then true along the range (length when it never holds).
 */
export function partitionPoint(length: number, after: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (after(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
