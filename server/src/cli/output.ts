/**
 * Standard output for the linter, written without making `process.stdout`: Node builds that
 * stream as it is first touched, which costs 2 to 5 ms of a run that has, beyond Node's own
 * start, well under a hundred.
 */
import * as fs from 'fs';

/**
 * Writes `text` to standard output. A reader that goes away (`halibut-lint ... | head`) ends
 * the output quietly, as for any Unix filter; the run's exit status stays the lint's. A
 * descriptor left non-blocking by whoever started us, once full, hands the rest to Node's
 * stream, which waits for the reader.
 */
export function writeOut(text: string): void {
  const bytes = Buffer.from(text);
  let done = 0;
  try {
    while (done < bytes.length) done += fs.writeSync(1, bytes, done);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return;
    if (code !== 'EAGAIN') throw e;
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
    process.stdout.write(bytes.subarray(done));
  }
}
