/**
 * The operation generator on a scratch copy of the contract, the generator and the handler's operations map (under
 * .local/, so the copy resolves the workspace's packages): the real tree is never modified.
 */
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { flushChanges, FsTree } from 'nx/src/generators/tree';
import { parse } from 'yaml';
import { operationGenerator } from '../src/operation/generator.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

interface Contract {
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, { $ref?: string }> }>>;
}

describe('nx g @items-api/generators:operation', () => {
  let scratch: string;
  const options = { operationId: 'archiveItem', method: 'post', path: '/items/{id}/archive' } as const;

  before(async () => {
    await mkdir(join(root, '.local'), { recursive: true });
    scratch = await mkdtemp(join(root, '.local', 'generator-test-'));
    for (const path of [
      'openapi/openapi.yaml',
      'openapi/src',
      'openapi/generated',
      'packages/handler/src',
      'redocly.yaml',
    ])
      await cp(join(root, path), join(scratch, path), { recursive: true });
    const tree = new FsTree(scratch, false);
    const callback = await operationGenerator(tree, options);
    flushChanges(scratch, tree.listChanges());
    await callback();
  });
  after(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('adds the contract stub with its integration, the path parameter and the responses every operation shares', async () => {
    const contract = parse(await readFile(join(scratch, 'openapi/openapi.yaml'), 'utf8')) as Contract;
    const added = contract.paths['/items/{id}/archive']?.post;
    assert.equal(added?.operationId, 'archiveItem');
    assert.deepEqual((added as Record<string, unknown>)['x-items-integration'], {
      type: 'lambda',
      dynamodbActions: [],
    });
    assert.deepEqual(contract.paths['/items/{id}/archive']?.parameters, [{ $ref: '#/components/parameters/ItemId' }]);
    const shared = contract.paths['/health']!.get!.responses!;
    for (const [status, response] of Object.entries(shared))
      if (
        response.$ref &&
        Object.values(contract.paths).every((item) =>
          Object.values(item).every((op) => !op.responses || op.responses[status]?.$ref === response.$ref),
        )
      )
        assert.deepEqual(added?.responses?.[status], response, `shared response ${status}`);
  });

  it('regenerates: the operations table and API Gateway body have the new operation', async () => {
    assert.match(await readFile(join(scratch, 'openapi/generated/operations.ts'), 'utf8'), /archiveItem/);
    const body = JSON.parse(
      await readFile(join(scratch, 'openapi/generated/apigateway-body.json'), 'utf8'),
    ) as Contract;
    assert.equal(body.paths['/items/{id}/archive']?.post?.operationId, 'archiveItem');
  });

  it('adds a handler stub to the operations map and a test skeleton', async () => {
    assert.match(await readFile(join(scratch, 'packages/handler/src/operations.ts'), 'utf8'), /archiveItem: \(\) =>/);
    assert.match(await readFile(join(scratch, 'packages/handler/test/archiveItem.test.ts'), 'utf8'), /it\.todo\(/);
  });

  it('refuses an operationId the contract has, and malformed options', async () => {
    const tree = new FsTree(scratch, false);
    await assert.rejects(operationGenerator(tree, options), /archiveItem is already an operation/);
    await assert.rejects(operationGenerator(tree, { ...options, operationId: 'Archive' }), /camelCase/);
    await assert.rejects(operationGenerator(tree, { ...options, path: 'items' }), /--path must look like/);
    await assert.rejects(operationGenerator(tree, { ...options, method: 'trace' as 'get' }), /--method must be/);
    await assert.rejects(
      operationGenerator(tree, { ...options, operationId: 'other', method: 'get', path: '/items' }),
      /GET \/items is already/,
    );
  });
});
