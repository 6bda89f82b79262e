/** The operation generator on a scratch copy of the contract and the handler's operations map (support/scratch.mts). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { flushChanges, FsTree } from 'nx/src/generators/tree';
import { parse, stringify } from 'yaml';
import { operationGenerator } from '../src/operation/generator.ts';
import { resourceGenerator } from '../src/resource/generator.ts';
import { createScratch, root } from './support/scratch.mts';

interface Operation {
  operationId?: string;
  security?: unknown[];
  responses?: Record<string, { $ref?: string }>;
}

interface Contract {
  paths: Record<string, Record<string, Operation> & { parameters?: unknown[] }>;
}

/** Every operation of the contract with its method. */
function operationsOf(contract: Contract): (Operation & { method: string })[] {
  return Object.values(contract.paths).flatMap((item) =>
    Object.entries(item)
      .filter(([method]) => method !== 'parameters')
      .map(([method, operation]) => ({ ...operation, method })),
  );
}

/** The indexes of `lines` that `before` does not have at that place: one inserted block. */
function addedLines(before: string, lines: string[]): Set<number> {
  const old = before.split('\n');
  let start = 0;
  while (old[start] === lines[start]) start += 1;
  const inserted = lines.length - old.length;
  return new Set(Array.from({ length: inserted }, (_, i) => start + i));
}

/**
 * archiveItem at /items/{id}/archive, or archiveItem2 at /items/{id}/archive2 … if the contract has it already (a
 * user who added it with this generator): the tests hold whatever operations the contract holds.
 */
function unusedArchive(): { operationId: string; path: string } {
  const contract = readFileSync(join(root, 'openapi/openapi.yaml'), 'utf8');
  for (let n = 1; ; n += 1) {
    const suffix = n === 1 ? '' : String(n);
    const operationId = `archiveItem${suffix}`;
    const path = `/items/{id}/archive${suffix}`;
    if (![operationId, `un${operationId}`, `${path}:`].some((name) => contract.includes(name)))
      return { operationId, path };
  }
}

/** Code without its spaces and quotes, whether or not the generator's formatting reached it (.local/ it does not). */
const unformatted = (code: string): string => code.replace(/[\s'"]/g, '');

/** The example of an operation's JSON success response. */
function exampleOf(operation: Operation | undefined): Record<string, unknown> {
  const ok = operation?.responses?.['200'] as { content?: Record<string, { example?: Record<string, unknown> }> };
  return ok.content?.['application/json']?.example ?? {};
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('nx g @items-api/generators:operation', () => {
  let scratch: string;
  let original: string;
  const { operationId, path } = unusedArchive();
  const options = { operationId, method: 'post', path } as const;

  before(async () => {
    scratch = await createScratch('generator-test-');
    original = await readFile(join(scratch, 'openapi/openapi.yaml'), 'utf8');
    const tree = new FsTree(scratch, false);
    const callback = await operationGenerator(tree, options);
    flushChanges(scratch, tree.listChanges());
    await callback();
  });
  after(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('adds the contract stub with its integration, its resource, the path parameter and the responses the writes share', async () => {
    const contract = parse(await readFile(join(scratch, 'openapi/openapi.yaml'), 'utf8')) as Contract;
    const added = contract.paths[path]?.post;
    assert.equal(added?.operationId, operationId);
    assert.deepEqual((added as Record<string, unknown>)['x-integration'], {
      type: 'lambda',
      dynamodbActions: [],
    });
    // The path parameter as items's own path declares it (a shared component in the contract's items, inline in the
    // generator's).
    assert.deepEqual(contract.paths[path]?.parameters, contract.paths['/items/{id}']?.parameters);
    assert.equal(contract.paths[path]?.parameters?.length, 1);
    // A business rule of items: the resource its collection's operations name, no shared action.
    assert.deepEqual((added as Record<string, unknown>)['x-resource'], { name: 'items' });
    const writes = operationsOf(contract).filter((op) => op.method !== 'get' && op.operationId !== operationId);
    const first = writes[0]!.responses!;
    const shared = Object.keys(first).filter(
      (status) => first[status]?.$ref && writes.every((op) => op.responses?.[status]?.$ref === first[status]?.$ref),
    );
    assert.ok(shared.includes('401') && shared.includes('403'), 'the writes document 401 and 403');
    assert.deepEqual(Object.keys(added?.responses ?? {}).sort(), ['200', '404', ...shared].sort());
    for (const status of shared)
      assert.deepEqual(added?.responses?.[status], first[status], `shared response ${status}`);
  });

  it("answers what its path implies: the item's GET success (schema, ETag, example) and the item's 404", async () => {
    const contract = parse(await readFile(join(scratch, 'openapi/openapi.yaml'), 'utf8')) as Contract;
    const added = contract.paths[path]?.post;
    const read = contract.paths['/items/{id}']?.get;
    assert.deepEqual(added?.responses?.['200'], read?.responses?.['200']);
    assert.deepEqual(added?.responses?.['404'], read?.responses?.['404']);
    assert.ok(JSON.stringify(added?.responses?.['200']).includes('example'));
  });

  it('leaves every other byte of the contract as it was: the operation is inserted, nothing re-rendered', async () => {
    const before = original;
    const after = await readFile(join(scratch, 'openapi/openapi.yaml'), 'utf8');
    let prefix = 0;
    while (before[prefix] === after[prefix]) prefix += 1;
    const suffix = before.length - prefix;
    assert.equal(after.slice(0, prefix) + after.slice(after.length - suffix), before);
    assert.match(after.slice(prefix, after.length - suffix), new RegExp(`^ {2}${escapeRegExp(path)}:\n`));
  });

  it('adds a method to an existing path inside its path item, the rest unchanged', async () => {
    const tree = new FsTree(scratch, false);
    const before = tree.read('openapi/openapi.yaml', 'utf-8') ?? '';
    await operationGenerator(tree, { operationId: `un${operationId}`, method: 'delete', path });
    const after = tree.read('openapi/openapi.yaml', 'utf-8') ?? '';
    const contract = parse(after) as Contract;
    assert.equal(contract.paths[path]?.delete?.operationId, `un${operationId}`);
    assert.equal(contract.paths[path]?.post?.operationId, operationId);
    assert.deepEqual(
      before.split('\n'),
      after.split('\n').filter((line, i, lines) => !addedLines(before, lines).has(i)),
    );
  });

  it("secures a new write like the contract's writes, and a new read like its reads", async () => {
    const contract = parse(await readFile(join(scratch, 'openapi/openapi.yaml'), 'utf8')) as Contract;
    const securityOf = (read: boolean) => [
      ...new Set(
        operationsOf(contract)
          .filter((op) => op.security?.length && (op.method === 'get') === read && op.operationId !== operationId)
          .map((op) => JSON.stringify(op.security)),
      ),
    ];
    assert.deepEqual(securityOf(false), [JSON.stringify(contract.paths[path]?.post?.security)]);
    assert.notDeepEqual(securityOf(true), securityOf(false));

    const tree = new FsTree(scratch, false);
    await operationGenerator(tree, { operationId: 'itemHistory', method: 'get', path: '/items/{id}/history' });
    const withRead = parse(tree.read('openapi/openapi.yaml', 'utf-8') ?? '') as Contract;
    assert.deepEqual(securityOf(true), [JSON.stringify(withRead.paths['/items/{id}/history']?.get?.security)]);
  });

  it('refuses to guess when the operations of its kind are secured differently', async () => {
    const tree = new FsTree(scratch, false);
    const contract = parse(tree.read('openapi/openapi.yaml', 'utf-8') ?? '') as Contract;
    contract.paths['/items/{id}']!.delete!.security = [{ itemsOAuth: ['items:read'], apiKey: [] }];
    tree.write('openapi/openapi.yaml', stringify(contract));
    await assert.rejects(
      operationGenerator(tree, { operationId: 'purgeItem', method: 'post', path: '/items/{id}/purge' }),
      /cannot tell the security of a new write operation: the contract's secured write operations on \/items state 2 different ones/,
    );
  });

  it('regenerates: the operations table and API Gateway body have the new operation', async () => {
    assert.match(await readFile(join(scratch, 'openapi/generated/operations.ts'), 'utf8'), new RegExp(operationId));
    const body = JSON.parse(
      await readFile(join(scratch, 'openapi/generated/apigateway-body.json'), 'utf8'),
    ) as Contract;
    assert.equal(body.paths[path]?.post?.operationId, operationId);
  });

  it('adds a handler stub to the operations map and a test skeleton', async () => {
    assert.match(
      await readFile(join(scratch, 'packages/handler/src/rules.ts'), 'utf8'),
      new RegExp(`${operationId}: \\(\\) =>`),
    );
    assert.match(await readFile(join(scratch, `packages/handler/test/${operationId}.test.ts`), 'utf8'), /it\.todo\(/);
  });

  it("writes a test skeleton on the resource's table, addressing the resource's example object", async () => {
    const skeleton = unformatted(await readFile(join(scratch, `packages/handler/test/${operationId}.test.ts`), 'utf8'));
    const contract = parse(await readFile(join(scratch, 'openapi/openapi.yaml'), 'utf8')) as Contract;
    const { id } = exampleOf(contract.paths['/items/{id}']?.get);
    assert.ok(typeof id === 'string', "the item's GET has an example with an id");
    assert.ok(skeleton.includes('tableNames:{items:items}'), 'the app names the table of items');
    assert.ok(skeleton.includes(`event(POST,${path.replace('{id}', id)})`), `the request addresses the example ${id}`);
  });

  it('takes a business rule of another resource to that resource: its path parameter, security and table', async () => {
    const tree = new FsTree(scratch, false);
    resourceGenerator(tree, { name: 'members' });
    await operationGenerator(tree, { operationId: 'activateMember', method: 'post', path: '/members/{id}/activate' });
    const contract = parse(tree.read('openapi/openapi.yaml', 'utf-8') ?? '') as Contract;
    const added = contract.paths['/members/{id}/activate'];
    assert.deepEqual(added?.parameters, contract.paths['/members/{id}']?.parameters, "the member's id, not an item's");
    assert.deepEqual((added?.post as Record<string, unknown>)['x-resource'], { name: 'members' });
    assert.deepEqual(added?.post?.security, contract.paths['/members/{id}']?.delete?.security);
    const skeleton = unformatted(tree.read('packages/handler/test/activateMember.test.ts', 'utf-8') ?? '');
    assert.ok(skeleton.includes('tableNames:{members:members}'), 'the app names the table of members');
  });

  it('refuses an operationId the contract has, and malformed options', async () => {
    const tree = new FsTree(scratch, false);
    await assert.rejects(operationGenerator(tree, options), new RegExp(`${operationId} is already an operation`));
    await assert.rejects(operationGenerator(tree, { ...options, operationId: 'Archive' }), /camelCase/);
    await assert.rejects(operationGenerator(tree, { ...options, path: 'items' }), /--path must look like/);
    await assert.rejects(operationGenerator(tree, { ...options, method: 'trace' as 'get' }), /--method must be/);
    await assert.rejects(
      operationGenerator(tree, { ...options, operationId: 'other', method: 'get', path: '/items' }),
      /GET \/items is already/,
    );
  });
});
