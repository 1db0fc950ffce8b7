/**
 * npm run fuzz -- --seed S --count N [--from K] [--core-only]: seeded mutations of corpus
 * files (and random bytes), each analysed as a document set and then put
 * through every language feature at random positions, then edited a few
 * times through the workspace's incremental path (which must agree with a
 * fresh analysis); any exception, any disagreement, any position outside the
 * document or a slow case is a failure, printed with the seed and case
 * number to reproduce it.
 */

import * as fs from 'fs';
import * as path from 'path';
import { ResponseError } from 'vscode-languageserver';
import { DocumentSet } from '../server/src/core/docset';
import { LineIndex } from '../server/src/core/lines';
import { indexWordsOf, wordsOf } from '../server/src/core/paragraphWords';
import { parseFile } from '../server/src/core/parser';
import { symbolsOf } from '../server/src/core/query';
import { codeActions } from '../server/src/features/codeAction';
import { completion } from '../server/src/features/completion';
import { FeatureContext } from '../server/src/features/context';
import { definition } from '../server/src/features/definition';
import { diagnosticsFor } from '../server/src/features/diagnostics';
import { documentLinks } from '../server/src/features/documentLink';
import { documentSymbols } from '../server/src/features/documentSymbol';
import { foldingRanges } from '../server/src/features/foldingRange';
import { hover } from '../server/src/features/hover';
import { inlayHints } from '../server/src/features/inlayHint';
import { PositionCodec } from '../server/src/features/positions';
import { documentHighlights, references } from '../server/src/features/references';
import { prepareRename, rename } from '../server/src/features/rename';
import { selectionRanges } from '../server/src/features/selectionRange';
import { semanticTokens } from '../server/src/features/semanticTokens';
import { workspaceSymbols } from '../server/src/features/workspaceSymbol';
import { corpus } from '../test/support/corpus';
import { describeSet, wordsReplacer } from '../test/support/describeSet';
import { memoryWorkspace } from '../test/support/memoryWorkspace';
import { CHUNK, Text } from '../server/src/core/text';
import { changedRange } from '../server/src/core/textDiff';

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

const PIECES = ['{', '}', '\\', '\\k{', '\\c ', '\\c{', '\\e{', '\\i{', '\\#{', '\\#', '\\quote{', '\\lcont{', '\\define{x} \\x', '\\define{y} {', '\n\n', '\n', '\r\n', '\r', '\\S2{a} b', '\\H{', '\\IM{q} r', '\\u', '\\u0', '\\u1F600', '\\W{', '\\BR{', '\0', '\ufeff', '\ud83d', '\\date', '\\.', '\\_', '\\cfg{input-charset}{latin1}', '}}}}', '{{{{', '\\i{Foo}', '\\i{foo}', '\\ii{FOO}', '\\I{foo}', '\\IM{foo} x', '\\x', '\\define{x} other'];

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

/** A workspace over in-memory files, one project listing them in order. */
/** Every range a feature returns must lie inside its document (the one its `uri` names, else the current one). */
function checkRanges(value: unknown, current: LineIndex, linesOf: (uri: string) => LineIndex | undefined, codec: PositionCodec, what: string): void {
  const visit = (v: unknown, lines: LineIndex): void => {
    if (v === null || typeof v !== 'object') return;
    const o = v as { uri?: unknown; targetUri?: unknown; start?: { line?: unknown }; end?: unknown };
    const uri = typeof o.uri === 'string' ? o.uri : typeof o.targetUri === 'string' ? o.targetUri : undefined;
    if (uri !== undefined) {
      const l = linesOf(uri);
      if (!l) throw new Error(`${what}: a location in an unknown document ${uri}`);
      lines = l;
    }
    if (o.start && typeof o.start.line === 'number' && o.end) {
      for (const p of [o.start, o.end] as { line: number; character: number }[]) {
        const lineEnd = codec.toPosition(lines, lines.lineContentEnd(Math.min(p.line, lines.lineCount - 1)));
        if (p.line < 0 || p.line >= lines.lineCount || p.character < 0 || p.character > lineEnd.character) throw new Error(`${what}: position ${p.line}:${p.character} outside the document`);
      }
    }
    for (const x of Object.values(v)) visit(x, lines);
  };
  visit(value, current);
}

const ENCODINGS = ['utf-16', 'utf-8', 'utf-32'] as const;

/** Every feature of the language server on one file, at a few random positions (some past the end). */
function exerciseFeatures(ctx: FeatureContext, uri: string, lines: LineIndex, linesOf: (uri: string) => LineIndex | undefined, rng: () => number): void {
  const doc = { uri };
  const whole = { start: { line: 0, character: 0 }, end: { line: lines.lineCount, character: 0 } };
  const diags = diagnosticsFor(ctx, uri);
  for (const [what, v] of [
    ['diagnostics', diags],
    ['documentSymbol', documentSymbols(ctx, uri)],
    ['foldingRange', foldingRanges(ctx, uri)],
    ['documentLink', documentLinks(ctx, uri)],
    ['inlayHint', inlayHints(ctx, uri, whole)],
  ] as const) checkRanges(v, lines, linesOf, ctx.codec, what);
  semanticTokens(ctx, uri);
  workspaceSymbols(ctx, String.fromCharCode(97 + Math.floor(rng() * 26)));
  for (let k = 0; k < 4; k++) {
    const line = Math.floor(rng() * (lines.lineCount + 2));
    const pos = { line, character: Math.floor(rng() * 90) };
    const results: [string, unknown][] = [
      ['hover', hover(ctx, doc.uri, pos)],
      ['definition', definition(ctx, uri, pos)],
      ['references', references(ctx, uri, pos, true)],
      ['documentHighlight', documentHighlights(ctx, uri, pos)],
      ['prepareRename', prepareRename(ctx, uri, pos)],
      ['completion', completion(ctx, uri, pos)],
      ['selectionRange', selectionRanges(ctx, uri, [pos])],
      ['codeAction', codeActions(ctx, uri, { start: pos, end: pos }, diags)],
    ];
    try {
      results.push(['rename', rename(ctx, uri, pos, 'fuzz-renamed')]);
    } catch (e) {
      // A refused rename is an answer (a ResponseError to the client), not a crash.
      if (!(e instanceof ResponseError)) throw e;
    }
    for (const [what, v] of results) if (what !== 'rename') checkRanges(v, lines, linesOf, ctx.codec, what);
  }
}

/** The path to the first place two plain values differ, with both values there; undefined if equal. */
function firstDifference(a: unknown, b: unknown, at = ''): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${at}: ${JSON.stringify(a)?.slice(0, 200)} vs ${JSON.stringify(b)?.slice(0, 200)}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
    if (d) return d;
  }
  return undefined;
}

/** One small edit: a piece typed or pasted, a few characters deleted, or one replaced. */
function typed(text: string, rng: () => number): string {
  if (rng() < 0.2) {
    const e = inHeading(text, rng);
    if (e !== undefined) return e;
  }
  const p = Math.floor(rng() * (text.length + 1));
  const op = rng();
  if (op < 0.5) return text.slice(0, p) + PIECES[Math.floor(rng() * PIECES.length)] + text.slice(p);
  if (op < 0.8) return text.slice(0, p) + text.slice(p + 1 + Math.floor(rng() * 20));
  return text.slice(0, p) + String.fromCharCode(32 + Math.floor(rng() * 95)) + text.slice(p + 1);
}

/**
 * An edit in a heading's (or list item's, or bibliography entry's) keyword or title: a
 * rename, a retitling, or the name of another keyword pasted over it. These reach other
 * files, and random places seldom land in them.
 */
function inHeading(text: string, rng: () => number): string | undefined {
  const heads = [...text.matchAll(/\\(?:C|H|S\d*|A|U|B|n)\{([^{}\\]*)\}([^\n]*)/g)];
  if (heads.length === 0) return undefined;
  const m = heads[Math.floor(rng() * heads.length)];
  const keyAt = (m.index ?? 0) + m[0].indexOf('{') + 1;
  const p = rng() < 0.7 ? keyAt + Math.floor(rng() * (m[1].length + 1)) : keyAt + m[1].length + 1 + Math.floor(rng() * (m[2].length + 1));
  const op = rng();
  if (op < 0.5) return text.slice(0, p) + 'xy-}'[Math.floor(rng() * 4)] + text.slice(p);
  if (op < 0.8) return text.slice(0, p) + text.slice(p + 1);
  const other = heads[Math.floor(rng() * heads.length)][1];
  return text.slice(0, keyAt) + other + text.slice(keyAt + m[1].length);
}

/** Runs case i of a seed; throws on any failure but slowness, returns the time it took. */
function runCase(texts: string[], seed: number, i: number, features: boolean): { ms: number; size: number } {
  const rng = mulberry32(seed * 1000003 + i);
  const files = Array.from({ length: 1 + Math.floor(rng() * 3) }, (_, j) => ({ id: `/f${j}.but`, name: `f${j}.but`, text: mutate(texts[Math.floor(rng() * texts.length)], rng) }));
  // CPU time, not wall time: a case is slow by itself, not because the machine is busy.
  const t = process.cpuUsage();
  const set = new DocumentSet(files, { parse: (f, m) => parseFile(f.text, m) });
  set.files.forEach((f) => {
    for (const d of set.fileDiagnostics(set.files.indexOf(f))) {
      if (!(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= f.source.text.length)) throw new Error(`span ${d.span.start}-${d.span.end} out of range in a ${f.source.text.length}-character file: ${d.message}`);
      f.lines.positionAt(d.span.start);
    }
  });
  if (features) {
    const { ws, uris, paths } = memoryWorkspace(files);
    const ctx: FeatureContext = { ws, codec: new PositionCodec(ENCODINGS[Math.floor(rng() * 3)]), settings: { inlayHints: true } };
    const linesOf = (u: string) => ws.lines(paths[uris.indexOf(u)]);
    uris.forEach((uri, j) => exerciseFeatures(ctx, uri, set.files[j].lines, linesOf, rng));
    // Then a few edits as an author types them, through the workspace's incremental path:
    // after each, the workspace must hold exactly what analysing the texts afresh gives.
    // The edits reach the workspace as an editor's document store gives them: each a Text made
    // from the one before, in chunks of the real length or small ones (every reparse then reads
    // a window of several chunks, and often runs out of it and reads again).
    const texts = files.map((f) => f.text);
    const chunk = rng() < 0.5 ? CHUNK : 1 + Math.floor(rng() * 200);
    const docs = texts.map((t) => Text.of(t, chunk));
    for (let k = Math.floor(rng() * 4); k > 0; k--) {
      const j = Math.floor(rng() * files.length);
      const before = texts[j];
      texts[j] = typed(texts[j], rng);
      const { start, oldEnd, newEnd } = changedRange(before, texts[j]);
      docs[j] = docs[j].edit(start, oldEnd, texts[j].slice(start, newEnd));
      ws.setOverlay(paths[j], docs[j]);
      const held = ws.setsOf(paths[j])[0].set;
      const fresh = new DocumentSet(
        files.map((f, i) => ({ id: paths[i], name: f.name, text: texts[i] })),
        { parse: (f, m) => parseFile(f.text, m) },
      );
      const where = firstDifference(describeSet(held), describeSet(fresh));
      if (where) throw new Error(`after an edit of ${files[j].name}, the incremental analysis differs from a fresh one at ${where}`);
      // What features are told is at each place (the symbol tables, cached per set) must follow too.
      const symbols = (set: DocumentSet) => set.files.map((_, i) => symbolsOf(set, i).map((x) => `${x.kind} ${x.span.start}-${x.span.end}`));
      const whereSymbol = firstDifference(symbols(held), symbols(fresh));
      if (whereSymbol) throw new Error(`after an edit of ${files[j].name}, the symbol tables differ from fresh ones at ${whereSymbol}`);
      // Running text read again from the incremental parse is what a parse keeping every word has.
      const lookups = fresh.files[j].parsed.externalLookups;
      const all = parseFile(texts[j], (name) => lookups.get(name), true);
      const mine = held.files[j].parsed;
      // Forty of each at most: one inside a long block is read from the block's start.
      const pick = (n: number) => (n <= 40 ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: 40 }, () => Math.floor(rng() * n)));
      const paras = pick(mine.paragraphs.length);
      const terms = pick(mine.indexUses.length);
      const whereWords = firstDifference(
        [...paras.map((i) => JSON.stringify(wordsOf(mine, mine.paragraphs[i]), wordsReplacer)), ...terms.map((i) => JSON.stringify(indexWordsOf(mine, mine.indexUses[i])))],
        [...paras.map((i) => JSON.stringify(all.paragraphs[i]?.words, wordsReplacer)), ...terms.map((i) => JSON.stringify(all.indexUses[i]?.words))],
      );
      if (whereWords) throw new Error(`after an edit of ${files[j].name}, words read again differ from a full parse's at ${whereWords}`);
      exerciseFeatures(ctx, uris[j], ws.lines(paths[j])!, linesOf, rng);
    }
  }
  const used = process.cpuUsage(t);
  return { ms: Math.round((used.user + used.system) / 1000), size: files.reduce((a, f) => a + f.text.length, 0) };
}

export function fuzz(seed: number, count: number, options: { features?: boolean; from?: number; progress?: (done: number, failures: number) => void; failed?: (failure: string) => void } = {}): FuzzResult {
  const texts = corpusTexts();
  const features = options.features !== false;
  const failures: string[] = [];
  const t0 = Date.now();
  const from = options.from ?? 0;
  let reported = 0;
  for (let i = from; i < from + count; i++) {
    try {
      const budget = (size: number) => 300 + size / 50;
      let { ms, size } = runCase(texts, seed, i, features);
      // A major collection can land on any one case; only a
      // case that is slow twice running is slow by itself.
      if (ms > budget(size)) ms = Math.min(ms, runCase(texts, seed, i, features).ms);
      if (ms > budget(size)) failures.push(`case ${i} (seed ${seed}): ${ms} ms of CPU for ${size} characters`);
    } catch (e) {
      failures.push(`case ${i} (seed ${seed}): ${(e as Error).stack?.split('\n').slice(0, 4).join(' | ')}`);
    }
    if (failures.length > reported) options.failed?.(failures[reported++]);
    if (options.progress && (i + 1 - from) % 10000 === 0) options.progress(i + 1 - from, failures.length);
  }
  return { cases: count, failures, ms: Date.now() - t0 };
}

if (require.main === module) {
  const arg = (name: string, def: number) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : def;
  };
  const r = fuzz(arg('--seed', 1), arg('--count', 10000), {
    features: !process.argv.includes('--core-only'),
    from: arg('--from', 0),
    progress: (done, failed) => console.error(`${done} cases, ${failed} failures so far`),
    // As they happen, so that a long run cut short still tells what it found.
    failed: (f) => console.error(`failure: ${f}`),
  });
  for (const f of r.failures.slice(0, 20)) console.log(f);
  console.log(`${r.cases} cases, ${r.failures.length} failures, ${r.ms} ms`);
  process.exitCode = r.failures.length ? 1 : 0;
}
