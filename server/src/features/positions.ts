/**
 * Offsets ↔ LSP positions in the encoding the client negotiated (UTF-16 by
 * default; UTF-8 and UTF-32 when the client offers them). Positions past the
 * end of a line or file are clamped, never rejected.
 */

import { Position, Range } from 'vscode-languageserver';
import { LineIndex } from '../core/lines';
import { Span } from '../core/syntax';

export type Encoding = 'utf-16' | 'utf-8' | 'utf-32';

function unitsOf(code: number, enc: Encoding): number {
  if (enc === 'utf-16') return code > 0xffff ? 2 : 1;
  if (enc === 'utf-32') return 1;
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

export class PositionCodec {
  constructor(readonly encoding: Encoding = 'utf-16') {}

  toPosition(lines: LineIndex, offset: number): Position {
    const p = lines.positionAt(offset);
    // An offset between a CR and its LF is the end of the line's text (LSP has no position there).
    const contentEnd = lines.lineContentEnd(p.line) - lines.lineStart(p.line);
    if (p.character > contentEnd) p.character = contentEnd;
    if (this.encoding === 'utf-16') return p;
    // Only the line up to the offset (a line may be a whole file).
    const start = lines.lineStart(p.line);
    const text = lines.text.slice(start, start + p.character);
    let col = 0;
    for (let i = 0; i < p.character; ) {
      const cp = text.codePointAt(i)!;
      col += unitsOf(cp, this.encoding);
      i += cp > 0xffff ? 2 : 1;
    }
    return { line: p.line, character: col };
  }

  toOffset(lines: LineIndex, pos: Position): number {
    if (this.encoding === 'utf-16') return lines.offsetAt(pos);
    if (pos.line < 0) return 0;
    if (pos.line >= lines.lineCount) return lines.text.length;
    // No more of the line than `character` units can reach: two UTF-16 units a code point at most.
    const start = lines.lineStart(pos.line);
    const text = lines.text.slice(start, Math.min(lines.lineContentEnd(pos.line), start + 2 * Math.max(0, pos.character)));
    let col = 0;
    let i = 0;
    while (i < text.length && col < pos.character) {
      const cp = text.codePointAt(i)!;
      col += unitsOf(cp, this.encoding);
      i += cp > 0xffff ? 2 : 1;
    }
    return start + i;
  }

  toRange(lines: LineIndex, span: Span): Range {
    return { start: this.toPosition(lines, span.start), end: this.toPosition(lines, Math.max(span.start, span.end)) };
  }
}

/** Pick the best encoding the client offers. */
export function negotiate(offered: readonly string[] | undefined): Encoding {
  if (!offered || offered.length === 0) return 'utf-16';
  for (const e of offered) if (e === 'utf-16' || e === 'utf-8' || e === 'utf-32') return e;
  return 'utf-16';
}
