/**
 * The workspace index: every document set of every folder, kept up to date as
 * buffers are edited and files change on disk. Knows nothing of LSP; the host
 * supplies file access, so tests and the CLI can drive it too.
 *
 * Each file is parsed once per distinct macro environment: a parse records
 * the macro names it looked up in earlier files, and is reused as long as
 * those still expand to the same text. An edit reparses only the paragraphs
 * it touches (reparse.ts) and, where it cannot reach other files, is patched
 * into its sets (DocumentSet.update) instead of re-analysing them.
 *
 * So the sets handed out are live, not snapshots: after an edit, a set is
 * either updated in place or dropped, and a dropped set's parses may have
 * been taken over by the new ones. Look things up afresh after each edit
 * (every feature does, per request) rather than holding objects across edits.
 */

import * as path from 'path';
import { BUILD_FILE_NAMES, projectFromBuildFile } from './buildfiles';
import { DocumentSet, SourceFile } from './docset';
import { asText, LineIndex } from './lines';
import { MacroLookup, parseFile } from './parser';
import { isConsumed, reparse } from './reparse';
import { defaultProject, parseProject, Project, PROJECT_FILE_NAME, SetSpec } from './project';
import { Diagnostic, ParsedFile } from './syntax';
import { SourceText, Text } from './text';

export interface WorkspaceHost {
  /** A file's text from disk, or undefined when it cannot be read. */
  readFile(file: string): string | undefined;
  /** Entries of a folder (names), split into files and sub-folders. */
  listDir(folder: string): { files: string[]; dirs: string[] };
  /** A file's size in bytes, when it can be known without reading it (to skip files over the limit). */
  fileSize?(file: string): number | undefined;
  /** Where an internal error the workspace recovered from is told (the server's log). */
  log?(message: string): void;
}

export interface SetEntry {
  project: Project;
  spec: SetSpec;
  set: DocumentSet;
  /** Bumped each time the set is re-analysed. */
  version: number;
}

export interface WorkspaceLimits {
  /** Files larger than this are not indexed (a diagnostic says so). */
  maxFileBytes: number;
  /** At most this many .but files per folder tree. */
  maxFiles: number;
}

export const DEFAULT_LIMITS: WorkspaceLimits = { maxFileBytes: 64 * 1024 * 1024, maxFiles: 20000 };

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist']);

interface CachedParse {
  text: SourceText;
  parsed: ParsedFile;
}

export class Workspace {
  private folders: string[] = [];
  private explicitProjects: string[] = [];
  private readonly overlays = new Map<string, Text>();
  private readonly diskCache = new Map<string, Text | undefined>();
  private readonly parses = new Map<string, CachedParse[]>();
  /** Each file's line index, with the text it indexes as given (a generated file's stub is a string). */
  private readonly lineIndexes = new Map<string, { of: SourceText; lines: LineIndex }>();
  private projects: Project[] = [];
  private specs: { project: Project; spec: SetSpec }[] = [];
  private entries: (SetEntry | undefined)[] = [];
  /** Files whose diagnostics may have changed since takeTouched() was last called. */
  private readonly touched = new Set<string>();
  /** Whether a set was rebuilt, or patched in a way that changes what references elsewhere show, since takeRecited(). */
  private recited = false;
  /** Files edited since each set was analysed: tried as a patch before a rebuild. */
  private pending: (Set<string> | undefined)[] = [];
  private looseEntries = new Map<string, SetEntry>();
  /** Fragments (see isFragment). */
  private fragments = new Set<string>();
  private structureDirty = true;
  private version = 0;
  /** Limits hit (too many files, files too large), each said once. */
  private readonly noticed = new Map<string, { file?: string; message: string }>();
  /** Files not indexed because they are over the size limit, with their size. */
  private readonly tooLarge = new Map<string, number>();

  constructor(private readonly host: WorkspaceHost, readonly limits: WorkspaceLimits = DEFAULT_LIMITS) {}

  setFolders(folders: readonly string[]): void {
    this.folders = folders.map((f) => path.resolve(f));
    this.structureDirty = true;
  }

  /** Project files named in settings, used in addition to (and before) those found in folders. */
  setExplicitProjects(files: readonly string[]): void {
    this.explicitProjects = files.map((f) => path.resolve(f));
    this.structureDirty = true;
  }

  /**
   * An open buffer's text (undefined: closed, read the disk again). An editor's document
   * store passes its Text, made from the one before by the edit: nothing then reads the
   * whole of it to find what changed.
   */
  setOverlay(file: string, text: string | Text | undefined): void {
    file = path.resolve(file);
    const now = this.overlays.get(file);
    if (text === undefined) {
      this.overlays.delete(file);
      // What was read from the disk before the file was opened may be stale: a save while it
      // was open changed it, and that change on disk was not taken (the buffer was what counted).
      this.diskCache.delete(file);
    } else if (now === text || (typeof text === 'string' && now?.length === text.length && now.toString() === text)) return;
    else this.overlays.set(file, typeof text === 'string' ? Text.of(text) : text);
    // (Not before the text is known to differ: the same text is as far over the limit as it was.)
    this.tooLarge.delete(file);
    this.invalidate(file);
  }

  /** A file changed, appeared or vanished on disk. */
  fileChanged(file: string): void {
    file = path.resolve(file);
    this.diskCache.delete(file);
    this.tooLarge.delete(file);
    const base = path.basename(file);
    if (base === PROJECT_FILE_NAME || BUILD_FILE_NAMES.includes(base) || file.endsWith('.but') || this.explicitProjects.includes(file)) this.structureDirty = true;
    this.invalidate(file);
  }

  private invalidate(file: string): void {
    this.entries.forEach((e, i) => {
      if (e && this.specs[i].spec.files.some((f) => f.path === file)) (this.pending[i] ??= new Set()).add(file);
    });
    this.looseEntries.delete(file);
    if (!this.overlays.has(file) && !this.specs.some((s) => s.spec.files.some((f) => f.path === file))) this.structureDirty = true;
  }

  /** A file's text, as a string (joined if the file is open and edited). */
  text(file: string): string | undefined {
    return this.content(file)?.toString();
  }

  /** A file's text: an open buffer's, else the disk's (undefined: unreadable, or over the size limit). */
  content(file: string): Text | undefined {
    file = path.resolve(file);
    const o = this.overlays.get(file);
    if (o !== undefined) return o;
    if (!this.diskCache.has(file)) {
      const size = this.host.fileSize?.(file);
      // A file over the limit is never read: its size is all we keep.
      if (size !== undefined && size > this.limits.maxFileBytes) {
        this.overLimit(file, size);
        this.diskCache.set(file, undefined);
      } else {
        this.tooLarge.delete(file);
        const text = this.host.readFile(file);
        this.diskCache.set(file, text === undefined ? undefined : Text.of(text));
      }
    }
    return this.diskCache.get(file);
  }

  private overLimit(file: string, size: number): void {
    this.tooLarge.set(file, size);
    this.notice(`${file} is ${size} bytes, over the ${this.limits.maxFileBytes}-byte limit: it is not indexed`, file);
  }

  private notice(message: string, file?: string): void {
    if (!this.noticed.has(message)) this.noticed.set(message, { file, message });
  }

  /** Limits hit so far (too many files, files too large), each once. */
  get notices(): { file?: string; message: string }[] {
    return [...this.noticed.values()];
  }

  /** The size of a file left out for being over the size limit, else undefined. */
  oversized(file: string): number | undefined {
    return this.tooLarge.get(path.resolve(file));
  }

  getProjects(): readonly Project[] {
    this.ensureStructure();
    return this.projects;
  }

  private ensureStructure(): void {
    if (!this.structureDirty) return;
    this.structureDirty = false;
    const projects: Project[] = [];
    const covered = new Set<string>();
    const addProject = (file: string) => {
      const text = this.text(file);
      if (text === undefined) {
        projects.push({ file, root: path.dirname(file), sets: [], problems: [{ message: `cannot read project file ${file}` }] });
        return;
      }
      const p = parseProject(file, text);
      projects.push(p);
      for (const s of p.sets) for (const f of s.files) covered.add(f.path);
    };
    for (const file of this.explicitProjects) addProject(file);
    const butFolders: { folder: string; files: string[] }[] = [];
    let count = 0;
    for (const root of this.folders) {
      const queue = [root];
      while (queue.length) {
        const dir = queue.shift()!;
        const { files, dirs } = this.host.listDir(dir);
        if (files.includes(PROJECT_FILE_NAME)) {
          const pf = path.join(dir, PROJECT_FILE_NAME);
          if (!this.explicitProjects.includes(pf)) addProject(pf);
        } else {
          // Without a project file, a build file that runs halibut says what the sets are.
          const bf = BUILD_FILE_NAMES.find((n) => files.includes(n));
          const text = bf && this.text(path.join(dir, bf));
          const p = bf && text ? projectFromBuildFile(path.join(dir, bf), text, (f) => this.content(f) !== undefined) : undefined;
          if (p) {
            projects.push(p);
            for (const st of p.sets) for (const f of st.files) covered.add(f.path);
          }
        }
        const buts = files.filter((f) => f.endsWith('.but'));
        if (count + buts.length > this.limits.maxFiles) {
          this.notice(`more than ${this.limits.maxFiles} .but files under ${root}: only the first ${this.limits.maxFiles} are indexed`);
          buts.length = Math.max(0, this.limits.maxFiles - count);
        }
        count += buts.length;
        if (buts.length) butFolders.push({ folder: dir, files: buts });
        for (const d of dirs) if (!SKIP_DIRS.has(d) && !d.startsWith('.')) queue.push(path.join(dir, d));
      }
    }
    // Folders with .but files that no project mentions form a default set each.
    const fragments = new Set<string>();
    for (const { folder, files } of butFolders) {
      const loose = files.filter((f) => !covered.has(path.join(folder, f)));
      if (loose.length === 0) continue;
      if (loose.length < files.length) {
        // Part of the folder is in a project: its other files are fragments (like PuTTY's chmextra.but).
        for (const f of loose) {
          const fragment = defaultProject(folder, [f]);
          projects.push(fragment);
          // (No other set names it: it is a fragment because none does.)
          fragments.add(fragment.sets[0].files[0].path);
        }
      } else projects.push(defaultProject(folder, files));
    }
    this.projects = projects;
    this.fragments = fragments;
    for (const p of projects) if (p.file) this.touched.add(p.file);
    this.specs = projects.flatMap((project) => project.sets.map((spec) => ({ project, spec })));
    this.entries = this.specs.map(() => undefined);
    this.pending = [];
    this.looseEntries.clear();
  }

  /**
   * The line index of a file's current text (undefined when it cannot be read). Kept per
   * file, so that an edit to one file does not re-index the lines of the others.
   */
  lines(file: string): LineIndex | undefined {
    const text = this.content(file);
    return text === undefined ? undefined : this.linesFor(path.resolve(file), text);
  }

  private linesFor(file: string, text: SourceText): LineIndex {
    const known = this.lineIndexes.get(file);
    if (known?.of === text) return known.lines;
    const lines = new LineIndex(asText(text));
    this.lineIndexes.set(file, { of: text, lines });
    return lines;
  }

  /**
   * Parse a file for a macro environment, reusing an earlier parse when it cannot differ,
   * and reparsing only what an edit touched when an earlier text was parsed in the same
   * environment.
   */
  private parse(source: SourceFile, macros: MacroLookup): ParsedFile {
    const cached = this.parses.get(source.id) ?? [];
    const sameMacros = (c: CachedParse) => {
      for (const [name, body] of c.parsed.externalLookups) if (macros(name) !== body) return false;
      return true;
    };
    const same = cached.find((c) => c.text === source.text && sameMacros(c));
    if (same) return same.parsed;
    const full = (text: SourceText) => parseFile(text, macros);
    const earlier = [...cached].reverse().find(sameMacros);
    const parsed = earlier ? reparse(earlier.parsed, source.text, macros, full) : full(source.text);
    // Keep a few environments per file (a file in several sets may see different macros).
    const kept = cached.filter((c) => c.text === source.text).slice(-3);
    kept.push({ text: source.text, parsed });
    this.parses.set(source.id, kept);
    return parsed;
  }

  private build(spec: SetSpec, project: Project): SetEntry {
    const sources: SourceFile[] = [];
    for (const f of spec.files) {
      let text: SourceText | undefined = this.content(f.path);
      if (text === undefined && f.generated) text = f.stub ?? '';
      if (text === undefined) continue;
      if (text.length > this.limits.maxFileBytes) {
        this.overLimit(f.path, text.length);
        continue;
      }
      sources.push({ id: f.path, name: this.displayName(f.path, project), text });
    }
    const set = new DocumentSet(sources, { parse: (s, m) => this.parse(s, m), lines: (s) => this.linesFor(s.id, s.text) });
    this.recited = true;
    for (const f of spec.files) this.touched.add(f.path);
    if (project.file) this.touched.add(project.file);
    return { project, spec, set, version: ++this.version };
  }

  private displayName(file: string, project: Project): string {
    const base = this.folders.find((f) => file.startsWith(f + path.sep)) ?? project.root;
    return path.relative(base, file) || path.basename(file);
  }

  /** Set i, up to date: edits patched in where they cannot reach other files, else rebuilt. */
  private entry(i: number): SetEntry {
    let e = this.entries[i];
    const changed = this.pending[i];
    this.pending[i] = undefined;
    if (e && changed && !this.patchOrDrop(e, changed)) e = undefined;
    return (this.entries[i] = e ?? this.build(this.specs[i].spec, this.specs[i].project));
  }

  /**
   * Whether the edits were patched in. An error on the way (a bug: the incremental path failed
   * where the fresh one would not) leaves the set perhaps half patched, and the parses of the
   * edited files perhaps half made: both are dropped, and the set analysed afresh.
   */
  private patchOrDrop(e: SetEntry, changed: Set<string>): boolean {
    try {
      return this.patch(e, changed);
    } catch (err) {
      for (const file of changed) this.parses.delete(file);
      this.host.log?.(`halibut: an edit could not be patched in, so the set is analysed afresh: ${(err as Error)?.stack ?? err}`);
      return false;
    }
  }

  private patch(e: SetEntry, changed: Set<string>): boolean {
    const touched = new Set<string>();
    const citations = e.set.citationsRevision;
    for (const file of changed) {
      const fi = e.set.fileIndexOf(file);
      const text = this.content(file);
      if (fi < 0 || text === undefined || text.length > this.limits.maxFileBytes) return false;
      const source = e.set.files[fi].source;
      // The same text, or a copy of it made whole (a file opened as it is on disk, read again
      // unchanged): nothing to analyse again, and later edits of the copy are found from the
      // text the set read (a 13 MB file's set was built again, 200 ms, as an editor opened it).
      // (Unless another set's reparse of the file took over this set's parse.)
      if ((source.text === text || (source.text instanceof Text && text.isCopyOf(source.text))) && !isConsumed(e.set.files[fi].parsed)) continue;
      const files = e.set.update(fi, { ...source, text });
      if (!files) return false;
      for (const i of files) touched.add(e.set.files[i].source.id);
    }
    e.version = ++this.version;
    if (e.set.citationsRevision !== citations) this.recited = true;
    // A patch changes the diagnostics of the files it says, no others (DocumentSet.update).
    for (const file of touched) this.touched.add(file);
    return true;
  }

  /**
   * The files whose diagnostics may have changed since the last call (every file of a set
   * that was rebuilt, only the edited file of one that was patched, project files whose
   * problems may have changed), after bringing every set up to date.
   */
  takeTouched(): string[] {
    this.allSets();
    const out = [...this.touched];
    this.touched.clear();
    return out;
  }

  /**
   * Whether, since the last call, a set was built or rebuilt, or an edit was patched in that
   * may change what a reference in another file shows (DocumentSet.citationsRevision), after
   * bringing every set up to date.
   */
  takeRecited(): boolean {
    this.allSets();
    const out = this.recited;
    this.recited = false;
    return out;
  }

  /** Every set, analysed (re-analysing only those whose files changed). */
  /**
   * Makes ready, while nothing waits, what the first broken reference would otherwise make:
   * each set's did-you-mean table (tens of milliseconds for ten thousand keywords).
   */
  prepare(): void {
    for (const e of this.allSets()) e.set.keywords.suggester();
  }

  allSets(): SetEntry[] {
    this.ensureStructure();
    return this.specs.map((_, i) => this.entry(i));
  }

  /** The sets a file belongs to; a file in none (opened from elsewhere) forms a set of its own. */
  setsOf(file: string): SetEntry[] {
    file = path.resolve(file);
    this.ensureStructure();
    const out: SetEntry[] = [];
    this.specs.forEach((s, i) => {
      if (s.spec.files.some((f) => f.path === file)) out.push(this.entry(i));
    });
    if (out.length === 0 && this.content(file) !== undefined) {
      let loose = this.looseEntries.get(file);
      if (!loose) {
        const project = defaultProject(path.dirname(file), [path.basename(file)]);
        loose = this.build(project.sets[0], project);
        this.looseEntries.set(file, loose);
      }
      out.push(loose);
    }
    return out;
  }

  /** The file's diagnostics over all its sets, each once. */
  diagnostics(file: string): Diagnostic[] {
    file = path.resolve(file);
    const sets = this.setsOf(file);
    const size = this.tooLarge.get(file);
    if (size !== undefined) {
      return [{ span: { start: 0, end: 0 }, severity: 'warning', code: 'file-too-large', message: `this file is ${size} bytes, over the ${this.limits.maxFileBytes}-byte limit: it is not indexed, and references to its keywords cannot be resolved` }];
    }
    const seen = new Set<string>();
    const out: Diagnostic[] = [];
    for (const e of sets) {
      const i = e.set.fileIndexOf(file);
      if (i < 0) continue;
      for (const d of e.set.fileDiagnostics(i)) {
        const key = `${d.span.start}:${d.span.end}:${d.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(d);
      }
    }
    return out;
  }

  /** The sets a file belongs to, as the editor shows them: names, files in halibut's order, stubbed files. */
  describeSets(file: string): { name: string; project?: string; files: string[]; stubbed: string[] }[] {
    return this.setsOf(file).map((e) => ({
      name: e.spec.name,
      project: e.project.file,
      files: e.spec.files.map((f) => f.path),
      stubbed: e.spec.files.filter((f) => f.generated && this.content(f.path) === undefined).map((f) => f.path),
    }));
  }

  /** Every file some set or project mentions, with the project files. */
  /**
   * Whether the file is a fragment: one that a project leaves out of a folder whose other files
   * it names (PuTTY's chmextra.but, or man pages a project file does not list), in a set of its
   * own so that the editor's features work in it, though no halibut run reads it alone.
   */
  isFragment(file: string): boolean {
    this.ensureStructure();
    return this.fragments.has(path.resolve(file));
  }

  knownFiles(): string[] {
    this.ensureStructure();
    const files = new Set<string>();
    for (const p of this.projects) {
      if (p.file) files.add(p.file);
      for (const s of p.sets) for (const f of s.files) files.add(f.path);
    }
    return [...files];
  }
}
