import * as assert from 'assert';
import { DocumentSet, SourceFile } from '../../server/src/core/docset';
import { parseFile } from '../../server/src/core/parser';

/** Analyse in-memory files (named a.but, b.but, ... unless named) as one document set. */
export function analyseTexts(...texts: (string | { name: string; text: string })[]): DocumentSet {
  const sources: SourceFile[] = texts.map((t, i) =>
    typeof t === 'string' ? { id: `/mem/${String.fromCharCode(97 + i)}.but`, name: `${String.fromCharCode(97 + i)}.but`, text: t } : { id: `/mem/${t.name}`, name: t.name, text: t.text },
  );
  return new DocumentSet(sources, { parse: (f, m) => parseFile(f.text, m) });
}

/** All diagnostics of a set as "file:line: message" (warnings prefixed as halibut prints them). */
export function messages(set: DocumentSet): string[] {
  const out: string[] = [];
  set.files.forEach((f, i) => {
    for (const d of set.fileDiagnostics(i)) {
      out.push(`${f.source.name}:${f.lines.halibutLine(d.span.start)}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`);
    }
  });
  return out.sort();
}

/** The text a diagnostic's span covers. */
export function spanned(set: DocumentSet, code: string): string[] {
  const out: string[] = [];
  set.files.forEach((f, i) => {
    for (const d of set.fileDiagnostics(i)) if (d.code === code) out.push(f.source.text.slice(d.span.start, d.span.end));
  });
  return out;
}

export function assertMessages(set: DocumentSet, expected: string[]): void {
  assert.deepStrictEqual(messages(set), [...expected].sort());
}
