/**
 * Comparing our diagnostics with halibut's on the same document set.
 *
 * Halibut stops after its first failing phase, so on a set with syntax errors
 * it prints a subset of ours; the comparison then also runs halibut on a copy
 * with the offending paragraphs blanked out (line numbers kept), where both
 * must agree exactly.
 */

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyse, readSources } from '../../server/src/node/loadSet';

export const haveHalibut = spawnSync('halibut', ['--version']).status === 0;

export interface Message {
  file: string;
  line: number;
  /** Halibut's wording ("warning: " kept for warnings), without our additions. */
  text: string;
}

export const key = (m: Message) => `${m.file}:${m.line}: ${m.text}`;

/** Messages halibut reports while reading input; after one, it checks nothing else. */
const PARSE_PHASE = [
  /^every line of a code paragraph/, /^expected /, /^command `/, /^brace character/, /^end of file unexpected/,
  /^unable to nest/, /^unclosed braces/, /^macro `.*' already defined/, /^\\lcont is only/, /^section headings are not/,
  /^character set `/, /^the Unicode zero character/,
];
/** Halibut stops after numbering when a heading skips a level. */
const STOPS_AFTER_NUMBERING = /^expected higher heading levels/;

export const isParsePhase = (m: Message) => PARSE_PHASE.some((r) => r.test(m.text)) && !STOPS_AFTER_NUMBERING.test(m.text);

/** Run halibut on files (paths relative to cwd); its messages, each once, without the text back end's own warnings. */
export function runHalibut(files: string[], cwd: string): Message[] {
  const r = spawnSync('halibut', ['--text=/dev/null', ...files], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const out = new Map<string, Message>();
  for (const line of r.stderr.split('\n')) {
    const m = /^(.*?):(\d+): (.*)$/.exec(line);
    // Not input errors: the text back end's width warnings, and halibut's own assertion
    // failure on a set with no paragraphs at all (it means to say `no data in input files').
    if (!m || m[3].includes('code paragraph line is') || m[1].startsWith('halibut: ')) continue;
    const msg = { file: m[1], line: Number(m[2]), text: m[3] };
    out.set(key(msg), msg);
  }
  return [...out.values()];
}

/** Our messages for the same set, in the same terms. */
export function runOurs(files: string[], cwd: string): Message[] {
  const abs = files.map((f) => path.resolve(cwd, f));
  const names = new Map(abs.map((a, i) => [a, files[i]]));
  const { sources } = readSources({ name: 'oracle', files: abs.map((p) => ({ path: p, generated: false })) }, (a) => names.get(a) ?? a);
  const set = analyse(sources);
  const out: Message[] = [];
  set.files.forEach((f, i) => {
    for (const d of set.fileDiagnostics(i)) {
      const text = (d.severity === 'warning' ? 'warning: ' : '') + d.message.replace(/; did you mean .*$/, '');
      out.push({ file: f.source.name, line: f.lines.halibutLine(d.span.start), text });
    }
  });
  return out;
}

/** Copy the set into a temp dir, blanking the paragraphs (runs of non-blank lines) around the given lines. */
function blankOut(files: string[], cwd: string, dir: string, lines: Message[]): void {
  for (const f of files) {
    const dest = path.join(dir, f);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    const src = fs.existsSync(dest) ? dest : path.resolve(cwd, f);
    const text = fs.readFileSync(src, 'latin1').split('\n');
    for (const m of lines.filter((x) => x.file === f)) {
      let a = m.line - 1;
      let b = m.line - 1;
      while (a > 0 && text[a - 1].trim() !== '') a--;
      while (b + 1 < text.length && text[b + 1].trim() !== '') b++;
      for (let i = a; i <= b && i < text.length; i++) text[i] = '';
    }
    fs.writeFileSync(dest, text.join('\n'), 'latin1');
  }
}

export interface Comparison {
  /** Halibut's messages we did not report. */
  missing: Message[];
  /** Messages we reported where halibut, on a comparable input, reported nothing. */
  extra: Message[];
  halibutCount: number;
  cleanedRuns: number;
}

/** Compare on one set: every halibut message must be ours; where halibut stopped early, compare on a cleaned copy too. */
export function compare(files: string[], cwd: string): Comparison {
  const theirs = runHalibut(files, cwd);
  const ours = runOurs(files, cwd);
  const ourKeys = new Set(ours.map(key));
  const missing = theirs.filter((m) => !ourKeys.has(key(m)));
  let extra: Message[] = [];
  let cleanedRuns = 0;
  const stoppedEarly = theirs.some((m) => isParsePhase(m) || STOPS_AFTER_NUMBERING.test(m.text));
  if (theirs.length === 0) {
    extra = ours;
  } else if (!stoppedEarly) {
    const theirKeys = new Set(theirs.map(key));
    extra = ours.filter((m) => !theirKeys.has(key(m)));
  } else {
    // Our parse-phase messages must all be halibut's (it reports every one of them before stopping).
    const theirKeys = new Set(theirs.map(key));
    extra = ours.filter((m) => isParsePhase(m) && !theirKeys.has(key(m)));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oracle-'));
    try {
      let syntax = theirs.filter((m) => isParsePhase(m) || STOPS_AFTER_NUMBERING.test(m.text));
      let cleaned = theirs;
      for (let round = 0; round < 8 && syntax.length; round++) {
        blankOut(files, cwd, dir, syntax);
        cleanedRuns++;
        cleaned = runHalibut(files, dir);
        syntax = cleaned.filter((m) => isParsePhase(m) || STOPS_AFTER_NUMBERING.test(m.text));
      }
      if (syntax.length === 0) {
        const oursCleaned = runOurs(files, dir);
        const a = new Set(cleaned.map(key));
        const b = new Set(oursCleaned.map(key));
        missing.push(...cleaned.filter((m) => !b.has(key(m))));
        extra.push(...oursCleaned.filter((m) => !a.has(key(m))));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return { missing, extra, halibutCount: theirs.length, cleanedRuns };
}
