/**
 * Standard output and error for the linter, written without making `process.stdout` or
 * `process.stderr`: Node builds those streams as they are first touched, which costs 2 to 5 ms
 * of a run that has, beyond Node's own start, well under a hundred.
 */
import * as fs from 'fs';

/** Whether some output was handed to a stream that has yet to write it. */
let handedOver = false;

/**
 * Writes `text` to a descriptor (1 or 2). A reader that goes away (`halibut-lint ... | head`)
 * ends the output quietly, as for any Unix filter; the run's exit status stays the lint's. A
 * descriptor left non-blocking by whoever started us, once full, hands the rest to Node's
 * stream, which waits for the reader.
 */
function write(fd: 1 | 2, text: string): void {
  const bytes = Buffer.from(text);
  let done = 0;
  try {
    while (done < bytes.length) done += fs.writeSync(fd, bytes, done);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return;
    if (code !== 'EAGAIN') throw e;
    const stream = fd === 1 ? process.stdout : process.stderr;
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
    handedOver = true;
    stream.write(bytes.subarray(done));
  }
}

export function writeOut(text: string): void {
  write(1, text);
}

export function writeErr(text: string): void {
  write(2, text);
}

/**
 * Ends the run. With everything written it exits at once: Node left to wind down by itself
 * first tears down the heap, tens of milliseconds for a big set's analysis (4% of the
 * manual's lint, measured alternately). Output still in a stream is left to drain first.
 */
export function exitWhenWritten(code: number): void {
  if (!handedOver) process.exit(code);
  process.exitCode = code;
}
