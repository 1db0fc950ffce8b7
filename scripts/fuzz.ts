/**
 * npm run fuzz -- --seed S --count N: seeded mutations of corpus files (and
 * random bytes), each analysed as a document set; any exception, out-of-range
 * span or slow case is a failure, printed with the seed to reproduce it.
 */

import * as fs from 'fs';
import * as path from 'path';
import { DocumentSet } from '../server/src/core/docset';
import { parseFile } from '../server/src/core/parser';
import { corpus } from '../test/support/corpus';

export interface FuzzResult {
  cases: number;
  failures: string[];
  ms: number;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['{', '}', '\\', '\\k{', '\\c ', '\\c{', '\\e{', '\\i{', '\\#{', '\\#', '\\quote{', '\\lcont{', '\\define{x} \\x', '\\define{y} {', '\n\n', '\n', '\r\n', '\r', '\\S2{a} b', '\\H{', '\\IM{q} r', '\\u', '\\u0', '\\u1F600', '\\W{', '\\BR{', '\0', '\ufeff', '\ud83d', '\\date', '\\.', '\\_', '\\cfg{input-charset}{latin1}', '}}}}', '{{{{'];

function corpusTexts(): string[] {
  const dirs = [path.join(corpus, 'putty/doc'), path.join(corpus, 'halibut/doc'), path.join(corpus, 'halibut/inputs')];
  const out: string[] = [];
  for (const d of dirs) if (fs.existsSync(d)) for (const f of fs.readdirSync(d)) if (f.endsWith('.but')) out.push(fs.readFileSync(path.join(d, f), 'utf8'));
  return out.length ? out : ['\\C{a} A\n\nText \\k{a}.\n'];
}

export function mutate(text: string, rng: () => number): string {
  let s = text;
  const start = Math.floor(rng() * s.length);
  if (rng() < 0.7) s = s.slice(start, start + 500 + Math.floor(rng() * 8000));
  const n = 1 + Math.floor(rng() * 8);
  for (let k = 0; k < n; k++) {
    const p = Math.floor(rng() * (s.length + 1));
    const op = rng();
    if (op < 0.4) s = s.slice(0, p) + PIECES[Math.floor(rng() * PIECES.length)] + s.slice(p);
    else if (op < 0.6) s = s.slice(0, p) + s.slice(p + 1 + Math.floor(rng() * 40));
    else if (op < 0.8) s = s.slice(0, p) + String.fromCharCode(Math.floor(rng() * 0x3000)) + s.slice(p + 1);
    else s = s.slice(0, p);
  }
  if (rng() < 0.02) s = Array.from({ length: 2000 }, () => String.fromCharCode(Math.floor(rng() * 256))).join('');
  return s;
}

export function fuzz(seed: number, count: number): FuzzResult {
  const texts = corpusTexts();
  const failures: string[] = [];
  const t0 = Date.now();
  for (let i = 0; i < count; i++) {
    const rng = mulberry32(seed * 1000003 + i);
    const files = Array.from({ length: 1 + Math.floor(rng() * 3) }, (_, j) => ({ id: `/f${j}.but`, name: `f${j}.but`, text: mutate(texts[Math.floor(rng() * texts.length)], rng) }));
    const t = Date.now();
    try {
      const set = new DocumentSet(files, { parse: (f, m) => parseFile(f.text, m) });
      set.files.forEach((f, fi) => {
        for (const d of set.fileDiagnostics(fi)) {
          if (!(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= f.source.text.length)) throw new Error(`span ${d.span.start}-${d.span.end} out of range in a ${f.source.text.length}-character file: ${d.message}`);
          f.lines.positionAt(d.span.start);
        }
      });
      const ms = Date.now() - t;
      const size = files.reduce((a, f) => a + f.text.length, 0);
      if (ms > 200 + size / 100) failures.push(`case ${i} (seed ${seed}): ${ms} ms for ${size} characters`);
    } catch (e) {
      failures.push(`case ${i} (seed ${seed}): ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
    }
  }
  return { cases: count, failures, ms: Date.now() - t0 };
}

if (require.main === module) {
  const arg = (name: string, def: number) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : def;
  };
  const r = fuzz(arg('--seed', 1), arg('--count', 10000));
  for (const f of r.failures.slice(0, 20)) console.log(f);
  console.log(`${r.cases} cases, ${r.failures.length} failures, ${r.ms} ms`);
  process.exitCode = r.failures.length ? 1 : 0;
}
