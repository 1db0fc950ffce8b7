/** A few thousand seeded fuzz cases: no exception, no out-of-range position, no slow case, no incremental drift. */
import * as assert from 'assert';
import { fuzz } from '../../scripts/fuzz';

describe('robustness: seeded fuzzing of the core', function () {
  this.timeout(300000);
  it('3000 mutated corpus sets and random bytes analyse cleanly, and edits to them agree with a fresh analysis', () => {
    const r = fuzz(Number(process.env.FUZZ_SEED ?? 42), Number(process.env.FUZZ_COUNT ?? 3000));
    console.log(`      fuzz: ${r.cases} cases in ${r.ms} ms, ${r.failures.length} failures`);
    assert.deepStrictEqual(r.failures.slice(0, 10), []);
  });
});
