/**
 * A parse's checkpoints (see reparse.ts), kept so that an edit moves those after it in time
 * that does not grow with the file: consecutive checkpoints are grouped in runs, each holding
 * its place and diagnostic count relative to its run, and moving a run moves its members.
 * An edit near the start of a 12 MB file then moves a few hundred runs, not a hundred
 * thousand checkpoints (and with them every span after the edit, which count from them).
 */

import type { Anchor, ParaKind } from './syntax';

/** Checkpoints a run takes before the next one starts a run of its own. */
let RUN = 256;

/** Sets how many checkpoints a run takes, returning the length it had (tests make runs short, so that every edit crosses them). */
export function setRunLength(n: number): number {
  const was = RUN;
  RUN = n;
  return was;
}

/** Consecutive checkpoints of a list, moved together. Its members are contiguous in the list. */
class Run {
  /**
   * The list's next run: an edit moves the runs after it by following these, rather than by
   * stepping through the list to each run's first member (three cache misses a run, not one).
   */
  next: Run | undefined = undefined;
  constructor(
    public base: number,
    public diagnosticsBase: number,
    public size: number,
  ) {}
}

/**
 * A top-level paragraph start, outside every block and macro expansion: the parser's whole
 * state there is the kind of the paragraph before, the macros defined so far, and how long
 * each list has grown (listLengthsAt).
 */
export class Checkpoint implements Anchor {
  /** The run it moves with. */
  run: Run;
  private at = 0;
  private count = 0;

  constructor(
    offset: number,
    readonly prevKind: ParaKind | 'none',
    diagnostics: number,
  ) {
    this.run = new Run(offset, diagnostics, 1);
  }

  /** Where the paragraph starts; the spans parsed after it count from here. */
  get offset(): number {
    return this.run.base + this.at;
  }

  /**
   * How many diagnostics the parse had made here. The other lists need no count: what they
   * held here is what starts before here. A diagnostic can point past the paragraph that
   * makes it (a missing keyword is reported at the token after the command, which can be the
   * next paragraph's first).
   */
  get diagnostics(): number {
    return this.run.diagnosticsBase + this.count;
  }

  toJSON(): unknown {
    return { offset: this.offset, prevKind: this.prevKind, diagnostics: this.diagnostics };
  }

  /** Moves into `run` (from one of its own), keeping its place. */
  join(run: Run): void {
    const [offset, diagnostics] = [this.offset, this.diagnostics];
    this.run.size--;
    this.run = run;
    run.size++;
    this.at = offset - run.base;
    this.count = diagnostics - run.diagnosticsBase;
  }

  /** Leaves its run for one of its own, which nothing else moves. */
  detach(): void {
    this.join(new Run(this.offset, this.diagnostics, 0));
  }

  /** Counts `n` more diagnostics before it (the others of its run are to be given as many). */
  addDiagnostics(n: number): void {
    this.count += n;
  }
}

/** Adds a checkpoint the parser reached to the end of a list. */
export function appendCheckpoint(list: Checkpoint[], cp: Checkpoint): void {
  const last = list[list.length - 1];
  if (last && last.run.size < RUN) cp.join(last.run);
  else if (last) last.run.next = cp.run;
  list.push(cp);
}

/**
 * Replaces list[from, to) with `items` (checkpoints of a part parsed again, counting their
 * diagnostics from the part's start) and moves every checkpoint after them by `delta`
 * characters and `diagnostics` diagnostics. The list is changed in place when that is cheap.
 * The checkpoints taken out keep their places from then on (the old parse's items that the
 * edit replaced count from them).
 */
export function replaceCheckpoints(list: Checkpoint[], from: number, to: number, items: readonly Checkpoint[], move: { delta: number; diagnostics: number; itemsDiagnostics: number }): Checkpoint[] {
  for (let i = from; i < to; i++) list[i].detach();
  for (const cp of items) cp.addDiagnostics(move.itemsDiagnostics);
  if (to < list.length) {
    // The tail starts a run of its own, so that it moves by whole runs.
    const split = list[to].run;
    if (from > 0 && list[from - 1].run === split) {
      const tail = new Run(split.base, split.diagnosticsBase, 0);
      tail.next = split.next;
      for (let i = to; i < list.length && list[i].run === split; i++) list[i].join(tail);
    }
    // (A run for each checkpoint at most: more would be a broken chain, which must not hang.)
    let hops = 0;
    for (let run: Run | undefined = list[to].run; run; run = run.next) {
      if (++hops > list.length) throw new Error('checkpoint runs: the chain of runs does not end');
      run.base += move.delta;
      run.diagnosticsBase += move.diagnostics;
    }
  }
  const out = items.length > 10000 || to - from > 10000 ? list.slice(0, from).concat(items, list.slice(to)) : (list.splice(from, to - from, ...items), list);
  // The new checkpoints join the run before them where it has room (else typing in many places would leave many small runs).
  const before = out[from - 1];
  for (let i = from; i < from + items.length && before && before.run.size < RUN; i++) out[i].join(before.run);
  // Chained again from the run before the new checkpoints, through theirs, to the tail's.
  let last = before?.run;
  for (let i = from; i <= from + items.length && i < out.length; i++) {
    const run = out[i].run;
    if (run === last) continue;
    if (last) last.next = run;
    last = run;
  }
  if (last && from + items.length >= out.length) last.next = undefined;
  return out;
}
