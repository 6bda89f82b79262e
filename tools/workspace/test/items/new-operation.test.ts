/**
 * Issue 23, as a user meets it: on a scratch copy of the repository, `nx g @items-api/generators:operation
 * archiveItem --method post --path /items/{id}/archive`, then only what is the operation's own (the hand-written
 * lines of archive-item.patch: the contract's summary, description, DynamoDB actions and example, the
 * handler's logic, the test of its rule), then `npm run generate`; the type checks and tests of the projects
 * the contract feeds in process (openapi, handler, client) pass with nothing else edited.
 *
 * local-stage, e2e, terraform and bench are affected too, but each takes minutes (DynamoDB Local stages, Playwright,
 * OpenTofu): `npm test` runs them on the repository itself, whose tests read the operations from the same table.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { assertTargetsPass, createScratchRepo, type ScratchRepo } from '../support/scratch-repo.ts';

const patch = new URL('archive-item.patch', import.meta.url);
const contract = 'openapi/openapi.yaml';
/** The projects checked here, and their targets. */
const projects = ['openapi', 'handler', 'client'];
const targets = ['typecheck', 'test'];

/** The lines a diff adds and removes, without its headers. */
function changedLines(diff: string): { added: string[]; removed: string[] } {
  const lines = diff.split('\n').filter((line) => !line.startsWith('+++') && !line.startsWith('---'));
  return {
    added: lines.filter((line) => line.startsWith('+')),
    removed: lines.filter((line) => line.startsWith('-')),
  };
}

describe('a new operation: the generator, then only its contract and logic', { timeout: 900_000 }, () => {
  let repo: ScratchRepo | undefined;

  before(() => {
    repo = createScratchRepo({ ownPackages: true });
    repo.nx([
      'g',
      '@items-api/generators:operation',
      'archiveItem',
      '--method',
      'post',
      '--path',
      '/items/{id}/archive',
    ]);
    repo.git('add', '--all');
    repo.git('commit', '--quiet', '-m', 'generated archiveItem');
  });
  after(() => repo?.remove());

  it('adds the operation to the contract without touching another byte of it', () => {
    const { added, removed } = changedLines(repo!.git('diff', 'HEAD~1', '--', contract));
    assert.deepEqual(removed, []);
    assert.ok(added.some((line) => line.includes('operationId: archiveItem')));
  });

  it('leaves under 40 hand-written lines in at most 3 files: the contract, the logic and its test', () => {
    const text = readFileSync(patch, 'utf8');
    const files = [...text.matchAll(/^\+\+\+ b\/(.+)$/gm)].map((match) => match[1]);
    assert.deepEqual(files, [contract, 'packages/handler/src/rules.ts', 'packages/handler/test/archiveItem.test.ts']);
    assert.ok(changedLines(text).added.length < 40, `${changedLines(text).added.length} lines`);
  });

  it(`passes ${projects.join(', ')}'s ${targets.join(' and ')} once the hand-written lines are in`, () => {
    repo!.git('apply', patch.pathname);
    repo!.nx(['run-many', '-t', 'generate']); // npm run generate
    repo!.git('add', '--all');
    repo!.git('commit', '--quiet', '-m', 'archiveItem: contract and logic');
    const affected = repo!.nx(['show', 'projects', '--affected', '--base=HEAD~2', '--head=HEAD', '--json']);
    for (const project of projects) assert.ok(affected.includes(`"${project}"`), `${project} is not affected`);
    assertTargetsPass(repo!, targets, projects, 'after the generator and the hand-written lines');
  });
});
