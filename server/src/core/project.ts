/**
 * Project files (`halibut.json`): which document sets a folder holds, and in
 * what order halibut reads each set's files. Pure: paths in, specs out; the
 * caller does the reading.
 *
 * Shape:
 *   {
 *     "root": "relative/folder",            // optional; file paths are relative to it
 *     "sets": [
 *       { "name": "manual",
 *         "files": [ "intro.but",
 *                    { "path": "version.but", "generated": true,
 *                      "stub": "\\versionid stand-in used while the file is absent" } ] }
 *     ]
 *   }
 */

import * as path from 'path';

export const PROJECT_FILE_NAME = 'halibut.json';

export interface FileSpec {
  /** Absolute path. */
  path: string;
  /** Made by the build: may be absent, and then `stub` stands in for it. */
  generated: boolean;
  stub?: string;
}

export interface SetSpec {
  name: string;
  files: FileSpec[];
}

export interface ProjectProblem {
  message: string;
  /** Offset in the project file's text, when the problem has a place. */
  offset?: number;
}

export interface Project {
  /** The project file (absent for a folder's default set). */
  file?: string;
  /** The folder the project describes (its root). */
  root: string;
  sets: SetSpec[];
  problems: ProjectProblem[];
}

function locate(text: string, needle: string): number | undefined {
  const i = text.indexOf(needle);
  return i >= 0 ? i : undefined;
}

/** Parse a project file's text. Never throws: problems are returned with the sets that could be read. */
export function parseProject(file: string, text: string): Project {
  const dir = path.dirname(file);
  const problems: ProjectProblem[] = [];
  const project: Project = { file, root: dir, sets: [], problems };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec(String((e as Error).message));
    problems.push({ message: `invalid JSON: ${(e as Error).message}`, offset: m ? Number(m[1]) : 0 });
    return project;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    problems.push({ message: 'a project file holds a JSON object with a "sets" array', offset: 0 });
    return project;
  }
  const obj = json as Record<string, unknown>;
  if (obj.root !== undefined) {
    if (typeof obj.root !== 'string') problems.push({ message: '"root" must be a string (a folder relative to the project file)', offset: locate(text, '"root"') });
    else project.root = path.resolve(dir, obj.root);
  }
  if (!Array.isArray(obj.sets)) {
    problems.push({ message: 'missing "sets": an array of { "name", "files" } objects', offset: locate(text, '"sets"') ?? 0 });
    return project;
  }
  obj.sets.forEach((s: unknown, i: number) => {
    if (typeof s !== 'object' || s === null) {
      problems.push({ message: `set ${i + 1} is not an object`, offset: locate(text, '"sets"') });
      return;
    }
    const set = s as Record<string, unknown>;
    const name = typeof set.name === 'string' && set.name !== '' ? set.name : `set ${i + 1}`;
    if (!Array.isArray(set.files) || set.files.length === 0) {
      problems.push({ message: `set \`${name}' has no "files" array`, offset: locate(text, typeof set.name === 'string' ? JSON.stringify(set.name) : '"sets"') });
      return;
    }
    const files: FileSpec[] = [];
    for (const f of set.files as unknown[]) {
      if (typeof f === 'string') {
        files.push({ path: path.resolve(project.root, f), generated: false });
      } else if (typeof f === 'object' && f !== null && typeof (f as Record<string, unknown>).path === 'string') {
        const o = f as Record<string, unknown>;
        const stub = typeof o.stub === 'string' ? o.stub : undefined;
        files.push({ path: path.resolve(project.root, o.path as string), generated: o.generated === true || stub !== undefined, stub });
      } else {
        problems.push({ message: `set \`${name}': a file is a path string or { "path", "generated", "stub" }`, offset: locate(text, JSON.stringify(f)) });
      }
    }
    project.sets.push({ name, files });
  });
  return project;
}

/** The set halibut users get without a project file: the folder's .but files in name order. */
export function defaultProject(folder: string, butFiles: readonly string[]): Project {
  const files = [...butFiles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((f) => ({ path: path.resolve(folder, f), generated: false }));
  return { root: folder, sets: files.length ? [{ name: path.basename(folder) || 'default', files }] : [], problems: [] };
}
