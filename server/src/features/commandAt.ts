/**
 * Commands written in running text, found by a look along the line (the parse keeps no place
 * for an inline command such as `\e`, and features do not parse again).
 */

/** Whether the backslash at `at` starts a command: not when it is the second of an escaped pair (`\\`). */
export function startsCommand(text: string, at: number): boolean {
  let run = 0;
  while (at - run >= 0 && text.charCodeAt(at - run) === 92) run++;
  return run % 2 === 1;
}

/** The command name (letters and digits after a backslash) written over `at` in `line`, with its place in the line. */
export function commandAt(line: string, at: number): { name: string; start: number; end: number } | undefined {
  for (const m of line.matchAll(/\\([A-Za-z][A-Za-z0-9]*)/g)) {
    const start = m.index!;
    if (start > at) break;
    const end = start + m[0].length;
    if (at < end && startsCommand(line, start)) return { name: m[1], start, end };
  }
  return undefined;
}
