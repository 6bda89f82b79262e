/**
 * `.ci/run` installs outside tools with `run_parallel` (.ci/lib/run-parallel.sh): the scripts run at the same time,
 * each one's output comes whole when it ends, a heartbeat names the ones still running, and a failure fails the run
 * only after every script has ended. Driven through bash as .ci/run drives it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const library = fileURLToPath(new URL('../../../.ci/lib/run-parallel.sh', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'ci-installs-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function script(name: string, body: string): string {
  const path = join(scratch, name);
  writeFileSync(path, `set -euo pipefail\n${body}\n`);
  return path;
}

function runParallel(...scripts: string[]) {
  return spawnSync('bash', ['-c', 'source "$0"; run_parallel "$@"', library, ...scripts], {
    encoding: 'utf8',
    env: { ...process.env, ITEMS_API_CI_HEARTBEAT: '1' },
    timeout: 60_000,
  });
}

describe('.ci/run: install scripts at the same time', () => {
  it('runs them concurrently, prints each one whole when it ends, and beats while one runs', () => {
    // Each waits for the other's marker: they finish only if both run at once (no timing involved).
    const a = script(
      '10-a.sh',
      `touch "${scratch}/a"; for _ in $(seq 100); do [ -e "${scratch}/b" ] && break; sleep 0.05; done; [ -e "${scratch}/b" ]; echo "a: saw b"`,
    );
    const b = script(
      '20-b.sh',
      `touch "${scratch}/b"; for _ in $(seq 100); do [ -e "${scratch}/a" ] && break; sleep 0.05; done; [ -e "${scratch}/a" ]; sleep 2.5; echo "b: step 1 of 2" >&2; sleep 1.5; echo "b: done"`,
    );
    const result = runParallel(a, b);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /==> \.ci\/install\.d\/10-a\.sh: ok in \d+ s\n {4}a: saw b\n/);
    assert.match(result.stdout, /==> \.ci\/install\.d\/20-b\.sh: ok in \d+ s\n {4}b: step 1 of 2\n {4}b: done\n/);
    assert.match(
      result.stdout,
      /==> still running: 20-b\.sh, \d+ s \(b: step 1 of 2\)/,
      'the heartbeat shows the last line',
    );
    assert.match(result.stdout, /==> installs done in \d+ s/);
  });

  it("fails after every script has ended when one fails, and shows the failed one's output", () => {
    const failing = script('30-failing.sh', 'echo "30-failing: error: no such package" >&2; exit 7');
    const slow = script('40-slow.sh', `sleep 2; echo "slow finished"; touch "${scratch}/slow-finished"`);
    const result = runParallel(failing, slow);
    assert.equal(result.status, 1);
    assert.match(
      result.stdout,
      /==> \.ci\/install\.d\/30-failing\.sh: FAILED \(exit 7\) in \d+ s\n {4}30-failing: error: no such package/,
    );
    assert.match(result.stdout, /40-slow\.sh: ok/, 'the others still finish');
  });
});
