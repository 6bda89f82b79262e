import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countSummaryLine, type Tally } from '../src/run-tests.ts';

describe('npm test summary', () => {
  it('adds up node:test, Playwright and tofu/terraform summaries, with or without Nx prefixes and colours', () => {
    const tally: Tally = { passed: 0, failed: 0 };
    for (const line of [
      'handler: # pass 68',
      'handler: # fail 0',
      '# pass 2',
      '# fail 1',
      '\x1b[1m\x1b[34me2e:\x1b[39m\x1b[22m   51 passed (10.9s)',
      '  2 failed',
      '  1 flaky',
      'terraform: Success! 10 passed, 0 failed.',
      'terraform: Failure! 7 passed, 3 failed, 2 skipped.',
      'terraform: Success!',
      'terraform:  3 passed, 0 failed.',
      '    # Subtest: a test named # pass 5',
      'ok 1 - # pass 9 is not a summary',
    ]) {
      countSummaryLine(line, tally);
    }
    assert.deepEqual(tally, { passed: 68 + 2 + 51 + 10 + 7 + 3, failed: 1 + 2 + 3 });
  });
});
