/**
 * Document sets read from a build file that runs halibut (CMakeLists.txt or a
 * Makefile), for folders without a halibut.json: the build already says which
 * files each halibut run takes, and in what order.
 *
 * This is a reader of the common patterns, not a CMake or make interpreter:
 * list variables (`set(name a.but b.but)`, `NAME = a.but b.but`, `+=`) are
 * expanded, and every command line that runs halibut contributes one set of
 * the .but arguments it names. Files under the build folder are generated.
 */

import * as path from 'path';
import { Project, SetSpec } from './project';

export const BUILD_FILE_NAMES = ['CMakeLists.txt', 'Makefile', 'makefile', 'GNUmakefile'];

function stripComments(text: string): string {
  return text.replace(/(^|[^\\$])#.*$/gm, '$1');
}

/** Split a CMake argument list on whitespace, respecting quotes. */
function cmakeArgs(s: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) out.push(m[1] ?? m[2]);
  return out;
}

interface Vars {
  get(name: string): string[] | undefined;
}

function expand(words: string[], vars: Vars, depth = 0): string[] {
  const out: string[] = [];
  for (const w of words) {
    const whole = /^\$[{(]([A-Za-z0-9_.-]+)[})]$/.exec(w);
    if (whole && depth < 10) {
      const v = vars.get(whole[1]);
      if (v) {
        out.push(...expand(v, vars, depth + 1));
        continue;
      }
    }
    out.push(w);
  }
  return out;
}

interface Resolved {
  file: string;
  generated: boolean;
}

function resolveArg(arg: string, folder: string): Resolved | undefined {
  if (!arg.endsWith('.but')) return undefined;
  const bin = /^\$[{(](CMAKE_CURRENT_BINARY_DIR|CMAKE_BINARY_DIR|PROJECT_BINARY_DIR)[})]\/?/;
  const src = /^\$[{(](CMAKE_CURRENT_SOURCE_DIR|CMAKE_SOURCE_DIR|PROJECT_SOURCE_DIR|srcdir|top_srcdir|CURDIR)[})]\/?/;
  if (bin.test(arg)) return { file: path.join(folder, arg.replace(bin, '')), generated: true };
  if (src.test(arg)) return { file: path.join(folder, arg.replace(src, '')), generated: false };
  if (/\$[{(]/.test(arg)) return undefined;
  return { file: path.resolve(folder, arg), generated: false };
}

function toSets(runs: string[][], folder: string, exists: (file: string) => boolean): SetSpec[] {
  const sets: SetSpec[] = [];
  const seen = new Set<string>();
  for (const run of runs) {
    const files = run.map((a) => resolveArg(a, folder)).filter((r): r is Resolved => r !== undefined);
    if (files.length === 0) continue;
    const key = files.map((f) => f.file).join('\0');
    if (seen.has(key)) continue;
    seen.add(key);
    const out = run.find((a) => /^--(man|text|html|info|pdf|ps|chm|winhelp)=/.test(a));
    const name = out ? path.basename(out.slice(out.indexOf('=') + 1)) : `halibut run ${sets.length + 1}`;
    sets.push({
      name,
      // A file the build makes lives in the build folder; if it is not beside the sources it is absent.
      files: files.map((f) => ({ path: f.file, generated: f.generated || !exists(f.file) })),
    });
  }
  return sets;
}

export function setsFromCMake(text: string, folder: string, exists: (file: string) => boolean): SetSpec[] {
  const src = stripComments(text);
  const vars = new Map<string, string[]>();
  // set(NAME ...) and list(APPEND NAME ...), in file order.
  const commandRe = /\b(set|list)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)/gi;
  for (let m = commandRe.exec(src); m; m = commandRe.exec(src)) {
    const args = cmakeArgs(m[2]);
    if (m[1].toLowerCase() === 'set' && args.length >= 1) vars.set(args[0], expand(args.slice(1), vars));
    else if (args[0]?.toUpperCase() === 'APPEND' && args[1]) vars.set(args[1], [...(vars.get(args[1]) ?? []), ...expand(args.slice(2), vars)]);
  }
  const runs: string[][] = [];
  const runRe = /\bCOMMAND\s+((?:(?!\bCOMMAND\b|\bWORKING_DIRECTORY\b|\bDEPENDS\b|\bBYPRODUCTS\b|\bOUTPUT\b|\bVERBATIM\b|\bCOMMENT\b|\))[\s\S])*)/g;
  for (let m = runRe.exec(src); m; m = runRe.exec(src)) {
    const args = expand(cmakeArgs(m[1]), vars);
    if (!args.length || !/halibut/i.test(args[0])) continue;
    runs.push(args.slice(1));
  }
  return toSets(runs, folder, exists);
}

export function setsFromMakefile(text: string, folder: string, exists: (file: string) => boolean): SetSpec[] {
  const src = stripComments(text.replace(/\\\r?\n/g, ' '));
  const vars = new Map<string, string[]>();
  const lines = src.split(/\r?\n/);
  for (const line of lines) {
    const m = /^\s*([A-Za-z0-9_.-]+)\s*([:+?]?=)\s*(.*)$/.exec(line);
    if (!m) continue;
    const words = expand(m[3].trim().split(/\s+/).filter(Boolean), vars);
    if (m[2] === '+=') vars.set(m[1], [...(vars.get(m[1]) ?? []), ...words]);
    else if (m[2] !== '?=' || !vars.has(m[1])) vars.set(m[1], words);
  }
  const runs: string[][] = [];
  for (const line of lines) {
    if (!/^\t/.test(line)) continue;
    for (const cmd of line.split(/&&|;/)) {
      const words = expand(cmd.trim().replace(/^[@-]+/, '').split(/\s+/).filter(Boolean), vars);
      const i = words.findIndex((w) => /(^|\/)halibut$/.test(w) || w === '$(HALIBUT)');
      if (i >= 0) runs.push(words.slice(i + 1));
    }
  }
  return toSets(runs, folder, exists);
}

/** A folder's project from its build file, or undefined when the build runs no halibut. */
export function projectFromBuildFile(file: string, text: string, exists: (file: string) => boolean): Project | undefined {
  const folder = path.dirname(file);
  const sets = path.basename(file) === 'CMakeLists.txt' ? setsFromCMake(text, folder, exists) : setsFromMakefile(text, folder, exists);
  return sets.length ? { file, root: folder, sets, problems: [] } : undefined;
}
