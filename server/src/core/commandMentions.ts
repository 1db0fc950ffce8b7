/**
 * Where a text names a command: what a reparse asks when an edit changed a macro's
 * definition, to learn how far on the file may look the macro up (see reparse.ts).
 *
 * Every backslash is read as a command's start, the name after it as the lexer reads one
 * (nextFromSource): one of `-\_#{}.`, or `u` and up to four hex digits, or letters and digits
 * (perhaps none). An escaped backslash is read as a command too, so more places are found than
 * the lexer finds, never fewer, wherever a piece of the text starts.
 */

import { SourceText, Text } from './text';

/** A piece of text's commands: where each name is last named in it, and a name that may run on past its end. */
interface Mentions {
  last: Map<string, number>;
  /** Where the piece's last command starts if its name reaches the piece's end (else -1). */
  open: number;
}

const COMMAND = /\\(?=([-\\_#{}.]|u[0-9A-Fa-f]{0,4}|[A-Za-z0-9]*))/g;

/** Longest name read across a piece's end; one longer is taken to be any name. */
const LONGEST = 256;

function mentionsIn(s: string): Mentions {
  const last = new Map<string, number>();
  let open = -1;
  COMMAND.lastIndex = 0;
  for (let m = COMMAND.exec(s); m; m = COMMAND.exec(s)) {
    // (A lookahead matches no characters: step past the backslash.)
    COMMAND.lastIndex = m.index + 1;
    const name = m[1];
    last.set(name, m.index);
    const complete = /^[-\\_#{}.]$/.test(name) || (name[0] === 'u' && name.length === 5);
    open = !complete && m.index + 1 + name.length === s.length ? m.index : -1;
  }
  return { last, open };
}

/** The name of the command at `at`, read from the text (undefined: too long to read, so any). */
function nameAt(text: SourceText, at: number): string | undefined {
  const s = text.slice(at, at + 1 + LONGEST);
  COMMAND.lastIndex = 0;
  const m = COMMAND.exec(s);
  const name = m?.index === 0 ? m[1] : '';
  return name.length >= LONGEST ? undefined : name;
}

/**
 * The last place at or after `from` where the text may name one of these commands (a
 * backslash and the name), or -1. Nothing else looks a macro up: a name found nowhere is one
 * the text never looks up from there on.
 */
export function lastMention(text: SourceText, names: ReadonlySet<string>, from: number): number {
  const find = (m: Mentions, start: number): number => {
    let best = -1;
    for (const name of names) {
      const at = m.last.get(name);
      if (at !== undefined && at > best) best = at;
    }
    if (m.open > best) {
      const name = nameAt(text, start + m.open);
      if (name === undefined || names.has(name)) best = m.open;
    }
    return best < 0 ? -1 : start + best;
  };
  if (text instanceof Text) return text.lastFound(from, mentionsIn, find);
  const at = find(mentionsIn(text.slice(from)), from);
  return at >= from ? at : -1;
}
