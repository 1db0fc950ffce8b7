import * as assert from 'assert';
import fc from 'fast-check';
import { Lexer, Token, Tok } from '../../server/src/core/lexer';

/**
 * The lexer reads straight from the text when nothing is pending (its fast path) and character
 * by character, as halibut does, when a macro's text or a pushed-back character is (its slow
 * path). Both must give the same tokens: the fast path is only a shortcut.
 */

/** The private readers, reached for the comparison. */
interface Paths {
  next(): Token;
  nextSlow(): Token;
  codeLineFromSource(): Token;
  codeLineSlow(): Token;
}
const paths = (lx: Lexer) => lx as unknown as Paths;

const plain = (t: Token) => ({ type: t.type, cmd: t.cmd, aux: t.aux, text: t.text, start: t.start, end: t.end, fromMacro: t.fromMacro });

function tokens(text: string, read: (lx: Paths) => Token, limit = text.length): ReturnType<typeof plain>[] {
  const lx = paths(new Lexer(text, 0, limit));
  const out: ReturnType<typeof plain>[] = [];
  for (let t = read(lx); ; t = read(lx)) {
    out.push(plain(t));
    if (t.type === Tok.Eof || out.length > text.length + 2) return out;
  }
}

/** Text made of what the lexer tells apart: escapes, commands, \u, braces, hyphens, every kind of space. */
const halibutText = fc
  .array(fc.constantFrom('\\', '{', '}', '-', ' ', '\t', '\r', '\n', '\n\n', 'a', 'Z', '0', '9', 'u', 'e', 'S', 'c', 'k', '#', '_', '.', 'é', '\0', 'word'), { maxLength: 60 })
  .map((parts) => parts.join(''));

describe('lexer: the fast path reads the tokens the slow path reads', () => {
  it('for every token of random text', () => {
    fc.assert(
      fc.property(halibutText, (text) => {
        assert.deepStrictEqual(tokens(text, (lx) => lx.next()), tokens(text, (lx) => lx.nextSlow()));
      }),
      { numRuns: 3000 },
    );
  });

  it('up to a limit short of the end of the text (a part of a file read again)', () => {
    fc.assert(
      fc.property(halibutText, fc.nat(), (text, n) => {
        const limit = text.length === 0 ? 0 : n % (text.length + 1);
        assert.deepStrictEqual(tokens(text, (lx) => lx.next(), limit), tokens(text, (lx) => lx.nextSlow(), limit));
      }),
      { numRuns: 1000 },
    );
  });

  it('for a code line and what follows it', () => {
    fc.assert(
      fc.property(halibutText, (text) => {
        // A code line, then the tokens after it (its newline is left to be read).
        const read = (line: (lx: Paths) => Token) => {
          const lx = paths(new Lexer(text, 0));
          const first = plain(line(lx));
          const rest: ReturnType<typeof plain>[] = [];
          for (let t = lx.next(); rest.length <= text.length + 1; t = lx.next()) {
            rest.push(plain(t));
            if (t.type === Tok.Eof) break;
          }
          return { first, rest };
        };
        assert.deepStrictEqual(read((lx) => lx.codeLineFromSource()), read((lx) => lx.codeLineSlow()));
      }),
      { numRuns: 3000 },
    );
  });

  it('running text is read past to where its tokens say it ends, and the limit is noticed as a word would', () => {
    fc.assert(
      fc.property(halibutText, fc.nat(), fc.nat(), (text, n, m) => {
        const limit = n % (text.length + 1);
        const at = m % (limit + 1);
        // The tokens of the whole text: words, each after at most one stretch of whitespace
        // without a blank line. Running text that goes past the limit is left to the tokens.
        const byTokens = new Lexer(text, at);
        let end = at;
        for (;;) {
          let t = byTokens.next();
          if (t.type === Tok.White) t = byTokens.next();
          if (t.type !== Tok.Word) break;
          end = t.end;
        }
        if (end > limit) end = at;
        const lx = new Lexer(text, at, limit, 0, text.length);
        assert.strictEqual(lx.skipRunningText(), end);
        assert.strictEqual(lx.offset, end);
        assert.strictEqual(lx.truncated, end > at && end === limit && limit < text.length);
        // What follows is read as it would be after the last word.
        if (end > at) assert.deepStrictEqual(plain(lx.next()), plain(new Lexer(text, end, limit, 0, text.length).next()));
      }),
      { numRuns: 3000 },
    );
  });

  it('spaces with one newline are a space, with two a paragraph break, CR LF or not', () => {
    const types = (text: string) => tokens(text, (lx) => lx.next()).map((t) => t.type);
    assert.deepStrictEqual(types('a \n b'), [Tok.Word, Tok.White, Tok.Word, Tok.Eof]);
    assert.deepStrictEqual(types('a\r\n\r\nb'), [Tok.Word, Tok.Eop, Tok.Word, Tok.Eof]);
    assert.deepStrictEqual(types('a\n \t\nb'), [Tok.Word, Tok.Eop, Tok.Word, Tok.Eof]);
  });
});
