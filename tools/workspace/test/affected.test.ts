/**
 * `nx affected` is only as good as the project graph. This test copies the working tree into a scratch git repo,
 * makes one commit that touches only the contract and one that touches only the client, and asks Nx which
 * projects' tests each commit affects.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

const workspace = fileURLToPath(new URL('../../../', import.meta.url));
let scratch = '';

function run(command: string, args: string[]): string {
  return execFileSync(command, args, {
    cwd: scratch,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_SKIP_NX_CACHE: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function git(...args: string[]): string {
  return run('git', ['-c', 'user.name=affected-test', '-c', 'user.email=affected-test@localhost', ...args]);
}

/** Projects whose `test` target `nx affected -t test --base=HEAD~1` would run. */
function affectedTests(): string[] {
  const nx = join(workspace, 'node_modules', '.bin', 'nx');
  const out = run(nx, ['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '--withTarget=test', '--json']);
  return (JSON.parse(out.slice(out.indexOf('['))) as string[]).sort();
}

function commitChange(file: string, line: string): void {
  appendFileSync(join(scratch, file), line);
  git('add', file);
  git('commit', '--quiet', '-m', `touch ${file}`);
}

describe('nx affected', { timeout: 180_000 }, () => {
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'items-api-affected-'));
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: workspace, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean);
    for (const file of files) {
      mkdirSync(dirname(join(scratch, file)), { recursive: true });
      try {
        cpSync(join(workspace, file), join(scratch, file));
      } catch {
        // Listed by git but deleted in the working tree: not part of the graph.
      }
    }
    symlinkSync(join(workspace, 'node_modules'), join(scratch, 'node_modules'), 'dir');
    git('init', '--quiet', '--initial-branch=main');
    git('add', '--all');
    git('commit', '--quiet', '-m', 'base');
  });

  after(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('runs the tests of everything built from the contract when only openapi.yaml changes', () => {
    commitChange('openapi/openapi.yaml', '# a contract change\n');
    const affected = affectedTests();
    for (const project of ['openapi', 'handler', 'client', 'e2e', 'terraform']) {
      assert.ok(affected.includes(project), `${project} is not affected by a contract change: ${affected.join(', ')}`);
    }
  });

  it('does not run the terraform (or handler) tests when only the client changes', () => {
    commitChange('packages/client/src/index.ts', '// a client change\n');
    const affected = affectedTests();
    assert.ok(affected.includes('client'), `client is not affected by its own change: ${affected.join(', ')}`);
    assert.ok(affected.includes('e2e'), `e2e uses the client but is not affected: ${affected.join(', ')}`);
    for (const project of ['terraform', 'handler', 'openapi']) {
      assert.ok(!affected.includes(project), `${project} should not be affected by a client change`);
    }
  });
});
