// lambda-api's tests plan the module against the bodies of the APIs tests/fixtures/variants.json describes (its
// resources added by the resource generator to the contract without its own, its integration kinds overridden):
// committed so `tofu test` needs no generator, and held equal to what they render today (`npm run generate`
// rewrites them).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FsTree } from 'nx/src/generators/tree';
import { resources } from '@items-api/openapi/operations';
import { resourceGenerator } from '../../tools/generators/src/resource/generator.ts';
import { fixtureContract, fixtureVariants, renderFixture } from '../scripts/integration-fixtures.ts';

const contractText = () => readFileSync(new URL('../../openapi/openapi.yaml', import.meta.url), 'utf8');

describe('lambda-api integration fixtures', () => {
  for (const [name, variant] of fixtureVariants()) {
    it(`${name} is what the contract renders with ${JSON.stringify(variant)}`, async () => {
      for (const [file, text] of await renderFixture(name, variant))
        assert.equal(readFileSync(file, 'utf8'), text, `${file} is stale: npm run generate rewrites it`);
    });
  }

  it('two-resources holds two tables, each with its own operations', async () => {
    const [, variant] = fixtureVariants().find(([name]) => name === 'two-resources')!;
    const files = await renderFixture('two-resources', variant);
    const infrastructure = JSON.parse([...files.values()][1]!) as {
      tables: Record<string, unknown>;
      operations: Record<string, { path: string; table: string | null }>;
    };
    assert.deepEqual(Object.keys(infrastructure.tables).sort(), ['items', 'notes']);
    assert.equal(infrastructure.operations.deleteNote?.table, 'notes');
    assert.equal(infrastructure.operations.deleteItem?.table, 'items');
  });

  it("follows none of the contract's own resources: adding one, or removing any (items too), leaves the fixtures as they are", () => {
    const contract = contractText();
    const fixture = fixtureContract(contract, [{ name: 'items' }]);
    const declared = Object.keys(resources);
    // The generator on the repository's tree, in memory: nothing is written.
    const tree = new FsTree(fileURLToPath(new URL('../../', import.meta.url)), false);
    resourceGenerator(tree, { name: 'fixturekv', partitionKey: 'key', keyChosenBy: 'client' });
    assert.equal(fixtureContract(tree.read('openapi/openapi.yaml', 'utf-8') ?? '', [{ name: 'items' }]), fixture);
    for (const name of declared) {
      resourceGenerator(tree, { name, remove: true });
      assert.equal(fixtureContract(tree.read('openapi/openapi.yaml', 'utf-8') ?? '', [{ name: 'items' }]), fixture);
    }
  });

  it('names variants.json when a variant asks the generator for what it refuses', () => {
    assert.throws(
      () => fixtureContract(contractText(), [{ name: 'Notes' }]),
      /variants\.json: resources: resource generator: the resource name starts with a lower-case letter/,
    );
  });
});
