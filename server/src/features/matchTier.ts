/**
 * How well a name matches what was typed, as editors' pickers rank: completion and workspace
 * symbols both sort by it (a client that does not sort again shows the best first).
 */

/** Whether the letters of `partial` occur in `label` in order (how editors filter). */
function subsequence(label: string, partial: string): boolean {
  let j = 0;
  for (let i = 0; i < label.length && j < partial.length; i++) if (label[i] === partial[j]) j++;
  return j === partial.length;
}

/** 0 a prefix (or nothing typed), 1 a substring, 2 scattered letters in order, 3 no match. `lowerPartial` is lower-cased. */
export function matchTier(label: string, lowerPartial: string): number {
  const l = label.toLowerCase();
  return !lowerPartial || l.startsWith(lowerPartial) ? 0 : l.includes(lowerPartial) ? 1 : subsequence(l, lowerPartial) ? 2 : 3;
}
