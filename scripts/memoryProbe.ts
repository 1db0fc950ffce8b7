/**
 * One set analysed in a process of its own, for the bench's memory rows: the heap the analysis
 * holds (after collecting garbage, before and after) and the process's RSS then, as JSON on
 * standard output. Run with --expose-gc: node out/scripts/memoryProbe.js DIR FILE...
 */
import * as path from 'path';
import { analyse, readSources } from '../server/src/node/loadSet';

function collect(): void {
  if (!global.gc) throw new Error('memoryProbe: run node with --expose-gc');
  global.gc();
}

const [dir, ...files] = process.argv.slice(2);
collect();
const before = process.memoryUsage().heapUsed;
const { sources } = readSources({ name: 'probe', files: files.map((f) => ({ path: path.join(dir, f), generated: false })) }, (a) => a);
const set = analyse(sources);
collect();
const after = process.memoryUsage();
process.stdout.write(JSON.stringify({ heap: after.heapUsed - before, rss: after.rss, keywords: set.keywords.size }) + '\n');
