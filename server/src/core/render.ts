/**
 * Inline content to text: plain text for titles and messages, Markdown for
 * previews. References are shown through a callback, since only the
 * document set knows what a keyword's number is.
 */

import { Inline, Style } from './syntax';
import { SourceText } from './text';

export type XrefText = (key: string, upper: boolean) => string | undefined;

/**
 * Plain texts of parsed word lists, which never change once parsed: every analysis of a
 * file asks for the title of each of its headings, and an edit leaves most paragraphs (and
 * their word lists) as they were. (The words' file text moves with them: an edit that
 * changes it parses their paragraph again, making new lists.)
 */
const plainTexts = new WeakMap<readonly Inline[], string>();

/** \q's marks as halibut prints them where the output can (its default in every backend: ‘ and ’). */
const OPEN_QUOTE = '\u2018';
const CLOSE_QUOTE = '\u2019';

/** `source`: the text of the file the words are from (a word's text is mostly its place in it). */
export function plainText(words: readonly Inline[], source: SourceText, xref?: XrefText): string {
  if (xref) return render(words, source, xref);
  let s = plainTexts.get(words);
  if (s === undefined) plainTexts.set(words, (s = render(words, source)));
  return s;
}

function render(words: readonly Inline[], source: SourceText, xref?: XrefText): string {
  let s = '';
  for (const w of words) {
    switch (w.t) {
      case 'text':
        s += w.textIn(source);
        break;
      case 'uchar':
        s += w.text;
        break;
      case 'space':
        s += ' ';
        break;
      case 'quote':
        s += w.open ? OPEN_QUOTE : CLOSE_QUOTE;
        break;
      case 'xref':
        s += xref?.(w.key, w.upper) ?? w.key;
        break;
      default:
        break;
    }
  }
  return s.trim();
}

const MARK: Record<number, string> = { [Style.Emph]: '*', [Style.Strong]: '**', [Style.Code]: '`', [Style.WeakCode]: '`' };

function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_[\]<>#|~])/g, '\\$1');
}

/** Markdown for a run of inline content; styled runs are grouped into one span. */
export function markdown(words: readonly Inline[], source: SourceText, xref?: XrefText): string {
  let out = '';
  let open: Style = Style.Normal;
  let code = '';
  const links: { at: number; url: string }[] = [];
  const setStyle = (st: Style) => {
    if (st === open) return;
    if (open === Style.Code || open === Style.WeakCode) {
      const ticks = code.includes('`') ? '``' : '`';
      out += `${ticks}${code}${ticks}`;
      code = '';
    } else if (open !== Style.Normal) out += MARK[open];
    open = st;
    if (open !== Style.Normal && open !== Style.Code && open !== Style.WeakCode) out += MARK[open];
  };
  const emit = (text: string, st: Style) => {
    setStyle(st);
    if (open === Style.Code || open === Style.WeakCode) code += text;
    else out += escapeMarkdown(text);
  };
  for (const w of words) {
    switch (w.t) {
      case 'text':
        emit(w.textIn(source), w.style);
        break;
      case 'uchar':
        emit(w.text, w.style);
        break;
      case 'space':
        if (w.style === open) emit(' ', w.style);
        else {
          setStyle(Style.Normal);
          out += ' ';
        }
        break;
      case 'quote':
        emit(w.open ? OPEN_QUOTE : CLOSE_QUOTE, w.style);
        break;
      case 'xref':
        setStyle(Style.Normal);
        out += escapeMarkdown(xref?.(w.key, w.upper) ?? w.key);
        break;
      case 'link':
        setStyle(Style.Normal);
        links.push({ at: out.length, url: w.url });
        break;
      case 'linkEnd': {
        setStyle(Style.Normal);
        const l = links.pop();
        if (l) out = `${out.slice(0, l.at)}[${out.slice(l.at)}](<${l.url.replace(/[<>\s]/g, encodeURIComponent)}>)`;
        break;
      }
      default:
        break;
    }
  }
  setStyle(Style.Normal);
  return out.trim();
}
