/**
 * An API of the user's own from an empty resource list: `--remove items` takes items (written by hand in the
 * generator's shape) out of a scratch copy of the contract with the components only it used, keeps those every
 * resource's operations share, and a resource added to the empty list documents what it would have next to items,
 * passes the contract's lint, and goes again byte for byte.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { flushChanges, FsTree } from 'nx/src/generators/tree';
import * as prettier from 'prettier';
import { parse } from 'yaml';
import { operationsOf, parseContract } from '../src/contract-text.ts';
import { resourceGenerator, type ResourceSchema } from '../src/resource/generator.ts';
import { sharedComponents, sharedErrors } from '../src/resource/operations.ts';
import { createScratch, root } from './support/scratch.mts';

const contractFile = 'openapi/openapi.yaml';

interface Contract {
  'x-resources': Record<string, unknown>;
  paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  components: Record<string, Record<string, unknown>> & {
    securitySchemes: Record<string, { flows?: { clientCredentials: { scopes: Record<string, string> } } }>;
  };
}

describe('an API from an empty resource list', () => {
  let scratch: string;
  let itemsContract: string;
  let empty: string;
  const run = (options: ResourceSchema) => {
    const tree = new FsTree(scratch, false);
    const regenerate = resourceGenerator(tree, options);
    flushChanges(scratch, tree.listChanges());
    return regenerate;
  };
  const contractText = () => readFile(join(scratch, contractFile), 'utf8');
  const lint = () =>
    execFileSync(process.execPath, ['--import', 'tsx', 'src/lint.ts'], {
      cwd: join(scratch, 'openapi'),
      encoding: 'utf8',
      stdio: 'pipe',
    });

  let removalMessage = '';
  let generatedBefore = '';
  let generatedAfter = '';
  const operationsTable = () => readFile(join(scratch, 'openapi/generated/operations.ts'), 'utf8');

  before(async () => {
    scratch = await createScratch('empty-resource-list-test-');
    itemsContract = await contractText();
    generatedBefore = await operationsTable();
    const regenerate = run({ name: 'items', remove: true });
    const log = console.log;
    console.log = (message: string) => (removalMessage += message);
    try {
      await regenerate();
    } finally {
      console.log = log;
    }
    generatedAfter = await operationsTable();
    empty = await contractText();
  });
  after(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('removes items with what only it used, and keeps what every resource shares', () => {
    const contract = parse(empty) as Contract;
    assert.deepEqual(contract['x-resources'], {});
    assert.deepEqual(Object.keys(contract.paths), ['/health']);
    assert.deepEqual(contract.components.securitySchemes.itemsOAuth?.flows?.clientCredentials.scopes, {});
    const left = (section: string) => Object.keys(contract.components[section] ?? {});
    for (const gone of ['Item', 'NewItem', 'ItemPatch', 'ItemPage', 'ItemId', 'ItemName', 'ItemTags', 'ItemTag'])
      assert.ok(!left('schemas').includes(gone), `schemas.${gone} is gone`);
    assert.ok(!left('schemas').includes('AttributeValue'), 'AttributeValue, which only items referred to, is gone');
    assert.ok(!left('parameters').includes('ItemId'), "items' path parameter is gone");
    for (const [section, names] of Object.entries(sharedComponents))
      for (const name of names)
        assert.ok(left(section).includes(name), `${section}.${name} stays for the next resource`);
  });

  it('leaves generation to the next resource, and says so', () => {
    assert.match(removalMessage, /It was the last resource: .* generation waits for it/);
    assert.match(removalMessage, /npx nx g @items-api\/generators:resource <name>/);
    assert.equal(generatedAfter, generatedBefore, 'nothing regenerated from a contract without resources');
  });

  it("keeps the contract's Prettier style, the empty maps included", async () => {
    const options = await prettier.resolveConfig(join(root, contractFile));
    assert.equal(await prettier.format(empty, { ...options, filepath: contractFile }), empty);
  });

  it('documents for a new resource the errors a resource next to items documents', () => {
    const withItems = parseContract(itemsContract).contract;
    const withNone = parseContract(empty).contract;
    assert.equal(operationsOf(withNone).length, 1, 'only /health is left');
    for (const read of [true, false]) assert.deepEqual(sharedErrors(withNone, read), sharedErrors(withItems, read));
  });

  it('adds a resource to the empty list: its contract passes the lint, and --remove gives the empty list back', async () => {
    await run({ name: 'kv', partitionKey: 'key', keyChosenBy: 'client', fields: 'value:string' })();
    const contract = parse(await contractText()) as Contract;
    assert.deepEqual(Object.keys(contract['x-resources']), ['kv']);
    assert.deepEqual(Object.keys(contract.paths), ['/health', '/kv', '/kv/{key}']);
    try {
      lint();
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      assert.fail(`the contract with kv alone does not lint:\n${stdout}${stderr}`);
    }
    run({ name: 'kv', remove: true });
    assert.equal(await contractText(), empty);
  });

  it('lints as unused, until a resource is added, the components every resource shares', () => {
    assert.throws(lint, (error: { stderr?: string }) => /no-unused-components/.test(error.stderr ?? ''));
  });

  it('adds a resource served directly to the empty list: its contract passes the lint', async () => {
    await run({ name: 'notes', direct: true })();
    try {
      lint();
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      assert.fail(`the contract with notes alone does not lint:\n${stdout}${stderr}`);
    }
  });
});
