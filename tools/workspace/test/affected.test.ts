/**
 * `nx affected` is only as good as the project graph, which Nx infers from the workspace packages' package.json
 * dependencies and imports. This test copies the working tree into a scratch git repo, makes commits that each
 * touch one project, and asks Nx which projects' tests each commit affects.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createScratchRepo, type ScratchRepo } from './support/scratch-repo.ts';

let repo: ScratchRepo | undefined;

/** Projects whose `test` target `nx affected -t test --base=HEAD~1` would run. */
function affectedTests(): string[] {
  const out = repo!.nx(
    ['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '--withTarget=test', '--json'],
    {
      NX_SKIP_NX_CACHE: 'true',
    },
  );
  return (JSON.parse(out.slice(out.indexOf('['))) as string[]).sort();
}

function assertAffected(affected: string[], expected: string[], notExpected: string[], change: string): void {
  for (const project of expected) {
    assert.ok(affected.includes(project), `${project} is not affected by ${change}: ${affected.join(', ')}`);
  }
  for (const project of notExpected) {
    assert.ok(!affected.includes(project), `${project} should not be affected by ${change}: ${affected.join(', ')}`);
  }
}

describe('nx affected', { timeout: 240_000 }, () => {
  before(() => {
    repo = createScratchRepo();
  });

  after(() => repo?.remove());

  it('runs the tests of everything built from the contract when only openapi.yaml changes', () => {
    repo!.commitChange('openapi/openapi.yaml', '# a contract change\n');
    assertAffected(
      affectedTests(),
      ['openapi', 'handler', 'client', 'local-stage', 'e2e', 'bench', 'terraform', 'workspace'],
      ['dynamodb-local'],
      'a contract change',
    );
  });

  it('does not run the terraform (or handler) tests when only the client changes', () => {
    repo!.commitChange('packages/client/src/index.ts', '// a client change\n');
    assertAffected(
      affectedTests(),
      ['client', 'local-stage', 'e2e', 'stage-env'],
      ['terraform', 'handler', 'openapi', 'dynamodb-local'],
      'a client change',
    );
  });

  it('runs the terraform tests when the handler changes, which terraform deploys as a zip', () => {
    repo!.commitChange('packages/handler/src/logger.ts', '// a handler change\n');
    assertAffected(
      affectedTests(),
      ['handler', 'terraform', 'local-stage', 'e2e', 'bench'],
      ['client', 'openapi', 'dynamodb-local'],
      'a handler change',
    );
  });
});
