/**
 * npm run bench: our linter against halibut on the same files, side by side
 * in one run (alternating A B A B, medians and ratios), on the PuTTY manual
 * and on scaled copies of it; parse throughput; memory after analysis; the
 * language server's latencies (lspBench.ts).
 *
 * The scaled corpus is the manual replicated N times as one document set,
 * with every keyword renamed per copy so that references still resolve.
 */

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseFile } from '../server/src/core/parser';
import { analyse, readSources } from '../server/src/node/loadSet';
import { projectRoot, PUTTY_MANUAL, puttyDir } from '../test/support/corpus';
import { LspCase, measure, median, p99 } from './lspBench';
import { EditorDocument, tracked } from '../server/src/lsp/trackedDocuments';
import { memoryWorkspace } from '../test/support/memoryWorkspace';

const root = projectRoot;
const putty = puttyDir;
const MANUAL = PUTTY_MANUAL;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
// Enough that the median is of code V8 has optimised (the first few hundred run before it has).
const KEYSTROKES = Number(process.env.BENCH_KEYSTROKES ?? 2000);

function time(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): number {
  const t0 = process.hrtime.bigint();
  spawnSync(cmd, args, { cwd, stdio: 'ignore', env });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Copy i of a text of the manual: every keyword renamed, so that its references resolve to the copy's own. */
function copyOf(text: string, i: number): string {
  if (i === 0) return text;
  const keyRe = /\\(C|H|S\d*|A|B|n|k|K|BR|nocite)\{([^{}]+)\}/g;
  // Macros stay defined from the first copy; defining them again would be an error.
  return text.replace(keyRe, (_m, cmd: string, key: string) => `\\${cmd}{${key}-c${i}}`).replace(/^\\define\{[^}]*\}[^\n]*$/gm, '');
}

/** The manual replicated n times into dir, keywords renamed per copy; returns the file list. */
function scaledCorpus(n: number, dir: string): string[] {
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    for (const f of MANUAL) {
      const name = `c${i}-${path.basename(f)}`;
      fs.writeFileSync(path.join(dir, name), copyOf(fs.readFileSync(path.join(putty, f), 'latin1'), i), 'latin1');
      files.push(name);
    }
  }
  return files;
}

/** The manual as one file, repeated to 12 MB, keywords renamed per copy (so references still resolve). */
function bigFile(): { big: string; copies: number } {
  const manual = MANUAL.map((f) => fs.readFileSync(path.join(putty, f), 'latin1')).join('\n\n') + '\n\n';
  const copies = Math.ceil((12 * 1024 * 1024) / manual.length);
  return { big: Array.from({ length: copies }, (_, i) => copyOf(manual, i)).join(''), copies };
}

/**
 * Typing in one file, in process, as the server does it: the document store's update (with
 * the range it notes), the workspace's new text, the set patched, the file's diagnostics.
 * Median per keystroke in errors.but (20 KB) and in a 12 MB file, side by side.
 */
function keystrokes(): string {
  const { big, copies } = bigFile();
  const small = fs.readFileSync(path.join(putty, 'doc/errors.but'), 'latin1');
  const perKeystroke = (text: string): number => {
    const { ws, paths, uris } = memoryWorkspace([{ name: 'one.but', text }]);
    let doc = tracked.create(uris[0], 'halibut', 1, text);
    ws.setOverlay(paths[0], doc.text);
    ws.diagnostics(paths[0]);
    // In a paragraph of running text in the middle of the file.
    let at = text.indexOf(' ', text.indexOf('\n\n', text.length >> 1) + 2);
    const times: number[] = [];
    for (let k = 0; k < KEYSTROKES; k++) {
      // Words typed with a slip now and then (a space and six letters, three of them taken
      // back), so that the paragraph grows as an author's does, not one word by a character
      // every keystroke.
      const typed = k % 10 < 7;
      // (The positions are the editor's to give: off the clock.)
      const p = doc.positionAt(typed ? at : at - 1);
      const q = typed ? p : doc.positionAt(at);
      const t0 = process.hrtime.bigint();
      doc = tracked.update(doc, [{ range: { start: p, end: q }, text: typed ? (k % 10 === 0 ? ' ' : 'x') : '' }], doc.version + 1);
      at += typed ? 1 : -1;
      ws.setOverlay(paths[0], doc.text);
      ws.diagnostics(paths[0]);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return median(times);
  };
  const a = perKeystroke(small);
  const b = perKeystroke(big);
  return `Typing in one file, in process (document store, workspace, the set patched, the file's diagnostics; median of ${KEYSTROKES} keystrokes): errors.but (${(small.length / 1e3).toFixed(0)} KB) ${a.toFixed(3)} ms, ${(big.length / 1e6).toFixed(1)} MB file (the manual ×${copies}, keywords renamed per copy) ${b.toFixed(3)} ms: ${(b / a).toFixed(1)} times as long.`;
}

/** Edits an author makes, in the errors chapter unless said, each typed (or pasted) and taken back again. */
const EDIT_KINDS: { what: string; after: string; typed: string; pasted?: boolean; in?: string }[] = [
  { what: 'a word typed in running text', after: 'If you see this message, it means', typed: ' quickly' },
  { what: 'typing in an index term (a new tag each keystroke)', after: '\\i{SSH-2', typed: 'xyz' },
  { what: 'typing in a heading keyword (other files refer to it)', after: '\\H{errors-hostkey-wrong', typed: 'xy' },
  { what: 'a section heading typed (a keyword comes, sections after it are numbered again)', after: 'for more information on host keys.', typed: '\n\n\\H{new-section} New' },
  { what: 'a paragraph pasted and taken out', after: 'for more information on host keys.', typed: '\n\nPasted, with \\k{config-ssh} and \\i{a pasted term}.', pasted: true },
  { what: 'an index rewrite typed (`\\IM{host key} ...`)', after: 'for more information on host keys.', typed: '\n\n\\IM{host key} host key, new' },
  // In one file, a macro's definition reaches the paragraphs after it that name it; while the
  // name is typed, it is for a moment `n' (every numbered item's command) and nameless (the
  // backslashes of code lines), which reach most of the file.
  { what: 'a macro defined (`\\define{newmac} ...`)', after: 'for more information on host keys.', typed: '\n\n\\define{newmac} text' },
  // An entry cited, or no longer, numbers the entries after it again, in every file.
  { what: 'a bibliography entry cited (`\\nocite{...}`)', after: 'for more information on host keys.', typed: '\n\n\\nocite{authplugin-ref-ki}' },
  { what: 'a bibliography entry typed (`\\B{newbib} ...`)', after: 'for more information on host keys.', typed: '\n\n\\B{newbib} A book.' },
  // Its citation resolves no longer (and again), and the entries after it are numbered again.
  { what: 'typing in a cited bibliography entry\'s keyword (authplugin.but)', after: '\\B{authplugin-ref-ki', typed: 'xy', in: 'doc/authplugin.but' },
];

/**
 * The edit kinds in errors.but, in process as the server does them (document store, workspace,
 * the set patched, the file's diagnostics): median and slowest per edit (the first of five
 * rounds, before V8 has optimised the paths, left out), and how many edits rebuilt the set.
 */
function editKinds(label: string, files: { name: string; text: string }[], targetOf: (manualFile: string) => number): string[] {
  const { ws, paths, uris } = memoryWorkspace(files);
  const docs = new Map<number, EditorDocument>();
  return EDIT_KINDS.map(({ what, after, typed, pasted, in: file = 'doc/errors.but' }) => {
    const target = targetOf(file);
    let doc = docs.get(target);
    if (!doc) {
      doc = tracked.create(uris[target], 'halibut', 1, files[target].text);
      ws.setOverlay(paths[target], doc.text);
      ws.diagnostics(paths[target]);
    }
    const at = doc.getText().indexOf(after) + after.length;
    if (at < after.length) throw new Error(`bench: \`${after}' not found`);
    const steps = pasted
      ? [{ from: at, to: at, text: typed }, { from: at, to: at + typed.length, text: '' }]
      : [...[...typed].map((c, i) => ({ from: at + i, to: at + i, text: c })), ...[...typed].map((_, i) => ({ from: at + typed.length - 1 - i, to: at + typed.length - i, text: '' }))];
    const times: number[] = [];
    let rebuilt = 0;
    for (let round = 0; round < (pasted ? 25 : 5); round++) {
      for (const e of steps) {
        const range = { start: doc.positionAt(e.from), end: doc.positionAt(e.to) };
        const set = ws.setsOf(paths[target])[0].set;
        const t0 = process.hrtime.bigint();
        doc = tracked.update(doc, [{ range, text: e.text }], doc.version + 1);
        ws.setOverlay(paths[target], doc.text);
        ws.diagnostics(paths[target]);
        if (round > 0) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (round > 0 && ws.setsOf(paths[target])[0].set !== set) rebuilt++;
      }
    }
    docs.set(target, doc);
    return `| ${what} | ${label} | ${median(times).toFixed(3)} | ${Math.max(...times).toFixed(2)} | ${rebuilt} of ${times.length} |`;
  });
}

function editKindRows(): string[] {
  const read = (f: string, i: number) => copyOf(fs.readFileSync(path.join(putty, f), 'latin1'), i);
  const set = (n: number) => Array.from({ length: n }, (_, i) => MANUAL.map((f) => ({ name: `c${i}-${path.basename(f)}`, text: read(f, i) }))).flat();
  // (The first copy's file: in the set, the copies follow one another.)
  const inSet = (f: string) => MANUAL.indexOf(f);
  const { big } = bigFile();
  const cases: [string, () => string[]][] = [
    ['the manual (22 files)', () => editKinds('the manual (22 files)', set(1), inSet)],
    ['the manual ×64 (1,408 files)', () => editKinds('the manual ×64 (1,408 files)', set(64), inSet)],
    [`one ${(big.length / 1e6).toFixed(1)} MB file`, () => editKinds(`one ${(big.length / 1e6).toFixed(1)} MB file (the manual ×22)`, [{ name: 'big.but', text: big }], () => 0)],
  ];
  // Once unmeasured first, so that the first case's figures are of code V8 has optimised.
  cases[0][1]();
  const rows = cases.map(([, run]) => run());
  return [
    'Edit kinds in errors.but, in process (document store, workspace, the set patched, the file\'s diagnostics; each typed and taken back five times, the first left out):',
    '',
    '| edit | set | median (ms) | slowest (ms) | set rebuilt |',
    '|---|---|---:|---:|---:|',
    ...EDIT_KINDS.flatMap((_, k) => rows.map((r) => r[k])),
  ];
}

/** One row of the memory table: the set analysed by memoryProbe.ts, in a fresh process. */
function memoryRow(n: number, files: string[], cwd: string, bytes: number): string {
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(root, 'out/scripts/memoryProbe.js'), cwd, ...files], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench: memoryProbe failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout) as { heap: number; rss: number; keywords: number };
  return `| PuTTY manual × ${n} | ${(bytes / 1e6).toFixed(1)} | ${(m.heap / 1e6).toFixed(1)} | ${(m.heap / bytes).toFixed(1)} | ${(m.rss / 1e6).toFixed(0)} | ${m.keywords} |`;
}

/** Warm parse throughput of the manual, in process. */
function warmParse(): string {
  const texts = MANUAL.map((f) => fs.readFileSync(path.join(putty, f), 'utf8'));
  for (let i = 0; i < 5; i++) for (const t of texts) parseFile(t);
  const t0 = process.hrtime.bigint();
  const reps = 20;
  for (let i = 0; i < reps; i++) for (const t of texts) parseFile(t);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / reps;
  const chars = texts.reduce((a, t) => a + t.length, 0);
  return `Warm parse of the manual in process: ${ms.toFixed(1)} ms for ${chars} characters (${((ms * 1e6) / chars).toFixed(0)} ns per character).`;
}

/** A workspace folder for the language server: the files and a halibut.json naming them in order. */
function lspCase(label: string, dir: string, files: string[], errorsFile: string, configFile: string): LspCase {
  fs.writeFileSync(path.join(dir, 'halibut.json'), JSON.stringify({ sets: [{ name: 'manual', files }] }));
  return { label, folder: dir, files: files.map((f) => path.join(dir, f)), errorsFile: path.join(dir, errorsFile), configFile: path.join(dir, configFile) };
}

async function lspRows(rows: string[]): Promise<void> {
  const cases: LspCase[] = [];
  const dirs: string[] = [];
  for (const n of (process.env.BENCH_LSP_N ?? '1,64').split(',').map(Number)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-lsp-${n}-`));
    dirs.push(dir);
    cases.push(lspCase(`PuTTY manual × ${n}`, dir, scaledCorpus(n, dir), 'c0-errors.but', 'c0-config.but'));
  }
  {
    // The whole manual as one file, in halibut's order (a file's end also ends a paragraph, hence the blank lines).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lsp-big-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'manual.but'), Buffer.concat(MANUAL.flatMap((f) => [fs.readFileSync(path.join(putty, f)), Buffer.from('\n\n')])));
    cases.push(lspCase('PuTTY manual as one file', dir, ['manual.but'], 'manual.but', 'manual.but'));
  }
  if (process.env.BENCH_LSP_BIG !== '0') {
    // The same, 12 MB: an edit must cost what it costs in the 600 KB file.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lsp-12mb-'));
    dirs.push(dir);
    const { big, copies } = bigFile();
    fs.writeFileSync(path.join(dir, 'big.but'), big, 'latin1');
    cases.push(lspCase(`PuTTY manual × ${copies} as one ${(big.length / 1e6).toFixed(1)} MB file`, dir, ['big.but'], 'big.but', 'big.but'));
  }
  rows.push('');
  rows.push('Language server over stdio (ms; 500 edits; pull = didChange then textDocument/diagnostic, every edit; push = didChange to publishDiagnostics, for the edits that change errors.but\'s diagnostics: a \\k{} broken or fixed in errors.but, a heading keyword in config.but; requests: median, on the settled text, and a hover right after every fifth edit of the pull run; cold start: median of 7 fresh servers and their range, of one at ×64):');
  rows.push('');
  rows.push('| workspace | cold start (range) | RSS MB | edit→diagnostics, pull: median / p99 | push, \\k{} edits: median / p99 | push, heading edits: median / p99 | hover | hover after an edit | definition | references | completion |');
  rows.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  try {
    for (const c of cases) {
      // Cold start is one spawn per run: the median of several, where a spawn is cheap.
      const bytes = c.files.reduce((a, f) => a + fs.statSync(f).size, 0);
      const r = await measure(c, 500, 200, c.files.length > 100 || bytes > 5e6 ? 1 : 7);
      const q = (m: string) => median(r.requests[`textDocument/${m}`]).toFixed(2);
      rows.push(
        `| ${c.label} | ${median(r.coldMs).toFixed(0)}${r.coldMs.length > 1 ? ` (${Math.min(...r.coldMs).toFixed(0)}–${Math.max(...r.coldMs).toFixed(0)})` : ''} | ${r.rssMb.toFixed(0)} | ${median(r.pull).toFixed(2)} / ${p99(r.pull).toFixed(2)} | ${median(r.push).toFixed(2)} / ${p99(r.push).toFixed(2)} | ${median(r.pushHeading).toFixed(1)} / ${p99(r.pushHeading).toFixed(1)} | ${q('hover')} | ${median(r.hoverAfterEdit).toFixed(2)} | ${q('definition')} | ${q('references')} | ${q('completion')} |`,
      );
      console.error(rows[rows.length - 1]);
    }
  } finally {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(putty)) {
    console.error('bench: ../shared/corpus is missing');
    process.exit(2);
  }
  const haveHalibut = spawnSync('halibut', ['--version']).status === 0;
  const bin = path.join(root, 'bin/halibut-lint.js');
  // Before the scaled sets: a heap just left by the ×64 analysis would slow it down.
  const warm = warmParse();
  const typing = keystrokes();
  const rows: string[] = [];
  rows.push(`# halibut-lint benchmark — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  rows.push('');
  rows.push(`| set | bytes | halibut-lint (ms, median) | halibut --text (ms, median) | ratio | Node's own start, \`node -e 0\` (ms, median) |`);
  rows.push('|---|---:|---:|---:|---:|---:|');
  // Node 20 reads the file NODE_EXTRA_CA_CERTS names, and parses every certificate in it, as it
  // starts, before any of our code runs (tens of milliseconds for a system bundle). Where it is
  // set, the ×1 lint is also timed without it, as Node starts on a machine that has no such setting.
  const caCerts = process.env.NODE_EXTRA_CA_CERTS;
  const withoutCaCerts = { ...process.env };
  delete withoutCaCerts.NODE_EXTRA_CA_CERTS;
  const notes: string[] = [];
  const memory: string[] = [];
  for (const n of (process.env.BENCH_N ?? '1,8,64').split(',').map(Number)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${n}-`));
    try {
      const files = n === 1 ? MANUAL : scaledCorpus(n, dir);
      const cwd = n === 1 ? putty : dir;
      const bytes = files.reduce((a, f) => a + fs.statSync(path.join(cwd, f)).size, 0);
      const ours: number[] = [];
      const theirs: number[] = [];
      const nodeStart: number[] = [];
      const oursBare: number[] = [];
      const nodeStartBare: number[] = [];
      const bare = caCerts !== undefined && n === 1;
      const runs = n >= 64 ? Math.min(RUNS, 3) : RUNS;
      for (let r = 0; r < runs; r++) {
        ours.push(time(process.execPath, [bin, ...files], cwd));
        if (haveHalibut) theirs.push(time('halibut', ['--text=/dev/null', ...files], cwd));
        nodeStart.push(time(process.execPath, ['-e', '0'], cwd));
        if (bare) {
          oursBare.push(time(process.execPath, [bin, ...files], cwd, withoutCaCerts));
          nodeStartBare.push(time(process.execPath, ['-e', '0'], cwd, withoutCaCerts));
        }
      }
      const a = median(ours);
      const b = haveHalibut ? median(theirs) : NaN;
      const ratio = (x: number) => (haveHalibut ? (x / b).toFixed(2) : 'n/a');
      rows.push(`| PuTTY manual × ${n} (${files.length} files) | ${bytes} | ${a.toFixed(0)} | ${haveHalibut ? b.toFixed(0) : 'n/a'} | ${ratio(a)} | ${median(nodeStart).toFixed(0)} |`);
      if (bare) {
        notes.push(
          `NODE_EXTRA_CA_CERTS is set (${caCerts}): Node reads it as it starts. Without it, in the same alternation: halibut-lint ${median(oursBare).toFixed(0)} ms, ratio ${ratio(median(oursBare))}; Node's own start ${median(nodeStartBare).toFixed(0)} ms.`,
        );
      }
      memory.push(memoryRow(n, files, cwd, bytes));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (notes.length) rows.push('', ...notes);
  rows.push('', 'Memory after analysing each set, in a process of its own (heap the analysis holds, after collecting garbage; RSS then):', '', '| set | source MB | heap MB | bytes of heap per byte | RSS MB | keywords |', '|---|---:|---:|---:|---:|---:|', ...memory, '');
  rows.push(warm);
  rows.push('');
  rows.push(typing);
  rows.push('');
  // After the memory measurement: the ×64 workspace these build would be in its heap.
  rows.push(...editKindRows());
  if (process.env.BENCH_LSP !== '0') await lspRows(rows);
  console.log(rows.join('\n'));
}

void main();
