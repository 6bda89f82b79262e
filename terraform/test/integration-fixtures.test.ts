// lambda-api's tests plan the module against the bodies the contract renders with the integration kinds of
// tests/fixtures/variants.json overridden (after adding the resources a variant copies): committed so `tofu test`
// needs no generator, and held equal to what the contract renders today (`npm run generate` rewrites them).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FsTree } from 'nx/src/generators/tree';
import { resourceGenerator } from '../../tools/generators/src/resource/generator.ts';
import { fixtureVariants, renderFixture, withResources } from '../scripts/integration-fixtures.ts';

describe('lambda-api integration fixtures', () => {
  for (const [name, variant] of fixtureVariants()) {
    it(`${name} is what the contract renders with ${JSON.stringify(variant)}`, async () => {
      for (const [file, text] of await renderFixture(name, variant))
        assert.equal(readFileSync(file, 'utf8'), text, `${file} is stale: npm run generate rewrites it`);
    });
  }

  it('copies a resource as a second one with its own table and operations', async () => {
    const [, variant] = fixtureVariants().find(([name]) => name === 'two-resources')!;
    const files = await renderFixture('two-resources', variant);
    const infrastructure = JSON.parse([...files.values()][1]!) as {
      tables: Record<string, unknown>;
      operations: Record<string, { path: string; table: string | null }>;
    };
    assert.deepEqual(Object.keys(infrastructure.tables).sort(), ['items', 'notes']);
    assert.deepEqual(infrastructure.operations.deleteItemNotes, {
      ...infrastructure.operations.deleteItem,
      path: '/notes/{id}',
      table: 'notes',
    });
  });

  it('names variants.json when a copy names no resource of the contract', async () => {
    await assert.rejects(
      renderFixture('x', {
        resources: ['items'],
        override: { all: 'lambda' },
        copies: { notes: { of: 'things', paths: ['/things'] } },
      }),
      /variants\.json: copies\.notes: the contract declares no resource "things"/,
    );
  });

  it('keeps only the resources a variant names: a resource the user adds leaves the fixtures as they are', () => {
    const contract = readFileSync(new URL('../../openapi/openapi.yaml', import.meta.url), 'utf8');
    // The generator on the repository's tree, in memory: nothing is written.
    const tree = new FsTree(fileURLToPath(new URL('../../', import.meta.url)), false);
    resourceGenerator(tree, { name: 'fixturekv', partitionKey: 'key', keyChosenBy: 'client' });
    const withAnother = tree.read('openapi/openapi.yaml', 'utf-8') ?? '';
    assert.notEqual(withAnother, contract);
    assert.equal(withResources(withAnother, ['items']), withResources(contract, ['items']));
    assert.throws(
      () => withResources(contract, ['things']),
      /variants\.json: resources: the contract declares no resource "things"/,
    );
  });
});
