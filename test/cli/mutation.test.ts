/**
 * Seeded mutations of corpus files, each linted by us and by halibut 1.3 and
 * compared as in the oracle tests. MUTANTS=N and SEED=S change the count and seed.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compare, haveHalibut, key } from '../support/oracle';

const root = path.resolve(__dirname, '../../..');
const corpus = path.resolve(root, '../shared/corpus');
const COUNT = Number(process.env.MUTANTS ?? 300);
const SEED = Number(process.env.SEED ?? 20261124);

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

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T | undefined => (xs.length ? xs[Math.floor(rng() * xs.length)] : undefined);
const all = (re: RegExp, s: string) => [...s.matchAll(re)];
/** Offsets just after a blank line: places where a new paragraph can go. */
const boundaries = (s: string) => all(/\n\n(?=\S)/g, s).map((m) => m.index! + 2);
const insert = (s: string, at: number, text: string) => s.slice(0, at) + text + s.slice(at);

/** Each mutation returns the mutated text, or undefined when it does not apply to this file. */
const MUTATIONS: Record<string, (s: string, rng: Rng) => string | undefined> = {
  'misspelt \\k keyword': (s, rng) => {
    const m = pick(rng, all(/\\[kK]\{([^}\n]{3,})\}/g, s));
    if (!m) return undefined;
    const k = m[1];
    const i = 1 + Math.floor(rng() * (k.length - 2));
    const typo = k.slice(0, i) + k[i + 1] + k[i] + k.slice(i + 2);
    return typo === k ? undefined : s.slice(0, m.index! + 3) + typo + s.slice(m.index! + 3 + k.length);
  },
  'renamed heading keyword': (s, rng) => {
    const m = pick(rng, all(/^\\(?:[CHAS]\d*)\{([^}]+)\}/gm, s));
    return m ? insert(s, m.index! + m[0].length - 1, '-renamed') : undefined;
  },
  'duplicated heading': (s, rng) => {
    const m = pick(rng, all(/^\\(?:H|S\d*)\{[^}]+\}[^\n]*$/gm, s));
    const at = pick(rng, boundaries(s).filter((b) => m && b > m.index!));
    return m && at !== undefined ? insert(s, at, `${m[0]}\n\n`) : undefined;
  },
  'dropped brace': (s, rng) => {
    const m = pick(rng, all(/(?<!\\)[{}]/g, s));
    return m ? s.slice(0, m.index!) + s.slice(m.index! + 1) : undefined;
  },
  'stray brace': (s, rng) => {
    const m = pick(rng, all(/ /g, s));
    return m ? insert(s, m.index!, rng() < 0.5 ? ' {' : ' }') : undefined;
  },
  'unknown command': (s, rng) => {
    const m = pick(rng, all(/(?<=[a-z]) (?=[a-z])/g, s));
    return m ? insert(s, m.index!, ' \\frobnicate') : undefined;
  },
  'demoted heading': (s, rng) => {
    const m = pick(rng, all(/^\\H\{/gm, s));
    return m ? s.slice(0, m.index!) + '\\S2{' + s.slice(m.index! + 3) : undefined;
  },
  'promoted subsection': (s, rng) => {
    const m = pick(rng, all(/^\\S\{/gm, s));
    return m ? s.slice(0, m.index!) + '\\H{' + s.slice(m.index! + 3) : undefined;
  },
  'blank line inside braces': (s, rng) => {
    const m = pick(rng, all(/\\(?:e|c|cw|q|i|k)\{(?=[^}\n]* [^}\n]*\})/g, s));
    if (!m) return undefined;
    const space = s.indexOf(' ', m.index! + m[0].length);
    return space > 0 ? s.slice(0, space) + '\n\n' + s.slice(space + 1) : undefined;
  },
  'case-clashing index tag': (s, rng) => {
    const m = pick(rng, all(/\\i\{([a-z][a-z ]+)\}/g, s));
    const at = pick(rng, boundaries(s));
    return m && at !== undefined ? insert(s, at, `Also \\i{${m[1][0].toUpperCase()}${m[1].slice(1)}}.\n\n`) : undefined;
  },
  '\\IM on an unknown tag': (s, rng) => {
    const at = pick(rng, boundaries(s));
    return at !== undefined ? insert(s, at, `\\IM{no such tag ${Math.floor(rng() * 1000)}} nothing\n\n`) : undefined;
  },
  'misplaced \\lcont': (s, rng) => {
    const m = pick(rng, all(/\n\n(?=[A-Za-z])/g, s));
    return m ? insert(s, m.index! + 2, '\\lcont{\n\nContinued.\n\n}\n\n') : undefined;
  },
  'heading inside \\quote': (s, rng) => {
    const at = pick(rng, boundaries(s));
    return at !== undefined ? insert(s, at, '\\quote{\n\n\\H{quoted-heading} Quoted\n\n}\n\n') : undefined;
  },
  'broken code paragraph': (s, rng) => {
    const m = pick(rng, all(/^\\c [^\n]*\n(?=\\c)/gm, s));
    return m ? insert(s, m.index! + m[0].length, 'not code\n') : undefined;
  },
  'unclosed inline comment': (s, rng) => {
    const m = pick(rng, all(/(?<=[a-z])\.\n/g, s));
    return m ? insert(s, m.index! + 1, ' \\#{ unclosed') : undefined;
  },
  'multiple \\BR': (s, rng) => {
    const at = pick(rng, boundaries(s));
    return at !== undefined ? insert(s, at, '\\B{mut-book} A book.\n\n\\BR{mut-book} [One]\n\n\\BR{mut-book} [Two]\n\nSee \\k{mut-book}.\n\n') : undefined;
  },
  'duplicate macro': (s, rng) => {
    const at = pick(rng, boundaries(s));
    return at !== undefined ? insert(s, at, '\\define{dash} another dash\n\n') : undefined;
  },
  'removed \\define': (s) => (s.includes('\\define{dash}') ? s.replace(/\\define\{dash\}[^\n]*\n/, '\n') : undefined),
};

interface Base {
  cwd: string;
  files: string[];
  /** Indexes of the files a mutation may touch. */
  targets: number[];
}

function bases(): Base[] {
  const putty = path.join(corpus, 'putty');
  const hb = path.join(corpus, 'halibut');
  const p = (f: string) => ({ cwd: putty, files: ['generated/copy.but', 'doc/blurb.but', `doc/${f}`], targets: [1, 2] });
  return [
    p('errors.but'), p('faq.but'), p('config.but'), p('using.but'), p('pscp.but'), p('pubkey.but'),
    { cwd: hb, files: ['doc/blurb.but', 'doc/intro.but', 'doc/running.but', 'doc/input.but', 'doc/output.but', 'doc/licence.but', 'doc/manpage.but', 'doc/index.but'], targets: [1, 2, 3, 4, 6, 7] },
    { cwd: hb, files: ['inputs/test.but'], targets: [0] },
  ];
}

describe('mutation: seeded corpus mutants, halibut vs halibut-lint', function () {
  this.timeout(600000);
  it(`${COUNT} mutants (seed ${SEED}) agree with halibut`, function () {
    if (!fs.existsSync(corpus) || !haveHalibut) {
      if (process.env.CI) assert.fail('the corpus and halibut are needed (CI must have both)');
      this.skip();
    }
    const rng = mulberry32(SEED);
    const names = Object.keys(MUTATIONS);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mutants-'));
    const failures: string[] = [];
    const kinds = new Map<string, number>();
    let compared = 0;
    let messages = 0;
    try {
      const bs = bases();
      for (let n = 0; n < COUNT; ) {
        const base = pick(rng, bs)!;
        const target = pick(rng, base.targets)!;
        const kind = pick(rng, names)!;
        const original = fs.readFileSync(path.join(base.cwd, base.files[target]), 'latin1');
        const mutated = MUTATIONS[kind](original, rng);
        if (mutated === undefined || mutated === original) continue;
        n++;
        const dir = path.join(work, String(n));
        for (const [i, f] of base.files.entries()) {
          fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
          fs.writeFileSync(path.join(dir, f), i === target ? mutated : fs.readFileSync(path.join(base.cwd, f)), i === target ? 'latin1' : undefined);
        }
        const c = compare(base.files, dir);
        compared++;
        messages += c.halibutCount;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        if (c.missing.length || c.extra.length) {
          failures.push(`mutant ${n} (${kind} in ${base.files[target]}, kept in ${dir}):\n  missing ${JSON.stringify(c.missing.map(key))}\n  extra ${JSON.stringify(c.extra.map(key))}`);
        } else {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }
    } finally {
      if (failures.length === 0) fs.rmSync(work, { recursive: true, force: true });
    }
    console.log(`      mutation: ${compared} mutants compared, ${messages} halibut messages, ${failures.length} mismatches; kinds: ${[...kinds].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    assert.deepStrictEqual(failures, []);
  });
});
