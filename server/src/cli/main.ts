/**
 * halibut-lint: lint document sets from the command line, for CI.
 *
 *   halibut-lint FILE...            one document set, in halibut's order
 *   halibut-lint [--project P]      the sets of a project file (or a folder's default set)
 */

import * as fs from 'fs';
import * as path from 'path';
import { BUILD_FILE_NAMES, projectFromBuildFile } from '../core/buildfiles';
import { DocumentSet } from '../core/docset';
import { defaultProject, parseProject, Project, PROJECT_FILE_NAME, SetSpec } from '../core/project';
import { analyse, readSources } from '../node/loadSet';
import { packageVersion } from '../version';
import { Finding, formatGithub, formatJson, formatSarif, formatText } from './formats';
import { writeErr, writeOut } from './output';

export { exitWhenWritten } from './output';

const USAGE = `usage: halibut-lint [options] [FILE...]

Checks Halibut (.but) documents the way halibut 1.3 reads them, reporting
every input error halibut would report, all at once.

  FILE...               the files of one document set, in halibut's order
                        (without files: the sets of ./${PROJECT_FILE_NAME}; else those of
                        a CMakeLists.txt or Makefile that runs halibut; else all
                        .but files of the current folder in name order)
  --project PATH        a project file, or a folder holding ${PROJECT_FILE_NAME}
  --set NAME            only this set of the project (may be repeated)
  --format FORMAT       text (default), json, sarif or github
  --keywords            print the sets' keywords as JSON instead of linting
  --version             print the version
  -h, --help            print this help

Exit status: 0 clean (warnings allowed), 1 errors found, 2 bad usage or unreadable input.
`;

class UsageError extends Error {}

interface Options {
  files: string[];
  project?: string;
  sets: string[];
  format: 'text' | 'json' | 'sarif' | 'github';
  keywords: boolean;
}

function parseArgs(argv: readonly string[]): Options | 'help' | 'version' {
  const o: Options = { files: [], sets: [], format: 'text', keywords: false };
  const value = (i: number, name: string) => {
    const v = argv[i + 1];
    if (v === undefined) throw new UsageError(`option ${name} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    const take = () => inline ?? value(i++, name);
    switch (name) {
      case '-h':
      case '--help':
        return 'help';
      case '--version':
        return 'version';
      case '--project':
        o.project = take();
        break;
      case '--set':
        o.sets.push(take());
        break;
      case '--format': {
        const f = take();
        if (f !== 'text' && f !== 'json' && f !== 'sarif' && f !== 'github') throw new UsageError(`unknown format \`${f}' (text, json, sarif or github)`);
        o.format = f;
        break;
      }
      case '--keywords':
        o.keywords = true;
        break;
      case '--':
        o.files.push(...argv.slice(i + 1));
        i = argv.length;
        break;
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option \`${a}'`);
        o.files.push(a);
    }
  }
  if (o.files.length && o.project) throw new UsageError('give either files or --project, not both');
  return o;
}

function readProject(o: Options): Project {
  if (o.files.length) {
    return { root: process.cwd(), sets: [{ name: 'command line', files: o.files.map((f) => ({ path: path.resolve(f), generated: false })) }], problems: [] };
  }
  let file = path.resolve(o.project ?? PROJECT_FILE_NAME);
  if (o.project && fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, PROJECT_FILE_NAME);
  if (fs.existsSync(file)) {
    const p = parseProject(file, fs.readFileSync(file, 'utf8'));
    if (p.problems.length) throw new UsageError(p.problems.map((x) => `${path.relative(process.cwd(), file) || file}: ${x.message}`).join('\n'));
    return p;
  }
  if (o.project) throw new UsageError(`no project file at \`${o.project}'`);
  const folder = process.cwd();
  for (const name of BUILD_FILE_NAMES) {
    const bf = path.join(folder, name);
    if (!fs.existsSync(bf)) continue;
    const p = projectFromBuildFile(bf, fs.readFileSync(bf, 'utf8'), (f) => fs.existsSync(f));
    if (p) return p;
  }
  return defaultProject(folder, fs.readdirSync(folder).filter((f) => f.endsWith('.but')));
}

function findings(set: DocumentSet): Finding[] {
  const out: Finding[] = [];
  set.files.forEach((f, i) => {
    for (const d of set.fileDiagnostics(i).sort((a, b) => a.span.start - b.span.start)) {
      const s = f.lines.positionAt(d.span.start);
      const e = f.lines.positionAt(Math.max(d.span.end, d.span.start));
      // Lines as halibut counts them (LF only), so that they match its messages.
      const line = f.lines.halibutLine(d.span.start);
      out.push({
        file: f.source.name,
        line,
        column: s.character + 1,
        endLine: line + (e.line - s.line),
        endColumn: e.character + 1,
        severity: d.severity,
        message: d.message,
        code: d.code,
      });
    }
  });
  return out;
}

function keywordList(set: DocumentSet): object[] {
  return set.definitions
    .filter((d) => !d.duplicateOf)
    .map(({ def }) => ({
      keyword: def.key,
      kind: def.kind,
      number: DocumentSet.cite(def, true) ?? null,
      title: def.title,
      file: set.files[def.file].source.name,
      line: set.files[def.file].lines.halibutLine(def.para.cmdSpan.start),
    }));
}

export async function main(argv: readonly string[]): Promise<number> {
  let o: ReturnType<typeof parseArgs>;
  let project: Project;
  try {
    o = parseArgs(argv);
    if (o === 'help') {
      writeOut(USAGE);
      return 0;
    }
    if (o === 'version') {
      writeOut(`halibut-lint ${packageVersion()}\n`);
      return 0;
    }
    project = readProject(o);
  } catch (e) {
    if (e instanceof UsageError) {
      writeErr(`halibut-lint: ${e.message}\n${e.message.includes('\n') ? '' : "try `halibut-lint --help'\n"}`);
      return 2;
    }
    throw e;
  }
  const opts = o;
  let sets: SetSpec[] = project.sets;
  if (opts.sets.length) {
    const unknown = opts.sets.filter((n) => !sets.some((s) => s.name === n));
    if (unknown.length) {
      writeErr(`halibut-lint: no set named ${unknown.map((n) => `\`${n}'`).join(', ')} (sets: ${sets.map((s) => s.name).join(', ')})\n`);
      return 2;
    }
    sets = sets.filter((s) => opts.sets.includes(s.name));
  }
  if (sets.length === 0) {
    writeErr('halibut-lint: no input files (no project file here and no .but files)\n');
    return 2;
  }
  const given = new Map(opts.files.map((f) => [path.resolve(f), f]));
  const display = (abs: string) => given.get(abs) ?? (path.relative(process.cwd(), abs) || abs);

  const all: Finding[] = [];
  const seen = new Set<string>();
  const files = new Set<string>();
  const keywords: object[] = [];
  let unreadable = false;
  for (const spec of sets) {
    const { sources, problems } = readSources(spec, display);
    for (const p of problems) {
      writeErr(`halibut-lint: ${p.message}\n`);
      unreadable = true;
    }
    if (unreadable) continue;
    const set = analyse(sources);
    if (opts.keywords) {
      keywords.push(...keywordList(set));
      continue;
    }
    for (const s of sources) files.add(s.id);
    for (const f of findings(set)) {
      const key = `${f.file}\0${f.line}\0${f.column}\0${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      all.push(f);
    }
  }
  if (unreadable) return 2;
  if (opts.keywords) {
    writeOut(JSON.stringify(keywords, null, 2) + '\n');
    return 0;
  }
  const out =
    opts.format === 'json' ? formatJson(all) : opts.format === 'sarif' ? formatSarif(all, packageVersion()) : opts.format === 'github' ? formatGithub(all) : formatText(all, files.size);
  writeOut(out);
  return all.some((f) => f.severity === 'error') ? 1 : 0;
}
