/**
 * The tsconfig project references (which the typecheck targets' `tsc --build` follows) are generated from the
 * project graph by Nx's @nx/js:typescript-sync generator. Nx skips its own sync check under CI=true, so this test is
 * what fails when a dependency was added or removed without `npx nx sync`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, it } from 'node:test';
import { workspace } from './support/scratch-repo.ts';

describe('tsconfig project references', { timeout: 120_000 }, () => {
  it('match the project graph (nx sync:check)', () => {
    const check = spawnSync(join(workspace, 'node_modules', '.bin', 'nx'), ['sync:check'], {
      cwd: workspace,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    const output = stripVTControlCharacters(`${check.stdout}${check.stderr}`);
    assert.equal(check.status, 0, `run \`npx nx sync\` and commit the tsconfig changes:\n${output}`);
    assert.match(output, /All files are up to date/);
  });
});
