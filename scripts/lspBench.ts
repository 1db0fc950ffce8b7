/**
 * The language server's latencies, through the real server process over
 * stdio (part of npm run bench): cold start to every file's diagnostics,
 * didChange → diagnostics over 500 realistic edits in errors.but, and the
 * latency of hover, definition, references and completion.
 *
 * Edits are timed two ways. Pull (a client that asks textDocument/diagnostic
 * right after each didChange, as VS Code does): every edit counts. Push (a
 * client that waits for publishDiagnostics): only edits that change
 * errors.but's diagnostics produce a notification to wait for, so only
 * those count: breaking and fixing a \k{} in errors.but, and (apart, as it
 * changes what other files resolve to) a heading keyword in config.but.
 */

import * as fs from 'fs';
import { URI } from 'vscode-uri';
import { Text } from '../server/src/core/text';
import { Raw } from '../test/support/rawServer';

export interface LspCase {
  label: string;
  /** The workspace folder, holding a halibut.json for the set. */
  folder: string;
  /** Every file of the set (cold start waits for each one's diagnostics). */
  files: string[];
  /** The file holding the errors chapter, and where the chapter starts in it. */
  errorsFile: string;
  /** The file holding \S{config-ssh-kex-rekey}. */
  configFile: string;
}

export interface LspResult {
  /** Cold starts, one per fresh server (one spawn varies by a fifth on this machine). */
  coldMs: number[];
  rssMb: number;
  pull: number[];
  /** Push latencies of the \k{} edits in errors.but, and of the heading edits in config.but. */
  push: number[];
  pushHeading: number[];
  requests: Record<string, number[]>;
  /** Hover on a reference right after an edit (the requests above ask of a settled text). */
  hoverAfterEdit: number[];
}

const KEY = 'config-ssh-kex-rekey';
const now = () => Number(process.hrtime.bigint()) / 1e6;

interface Edit {
  file: string;
  start: number;
  end: number;
  text: string;
  /** For push timing: what errors.but's diagnostics must show once the edit is seen. */
  expect?: { brokenKey?: string; heading?: boolean };
}

/**
 * An open document as the bench's client keeps it: chunks, as an editor's piece table does.
 * A string of the whole text made again at every edit (as TextDocument makes it) cost the
 * client's process more than the server's work in the 13 MB file, and its collections ran
 * while the server's answers were timed.
 */
class Mirror {
  constructor(
    readonly uri: string,
    public text: Text,
    public version: number,
  ) {}
  positionAt(offset: number): { line: number; character: number } {
    const { line, start } = this.text.lineAt(offset);
    return { line, character: offset - start };
  }
}

/** The first place of `needle` at or after `from`, read a window at a time (not the whole text as one string). */
function indexIn(text: Text, needle: string, from = 0): number {
  const W = 1 << 18;
  for (let at = from; at < text.length; at += W) {
    const i = text.slice(at, at + W + needle.length).indexOf(needle);
    if (i >= 0) return at + i;
  }
  return -1;
}

/**
 * The places after `from` where `re` matches, at least `need` of them where the text has as
 * many: read from a window that grows until it holds them (the rest of a 13 MB file is not
 * made into one string for every edit).
 */
function placesAfter(text: Text, from: number, re: RegExp, need: number): RegExpMatchArray[] {
  for (let w = 1 << 16; ; w *= 2) {
    // Matches near the window's end may be cut off there: those past w - 256 are not counted.
    const found = [...text.slice(from, from + w).matchAll(re)].filter((m) => from + w >= text.length || (m.index ?? 0) < w - 256);
    if (found.length > need || from + w >= text.length) return found;
  }
}

/** The mirrors of the open documents, so edits can be given as offsets. */
class Docs {
  private readonly docs = new Map<string, Mirror>();
  constructor(private readonly raw: Raw) {}
  open(file: string): Mirror {
    const content = fs.readFileSync(file, 'latin1');
    const doc = new Mirror(URI.file(file).toString(), Text.of(content), 1);
    this.docs.set(file, doc);
    this.raw.notify('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId: 'halibut', version: 1, text: content } });
    return doc;
  }
  get(file: string): Mirror {
    return this.docs.get(file)!;
  }
  /** Apply an edit to the mirror (off the clock) and return the sending of its didChange. */
  prepare(e: Edit): () => void {
    const doc = this.get(e.file);
    const range = { start: doc.positionAt(e.start), end: doc.positionAt(e.end) };
    doc.text = doc.text.edit(e.start, e.end, e.text);
    const version = ++doc.version;
    return () => this.raw.notify('textDocument/didChange', { textDocument: { uri: doc.uri, version }, contentChanges: [{ range, text: e.text }] });
  }
}

/** One cycle of what an author does in the errors chapter, as edits against the current text. */
function* editCycles(docs: Docs, c: LspCase): Generator<Edit> {
  const errors = () => docs.get(c.errorsFile).text;
  // Where the chapter starts: every edit of a cycle before it (the heading's) is undone in the cycle.
  const chapter = indexIn(errors(), '\\C{errors}');
  for (let cycle = 0; ; cycle++) {
    // Typing a word at the end of a prose line, one character at a time.
    {
      const lines = placesAfter(errors(), chapter, /[a-z.]\n(?=[a-z])/g, cycle * 7).map((m) => chapter + (m.index ?? 0) + 1);
      let at = lines[(cycle * 7) % lines.length];
      for (const ch of ' quick') {
        yield { file: c.errorsFile, start: at, end: at, text: ch };
        at++;
      }
    }
    // Breaking a \k{} and fixing it.
    {
      const refs = placesAfter(errors(), chapter, /\\k\{([a-z0-9-]+)\}/g, cycle * 5);
      const m = refs[(cycle * 5) % refs.length];
      const at = chapter + (m.index ?? 0) + 3;
      yield { file: c.errorsFile, start: at, end: at, text: 'x', expect: { brokenKey: 'x' + m[1] } };
      yield { file: c.errorsFile, start: at, end: at + 1, text: '', expect: {} };
    }
    // Pasting a paragraph after a blank line, and taking it out again.
    {
      const blanks = placesAfter(errors(), chapter, /\n\n(?=[A-Z])/g, cycle * 3).map((m) => chapter + (m.index ?? 0) + 2);
      const at = blanks[(cycle * 3) % blanks.length];
      const para = `A new paragraph about key exchange; see \\k{${KEY}}.\n\n`;
      yield { file: c.errorsFile, start: at, end: at, text: para };
      yield { file: c.errorsFile, start: at, end: at + para.length, text: '' };
    }
    // Editing the heading keyword in config.but that errors.but refers to, and putting it back.
    {
      const at = indexIn(docs.get(c.configFile).text, `\\S{${KEY}}`) + 3;
      yield { file: c.configFile, start: at, end: at, text: 'y', expect: { brokenKey: KEY, heading: true } };
      yield { file: c.configFile, start: at, end: at + 1, text: '', expect: { heading: true } };
    }
  }
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))];
}
export const median = (xs: number[]) => percentile(xs, 50);
export const p99 = (xs: number[]) => percentile(xs, 99);

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function start(c: LspCase, pull: boolean): Promise<{ raw: Raw; docs: Docs; coldMs: number }> {
  const t0 = now();
  const raw = new Raw('null', c.folder);
  const uris = new Set(c.files.map((f) => URI.file(f).toString()));
  const seen = new Set<string>();
  const allPublished = pull
    ? Promise.resolve()
    : raw.next('textDocument/publishDiagnostics', (p: { uri: string }) => {
        seen.add(p.uri);
        return [...uris].every((u) => seen.has(u));
      }, 600000);
  // Completion as VS Code asks for it (defaults for the list's items, details resolved when shown).
  const completion = {
    completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
    completionItem: { resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] } },
  };
  await raw.initialize(c.folder, { textDocument: { completion, ...(pull ? { diagnostic: { dynamicRegistration: false } } : {}) } });
  const docs = new Docs(raw);
  docs.open(c.errorsFile);
  if (c.configFile !== c.errorsFile) docs.open(c.configFile);
  await allPublished;
  if (pull) await raw.request('textDocument/diagnostic', { textDocument: { uri: docs.get(c.errorsFile).uri } });
  return { raw, docs, coldMs: now() - t0 };
}

async function stop(raw: Raw): Promise<void> {
  await raw.request('shutdown', null);
  raw.notify('exit', null);
  await raw.exited;
}

export async function measure(c: LspCase, edits = 500, requests = 200, coldStarts = 1): Promise<LspResult> {
  const cold: number[] = [];
  for (let i = 1; i < coldStarts; i++) {
    const s = await start(c, false);
    cold.push(s.coldMs);
    await stop(s.raw);
  }
  // Push: cold start, memory, and the edits that change errors.but's diagnostics.
  const push: number[] = [];
  const pushHeading: number[] = [];
  const a = await start(c, false);
  const rss = rssMb(a.raw.proc.pid!);
  {
    const errorsUri = a.docs.get(c.errorsFile).uri;
    const it = editCycles(a.docs, c);
    for (let i = 0; i < edits; i++) {
      const e = it.next().value as Edit;
      const want = e.expect;
      const seen = want
        ? a.raw.next('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: { message: string }[] }) =>
            p.uri === errorsUri && (want.brokenKey ? p.diagnostics.some((d) => d.message.includes(`\`${want.brokenKey}'`)) : p.diagnostics.length === 0),
          )
        : undefined;
      const send = a.docs.prepare(e);
      const t = now();
      send();
      if (seen) {
        await seen;
        (want?.heading ? pushHeading : push).push(now() - t);
      } else {
        // No notification to wait for: leave the gap a typist leaves between keys (15 ms is
        // fast typing), so that the next timed edit is not queued behind this one's work.
        await new Promise((r) => setTimeout(r, 15));
      }
    }
  }
  await stop(a.raw);

  // Pull: every edit, then feature requests on the settled text.
  const pull: number[] = [];
  const hoverAfterEdit: number[] = [];
  const b = await start(c, true);
  const errors = b.docs.get(c.errorsFile);
  const keyAt = () => errors.positionAt(indexIn(errors.text, `\\k{${KEY}}`) + 6);
  const it = editCycles(b.docs, c);
  for (let i = 0; i < edits; i++) {
    // The edit is made up before the clock starts: finding where it goes is the bench's work.
    const e = it.next().value as Edit;
    const send = b.docs.prepare(e);
    const t = now();
    send();
    await b.raw.request('textDocument/diagnostic', { textDocument: { uri: errors.uri } });
    pull.push(now() - t);
    // A hover on a reference after every fifth edit: the first question asked of the edited text.
    if (i % 5 === 4) {
      const position = keyAt();
      const h = now();
      await b.raw.request('textDocument/hover', { textDocument: { uri: errors.uri }, position });
      hoverAfterEdit.push(now() - h);
    }
  }
  const at = keyAt();
  const times: Record<string, number[]> = {};
  const params: Record<string, object> = {
    'textDocument/hover': { textDocument: { uri: errors.uri }, position: at },
    'textDocument/definition': { textDocument: { uri: errors.uri }, position: at },
    'textDocument/references': { textDocument: { uri: errors.uri }, position: at, context: { includeDeclaration: true } },
    'textDocument/completion': { textDocument: { uri: errors.uri }, position: at },
  };
  for (const [method, p] of Object.entries(params)) {
    times[method] = [];
    for (let i = 0; i < requests; i++) {
      const t = now();
      await b.raw.request(method, p);
      times[method].push(now() - t);
    }
  }
  await stop(b.raw);
  return { coldMs: [...cold, a.coldMs], rssMb: rss, pull, push, pushHeading, requests: times, hoverAfterEdit };
}
