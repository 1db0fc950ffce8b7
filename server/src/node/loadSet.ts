/**
 * Reads a document set's files from disk (generated files that are absent
 * are replaced by their stubs) and analyses them.
 */

import * as fs from 'fs';
import { DocumentSet, SourceFile } from '../core/docset';
import { parseFile } from '../core/parser';
import { SetSpec } from '../core/project';
import { decode } from './decode';

export interface LoadProblem {
  path: string;
  message: string;
}

export function readSources(spec: SetSpec, displayName: (abs: string) => string): { sources: SourceFile[]; problems: LoadProblem[] } {
  const sources: SourceFile[] = [];
  const problems: LoadProblem[] = [];
  for (const f of spec.files) {
    let text: string | undefined;
    try {
      text = decode(fs.readFileSync(f.path));
    } catch (e) {
      if (f.generated) text = f.stub ?? '';
      else problems.push({ path: f.path, message: `unable to open input file \`${displayName(f.path)}': ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
    }
    if (text !== undefined) sources.push({ id: f.path, name: displayName(f.path), text });
  }
  return { sources, problems };
}

export function analyse(sources: SourceFile[]): DocumentSet {
  return new DocumentSet(sources, { parse: (f, macros) => parseFile(f.text, macros) });
}
