/**
 * Halibut's tokeniser, reproduced token for token from halibut 1.3's
 * get_token(), but keeping source offsets for every token.
 *
 * Macro expansions are pushed as a stack of texts, as halibut does: every
 * character read from an expansion reports the position of the macro use, so
 * errors inside an expansion land on the use, exactly as halibut reports them.
 */

export const enum Tok {
  Eof,
  Eop,
  White,
  Word,
  Cmd,
  LBrace,
  RBrace,
}

/** Halibut's command identifiers (input.c's c_* enum), by name. */
export const enum Cmd {
  Invalid,
  Comment,
  Escaped,
  Nop,
  Nbsp,
  A,
  B,
  BR,
  C,
  H,
  I,
  IM,
  K,
  S,
  U,
  W,
  b,
  c,
  cfg,
  copyright,
  cq,
  cw,
  date,
  dd,
  define,
  dt,
  e,
  i,
  ii,
  k,
  lcont,
  n,
  nocite,
  preamble,
  q,
  quote,
  rule,
  s,
  title,
  u,
  versionid,
}

const COMMANDS: ReadonlyMap<string, Cmd> = new Map<string, Cmd>([
  ['#', Cmd.Comment], ['-', Cmd.Escaped], ['.', Cmd.Nop], ['\\', Cmd.Escaped],
  ['_', Cmd.Nbsp], ['{', Cmd.Escaped], ['}', Cmd.Escaped],
  ['A', Cmd.A], ['B', Cmd.B], ['BR', Cmd.BR], ['C', Cmd.C], ['H', Cmd.H],
  ['I', Cmd.I], ['IM', Cmd.IM], ['K', Cmd.K], ['U', Cmd.U], ['W', Cmd.W],
  ['b', Cmd.b], ['c', Cmd.c], ['cfg', Cmd.cfg], ['copyright', Cmd.copyright],
  ['cq', Cmd.cq], ['cw', Cmd.cw], ['date', Cmd.date], ['dd', Cmd.dd],
  ['define', Cmd.define], ['dt', Cmd.dt], ['e', Cmd.e], ['i', Cmd.i],
  ['ii', Cmd.ii], ['k', Cmd.k], ['lcont', Cmd.lcont], ['n', Cmd.n],
  ['nocite', Cmd.nocite], ['preamble', Cmd.preamble], ['q', Cmd.q],
  ['quote', Cmd.quote], ['rule', Cmd.rule], ['s', Cmd.s], ['title', Cmd.title],
  ['versionid', Cmd.versionid],
]);

/** The names of halibut's built-in commands (without `\S<n>` and `\u<hex>`). */
export const BUILTIN_COMMANDS: readonly string[] = [...COMMANDS.keys()];

export interface Token {
  type: Tok;
  /** Command id (Tok.Cmd only). */
  cmd: Cmd;
  /** \S level, \u code point; for words, whether the word ends in a hyphen. */
  aux: number;
  /** Command name without backslash, or the word's text. */
  text: string;
  /** Source offset where halibut says the token is. */
  start: number;
  /** Source offset just past the token's last character. */
  end: number;
  /** True if the token (or part of it) came from a macro expansion. */
  fromMacro: boolean;
}

const EOF = -1;

/**
 * A word from its first character: up to whitespace, a brace or a backslash, or just past a
 * hyphen. A regular expression, because V8 runs it as machine code from its first use, where
 * a loop over the characters would run in the interpreter for most of a one-off lint.
 */
const WORD = /[^ \t\r\n{}\\-]*-?/y;

/**
 * Running text: lines of anything but a command or a brace, each line break but one before a
 * blank line (which makes a paragraph break). A line at a time, not a word, is twice as fast.
 * At most a thousand lines at a time: the engine keeps a place to go back to for every
 * repetition, and millions of them overflow its stack (a paragraph of a few megabytes did).
 */
const RUNNING_TEXT = /[^\\{}\n]*(?:\n(?![ \t\r]*\n)[^\\{}\n]*){0,1000}/y;

function isWhite(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}
function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function isCmdChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

interface Expansion {
  text: string;
  i: number;
  /** Pushed-back characters from before the expansion wait until it is read (as halibut's npushback). */
  pushbackFloor: number;
  /** Where the macro was used: every character of the expansion is "there". */
  at: number;
  atEnd: number;
  name: string;
}

/** Classify a command name as halibut's match_kw() does. */
export function matchCommand(name: string): { cmd: Cmd; aux: number } {
  if (name.charCodeAt(0) === 83 /* S */) {
    let n = name.length === 1 ? 1 : 0;
    let j = 1;
    for (; j < name.length; j++) {
      const c = name.charCodeAt(j);
      if (c < 48 || c > 57) break;
      n = 10 * n + (c - 48);
    }
    if (j === name.length) return { cmd: Cmd.S, aux: n };
  } else if (name.charCodeAt(0) === 117 /* u */ && name.length > 1) {
    let j = 1;
    let n = 0;
    for (; j < name.length && isHex(name.charCodeAt(j)); j++) n = n * 16 + parseInt(name[j], 16);
    if (j === name.length) return { cmd: Cmd.u, aux: n };
  }
  return { cmd: COMMANDS.get(name) ?? Cmd.Invalid, aux: 0 };
}

export class Lexer {
  private readonly stack: Expansion[] = [];
  /** Pushed-back characters, as halibut's unget(). */
  private readonly pushback: { c: number; pos: number; end: number; macro: boolean }[] = [];
  /** Position and end of the last character read. */
  private cpos = 0;
  private cend = 0;
  private cmacro = false;
  /**
   * A macro that expands to itself would loop for ever (halibut hangs). We refuse to expand
   * a macro inside its own expansion (each level would leave the rest of its text to be read
   * a thousand times over when the stack unwinds), and, for one that calls itself last (its
   * text is read by then), further expansions once too many happen without reading source.
   */
  private expansionsHere = 0;
  private expansionOffset = -1;

  /**
   * Set when the lexer wanted a character at or past `limit` where the text goes on (`limit`
   * is then the end of a window of a longer text, read from `base`): what it read there is
   * not the text's, and the caller reads again with a larger window.
   */
  truncated = false;

  /**
   * `src` holds the text from `base` on; positions are the text's. `limit` ends what may be
   * read, `total` is where the text itself ends.
   */
  constructor(
    readonly src: string,
    public offset: number,
    readonly limit = src.length,
    readonly base = 0,
    readonly total = limit,
  ) {}

  private hitLimit(): void {
    if (this.limit < this.total) this.truncated = true;
  }

  /** True when no macro text or pushed-back character is pending. */
  get atSourceBoundary(): boolean {
    return this.stack.length === 0 && this.pushback.length === 0;
  }

  pushMacro(name: string, text: string, at: number, atEnd: number): boolean {
    if (text.length === 0) return true;
    for (const e of this.stack) if (e.name === name) return false;
    if (this.offset !== this.expansionOffset) {
      this.expansionOffset = this.offset;
      this.expansionsHere = 0;
    } else if (++this.expansionsHere > 1000) {
      return false;
    }
    this.stack.push({ text, i: 0, at, atEnd, name, pushbackFloor: this.pushback.length });
    return true;
  }

  private get(): number {
    // Not stack[length - 1]: reading index -1 of an empty array takes V8's slow path.
    const depth = this.stack.length;
    const top = depth > 0 ? this.stack[depth - 1] : undefined;
    if (this.pushback.length > (top ? top.pushbackFloor : 0)) {
      const p = this.pushback.pop()!;
      this.cpos = p.pos;
      this.cend = p.end;
      this.cmacro = p.macro;
      return p.c;
    }
    if (top) {
      const c = top.text.charCodeAt(top.i++);
      if (top.i >= top.text.length) this.stack.pop();
      this.cpos = top.at;
      this.cend = top.atEnd;
      this.cmacro = true;
      return c;
    }
    if (this.offset >= this.limit) {
      this.hitLimit();
      return EOF;
    }
    this.cpos = this.offset;
    this.cend = ++this.offset;
    this.cmacro = false;
    return this.src.charCodeAt(this.cpos - this.base);
  }

  private unget(c: number): void {
    if (c === EOF) return;
    this.pushback.push({ c, pos: this.cpos, end: this.cend, macro: this.cmacro });
  }

  /** Peek whether the next character is `{` (halibut's isbrace()). */
  isBrace(): boolean {
    if (this.atSourceBoundary) {
      if (this.offset < this.limit) return this.src.charCodeAt(this.offset - this.base) === 123;
      this.hitLimit();
      return false;
    }
    const c = this.get();
    this.unget(c);
    return c === 123;
  }

  /** Offset of the next character to be read, or the end. */
  peekPos(): number {
    if (this.atSourceBoundary) {
      if (this.offset >= this.limit) this.hitLimit();
      return Math.min(this.offset, this.limit);
    }
    const c = this.get();
    const p = c === EOF ? this.limit : this.cpos;
    this.unget(c);
    return p;
  }

  next(): Token {
    if (this.stack.length === 0 && this.pushback.length === 0) return this.nextFromSource();
    return this.nextSlow();
  }

  /**
   * The same tokens as nextSlow(), read straight from the source text when no
   * macro text or pushed-back character is pending: the common case, and
   * several times faster than going character by character through get().
   */
  private nextFromSource(): Token {
    const src = this.src;
    const limit = this.limit;
    const b = this.base;
    const start = this.offset;
    if (start >= limit) {
      this.hitLimit();
      return tok(Tok.Eof, limit, limit, false);
    }
    let c = src.charCodeAt(start - b);
    let i = start;
    if (isWhite(c)) {
      let nls = 0;
      do {
        if (c === 10) nls++;
        if (++i >= limit) break;
        c = src.charCodeAt(i - b);
      } while (isWhite(c));
      if (i >= limit) {
        this.hitLimit();
        this.offset = limit;
        return tok(Tok.Eof, start, start, false);
      }
      this.offset = i;
      this.noteLastChar(i - 1);
      return tok(nls > 1 ? Tok.Eop : Tok.White, start, i, false);
    }
    if (c === 92 /* \ */) {
      i++;
      c = i < limit ? src.charCodeAt(i - b) : EOF;
      let end = i;
      if (c === 45 || c === 92 || c === 95 || c === 35 || c === 123 || c === 125 || c === 46) {
        end = i + 1;
      } else if (c === 117 /* u */) {
        end = i + 1;
        while (end < limit && end - i < 5 && isHex(src.charCodeAt(end - b))) end++;
      } else if (c !== EOF && isCmdChar(c)) {
        end = i + 1;
        while (end < limit && isCmdChar(src.charCodeAt(end - b))) end++;
      }
      // A name (or what follows a backslash) that reaches the limit may go on past it.
      if (end >= limit) this.hitLimit();
      this.offset = end;
      this.noteLastChar(end - 1);
      const name = src.slice(i - b, end - b);
      const m = matchCommand(name);
      const t = tok(Tok.Cmd, start, end, false);
      t.text = name;
      t.cmd = m.cmd;
      t.aux = m.aux;
      return t;
    }
    if (c === 123 || c === 125) {
      this.offset = start + 1;
      this.noteLastChar(start);
      return tok(c === 123 ? Tok.LBrace : Tok.RBrace, start, start + 1, false);
    }
    // A word: up to whitespace, a brace or a backslash, or just past a hyphen.
    WORD.lastIndex = start - b;
    WORD.test(src);
    i = Math.min(WORD.lastIndex + b, limit);
    const hyphen = src.charCodeAt(i - 1 - b) === 45 ? 1 : 0;
    if (i >= limit) this.hitLimit();
    this.offset = i;
    this.noteLastChar(i - 1);
    return new SourceWord(src, b, start, i, hyphen);
  }

  /**
   * Reads past the running text that follows (see RUNNING_TEXT; up to a thousand lines) and
   * returns where it ends: all a paragraph that keeps no words needs of it. Only from the
   * source text, with nothing pending.
   */
  skipRunningText(): number {
    RUNNING_TEXT.lastIndex = this.offset - this.base;
    RUNNING_TEXT.test(this.src);
    let end = RUNNING_TEXT.lastIndex + this.base;
    // It ends at its last word: the whitespace after that is the next token.
    while (end > this.offset && isWhite(this.src.charCodeAt(end - 1 - this.base))) end--;
    // Past the limit (the window's text goes on further than may be read): left to the tokens.
    if (end > this.limit) return this.offset;
    if (end > this.offset) {
      // As for a word: one that reaches the limit may go on past it.
      if (end === this.limit) this.hitLimit();
      this.offset = end;
      this.noteLastChar(end - 1);
    }
    return end;
  }

  /** Keep get()'s notion of the last character read in step with the fast path. */
  private noteLastChar(at: number): void {
    this.cpos = at;
    this.cend = at + 1;
    this.cmacro = false;
  }

  private nextSlow(): Token {
    let c = this.get();
    const start = this.cpos;
    let macro = this.cmacro;
    if (c !== EOF && isWhite(c)) {
      let nls = 0;
      let end = this.cend;
      do {
        if (c === 10) nls++;
        end = this.cend;
        macro ||= this.cmacro;
      } while ((c = this.get()) !== EOF && isWhite(c));
      if (c === EOF) return tok(Tok.Eof, start, start, macro);
      this.unget(c);
      return tok(nls > 1 ? Tok.Eop : Tok.White, start, end, macro);
    }
    if (c === EOF) {
      return tok(Tok.Eof, this.limit, this.limit, false);
    }
    if (c === 92 /* \ */) {
      let end = this.cend;
      c = this.get();
      let name = '';
      if (c === 45 || c === 92 || c === 95 || c === 35 || c === 123 || c === 125 || c === 46) {
        name = String.fromCharCode(c);
        end = this.cend;
        macro ||= this.cmacro;
      } else if (c === 117 /* u */) {
        let len = 0;
        do {
          name += String.fromCharCode(c);
          end = this.cend;
          macro ||= this.cmacro;
          len++;
          c = this.get();
        } while (isHex(c) && len < 5);
        this.unget(c);
      } else if (c !== EOF && isCmdChar(c)) {
        do {
          name += String.fromCharCode(c);
          end = this.cend;
          macro ||= this.cmacro;
          c = this.get();
        } while (c !== EOF && isCmdChar(c));
        this.unget(c);
      } else {
        this.unget(c);
      }
      const m = matchCommand(name);
      const t = tok(Tok.Cmd, start, end, macro);
      t.text = name;
      t.cmd = m.cmd;
      t.aux = m.aux;
      return t;
    }
    if (c === 123) return tok(Tok.LBrace, start, this.cend, macro);
    if (c === 125) return tok(Tok.RBrace, start, this.cend, macro);
    // A word: runs to whitespace, a brace, a backslash, or just past a hyphen.
    let text = '';
    let end = this.cend;
    let hyphen = 0;
    for (;;) {
      if (c === EOF || isWhite(c) || c === 123 || c === 125 || c === 92) {
        this.unget(c);
        break;
      }
      text += String.fromCharCode(c);
      end = this.cend;
      macro ||= this.cmacro;
      if (c === 45) {
        hyphen = 1;
        break;
      }
      c = this.get();
    }
    const t = tok(Tok.Word, start, end, macro);
    t.text = text;
    t.aux = hyphen;
    return t;
  }

  /**
   * The rest of a `\c` line (halibut's get_codepar_token): one space is
   * dropped, then everything up to the newline is literal; a CR before the
   * newline is dropped.
   */
  codeLine(): Token {
    return this.atSourceBoundary ? this.codeLineFromSource() : this.codeLineSlow();
  }

  private codeLineSlow(): Token {
    let c = this.get();
    let start = c === EOF ? this.limit : this.cpos;
    let macro = this.cmacro;
    if (c === 32) {
      c = this.get();
      start = c === EOF ? this.limit : this.cpos;
      macro ||= this.cmacro;
    }
    // A line read from the file is the file's text there; only one with characters from a
    // macro is put together (character by character, which the tree would keep as a chain).
    let text: string | undefined = macro ? '' : undefined;
    let end = start;
    while (c !== 10 && c !== EOF) {
      const c2 = c;
      const c2end = this.cend;
      if (this.cmacro && text === undefined) text = this.src.slice(start - this.base, end - this.base);
      macro ||= this.cmacro;
      c = this.get();
      if (c2 !== 13 || c !== 10) {
        if (text !== undefined) text += String.fromCharCode(c2);
        end = c2end;
      }
    }
    this.unget(c);
    const t = tok(Tok.Word, start, Math.max(end, start), macro);
    t.text = text ?? this.src.slice(start - this.base, end - this.base);
    return t;
  }

  /** codeLine() when the line is read straight from the source: the newline is left unread. */
  private codeLineFromSource(): Token {
    const src = this.src;
    const limit = this.limit;
    const b = this.base;
    let start = this.offset;
    if (start >= limit) this.hitLimit();
    else if (src.charCodeAt(start - b) === 32) start++;
    let nl = src.indexOf('\n', start - b) + b;
    if (nl < b || nl > limit) {
      nl = limit;
      this.hitLimit();
    }
    // A CR is dropped only before the newline, not before the end of the text.
    const end = nl < limit && nl > start && src.charCodeAt(nl - 1 - b) === 13 ? nl - 1 : nl;
    this.offset = nl;
    const t = tok(Tok.Word, start, end, false);
    t.text = src.slice(start - b, end - b);
    return t;
  }
}

/**
 * A word read straight from the source, whose text is the source between its start and end:
 * sliced only when asked for, as most words are kept by their place alone (see TextWord).
 */
export class SourceWord implements Token {
  readonly type = Tok.Word;
  readonly cmd = Cmd.Invalid;
  readonly fromMacro = false;
  private sliced?: string;
  constructor(
    private readonly src: string,
    /** Where src starts in the text. */
    private readonly base: number,
    readonly start: number,
    readonly end: number,
    /** Whether the word ends in a hyphen. */
    readonly aux: number,
  ) {}
  get text(): string {
    return (this.sliced ??= this.src.slice(this.start - this.base, this.end - this.base));
  }
}

function tok(type: Tok, start: number, end: number, fromMacro: boolean): Token {
  return { type, cmd: Cmd.Invalid, aux: 0, text: '', start, end, fromMacro };
}
