/**
 * Section, appendix and list numbering exactly as halibut's number_mktext()
 * does it, paragraph by paragraph over the whole document set.
 */

import { ParaKind, Paragraph } from './syntax';

export interface NumberWords {
  /** The designation word ("Chapter", "Question") or undefined for list items. */
  designation?: string;
  /** The number alone ("3", "A.1.2"). */
  number: string;
}

export interface NumberingNames {
  chapter: string;
  section: string;
  appendix: string;
}

export const DEFAULT_NAMES: NumberingNames = { chapter: 'Chapter', section: 'Section', appendix: 'Appendix' };

/** Appendix letters: A..Z, then AA.., as halibut's doanumber(). */
export function appendixLetters(num: number): string {
  let nletters = 1;
  let aton = 25;
  while (num > aton) {
    nletters++;
    num -= aton + 1;
    aton = aton < Math.floor(2147483647 / 26) ? (aton + 1) * 26 - 1 : 2147483647;
  }
  let s = '';
  while (nletters--) {
    s = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[num % 26] + s;
    num = Math.floor(num / 26);
  }
  return s;
}

/** halibut's donumber(): note that zero prints as nothing. */
function decimal(n: number): string {
  return n === 0 ? '' : String(n);
}

export type NumberResult =
  | { kind: 'numbered'; words: NumberWords; level: number }
  | { kind: 'jump'; level: number }
  | { kind: 'none'; level: number };

/** Stateful numberer: feed it halibut's paragraph list in order. */
export class Numberer {
  private chapterNum = 0;
  private appendixNum = -1;
  private isChapter = true;
  private sectionLevels: number[] = [];
  private okLevel = -1;
  private listItem = -1;
  private readonly listStack: { listItem: number; prev: ParaKind | 'none' }[] = [];
  private prev: ParaKind | 'none' = 'none';

  constructor(private readonly names: NumberingNames) {}

  /**
   * The whole state, as text: equal snapshots number what follows identically. Of the last
   * paragraph's kind only whether it was a numbered item counts (the next one continues its
   * list, or starts one), and a list count that no paragraph can read again is written as 0,
   * so that states that differ only there are equal.
   */
  snapshot(): string {
    const prev = (kind: ParaKind | 'none') => (kind === 'numbered' ? kind : 'none');
    const live = (listItem: number, kind: ParaKind | 'none') => (kind === 'numbered' ? listItem : 0);
    const stack = this.listStack.map((e) => ({ listItem: live(e.listItem, e.prev), prev: prev(e.prev) }));
    return JSON.stringify([this.chapterNum, this.appendixNum, this.isChapter, this.sectionLevels, this.okLevel, live(this.listItem, this.prev), stack, prev(this.prev)]);
  }

  /** The last paragraph's kind, as far as numbering remembers it (see snapshot). */
  get previous(): ParaKind | 'none' {
    return this.prev;
  }

  static restore(names: NumberingNames, snapshot: string): Numberer {
    const n = new Numberer(names);
    let stack: Numberer['listStack'];
    [n.chapterNum, n.appendixNum, n.isChapter, n.sectionLevels, n.okLevel, n.listItem, stack, n.prev] = JSON.parse(snapshot);
    n.listStack.push(...stack);
    return n;
  }

  next(p: Paragraph): NumberResult {
    const category = p.keywords.length > 1 && p.keywords[1].text !== '' ? p.keywords[1].text : undefined;
    let thisKind: ParaKind | 'none' = p.kind;
    let result: NumberResult = { kind: 'none', level: -2 };
    switch (p.kind) {
      case 'chapter':
        this.chapterNum++;
        this.sectionLevels = [];
        this.isChapter = true;
        this.okLevel = 0;
        result = { kind: 'numbered', level: -1, words: { designation: category ?? this.names.chapter, number: decimal(this.chapterNum) } };
        break;
      case 'heading': {
        const level = p.level;
        if (level > this.okLevel) {
          result = { kind: 'jump', level };
          break;
        }
        this.okLevel = level + 1;
        this.sectionLevels[level] = (this.sectionLevels[level] ?? 0) + 1;
        this.sectionLevels.length = level + 1;
        let num = this.isChapter ? decimal(this.chapterNum) : appendixLetters(this.appendixNum);
        for (let i = 0; i <= level; i++) {
          if (!this.sectionLevels[i]) this.sectionLevels[i] = 1;
          num += '.' + decimal(this.sectionLevels[i]);
        }
        result = { kind: 'numbered', level, words: { designation: category ?? this.names.section, number: num } };
        break;
      }
      case 'appendix':
        this.appendixNum++;
        this.sectionLevels = [];
        this.isChapter = false;
        this.okLevel = 0;
        result = { kind: 'numbered', level: -1, words: { designation: category ?? this.names.appendix, number: appendixLetters(this.appendixNum) } };
        break;
      case 'unnumbered':
        result = { kind: 'none', level: -1 };
        break;
      case 'numbered':
        if (this.prev !== 'numbered') this.listItem = 0;
        this.listItem++;
        result = { kind: 'numbered', level: -2, words: { number: decimal(this.listItem) } };
        break;
      case 'lcont-push':
        this.listStack.push({ listItem: this.listItem, prev: this.prev });
        this.listItem = 0;
        break;
      case 'lcont-pop': {
        const e = this.listStack.pop();
        if (e) {
          this.listItem = e.listItem;
          thisKind = e.prev;
        }
        break;
      }
      default:
        break;
    }
    this.prev = thisKind;
    return result;
  }
}

/** "Section 3.2" as \K prints it, "section 3.2" as \k does. */
export function citeText(words: NumberWords, upper: boolean): string {
  if (words.designation === undefined) return words.number;
  const d = upper ? words.designation : words.designation.toLowerCase();
  return `${d} ${words.number}`;
}
