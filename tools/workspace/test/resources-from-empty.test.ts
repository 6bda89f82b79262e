/**
 * An API of a team's own resources, as a user makes one: on a scratch copy of the repository, every resource the
 * contract declares removed (`nx g @items-api/generators:resource <name> --remove`, items included), then the
 * resources of the walkthroughs added by one generator command each, nothing else edited: the type checks and tests
 * of the projects the contract feeds in process (openapi, handler, client) pass, and the removed resources' own
 * tests went with them.
 *
 * local-stage, e2e, terraform and bench are affected too, but each takes minutes (DynamoDB Local stages, Playwright,
 * OpenTofu); `npm test` runs them on the repository itself, whose tests take their resources from the contract.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { assertTargetsPass, createScratchRepo, workspace, type ScratchRepo } from './support/scratch-repo.ts';

/** The resource generator's options for each walkthrough's API: a server-chosen id, a client's key, a sort key. */
const added: string[][] = [
  ['users', '--fields', 'firstName:string,lastName:string'],
  ['kv', '--partition-key', 'key', '--key-chosen-by', 'client', '--fields', 'value:string'],
  ['configs', '--partition-key', 'id', '--sort-key', 'range', '--fields', 'value:string'],
];
const projects = ['openapi', 'handler', 'client'];
const targets = ['typecheck', 'test'];

const declared = Object.keys(
  (parse(readFileSync(join(workspace, 'openapi/openapi.yaml'), 'utf8')) as { 'x-resources'?: object })['x-resources'] ??
    {},
);

describe('an API of your own resources, from an empty resource list', { timeout: 900_000 }, () => {
  let repo: ScratchRepo | undefined;

  before(() => {
    repo = createScratchRepo({ ownPackages: true });
    for (const name of declared) repo.nx(['g', '@items-api/generators:resource', name, '--remove']);
    for (const options of added) repo.nx(['g', '@items-api/generators:resource', ...options]);
    repo.git('add', '--all');
    repo.git('commit', '--quiet', '-m', 'our own resources');
  });
  after(() => repo?.remove());

  it("removes each resource's own tests with it, and keeps every other test", () => {
    const removed = declared.filter((name) => !added.some(([kept]) => kept === name));
    const files = repo!.git('ls-files').split('\n');
    for (const name of removed)
      assert.deepEqual(
        files.filter((file) => new RegExp(`/tests?/${name}/`).test(file)),
        [],
        `${name}'s own tests`,
      );
    const deleted = repo!.git('diff', '--name-only', '--diff-filter=D', 'HEAD~1').split('\n').filter(Boolean);
    assert.deepEqual(
      deleted.filter((file) => !declared.some((name) => new RegExp(`/tests?/${name}/`).test(file))),
      [],
      "only the removed resources' own tests are deleted",
    );
  });

  it(`passes ${projects.join(', ')}'s ${targets.join(' and ')} with nothing but the generator commands`, () => {
    assertTargetsPass(repo!, targets, projects, 'on the generated resources');
  });
});
