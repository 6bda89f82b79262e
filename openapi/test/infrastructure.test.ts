/** infrastructure.json and its twin in operations.ts: complete, consistent with the contract and with the body. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { infrastructure, operations, routes } from '../generated/operations.ts';
import { listOperations, loadContract, type JsonObject } from '../src/contract.ts';
import { readOperationResource, readResources } from '../src/resources.ts';
import { dynamodbItemActions, iamActionName } from '../src/dynamodb-actions.ts';
import type { Infrastructure } from '../src/generators/infrastructure.ts';
import { integrationKinds, isIntegrationKindName, readIntegration } from '../src/integrations/index.ts';
import { readAccess, readOperationAccess } from '../src/security.ts';

const generated = (file: string) => new URL(`../generated/${file}`, import.meta.url);
const json = JSON.parse(await readFile(generated('infrastructure.json'), 'utf8')) as Infrastructure;
const body = JSON.parse(await readFile(generated('apigateway-body.json'), 'utf8')) as {
  paths: Record<string, Record<string, JsonObject>>;
};
const contract = await loadContract();

describe('infrastructure.json', () => {
  it('is what operations.ts exports as `infrastructure`', () => {
    assert.deepEqual(json, infrastructure);
  });

  it('holds every contract operation, with its method, path, declared integration and access', () => {
    const contractOperations = listOperations(contract);
    const access = readAccess(contract);
    const resources = readResources(contract);
    assert.deepEqual(
      Object.keys(json.operations),
      contractOperations.map((o) => o.operationId),
    );
    for (const operation of contractOperations) {
      const declared = readIntegration(operation);
      assert.deepEqual(json.operations[operation.operationId], {
        method: operation.method.toUpperCase(),
        path: operation.path,
        integration: declared.type,
        table: readOperationResource(resources, operation, declared.dynamodbActions)?.name ?? null,
        dynamodbActions: declared.dynamodbActions.map(iamActionName),
        ...readOperationAccess(access, operation),
      });
    }
  });

  it('gives each kind in use its operations and the sorted union of their actions, nothing more', () => {
    const entries = Object.entries(json.operations);
    const kindsInUse = [...new Set(entries.map(([, o]) => o.integration))].sort();
    assert.deepEqual(Object.keys(json.integrations).sort(), kindsInUse);
    for (const [kind, integration] of Object.entries(json.integrations)) {
      const served = entries.filter(([, o]) => o.integration === kind);
      assert.deepEqual(
        integration.operations,
        served.map(([id]) => id),
        kind,
      );
      const union = [...new Set(served.flatMap(([, o]) => o.dynamodbActions))].sort();
      assert.deepEqual(integration.dynamodbActions, union, kind);
    }
  });

  it('names only real, prefixed DynamoDB item actions (no wildcard)', () => {
    const known = new Set<string>(dynamodbItemActions.map(iamActionName));
    for (const [id, operation] of Object.entries(json.operations)) {
      for (const action of operation.dynamodbActions) assert.ok(known.has(action), `${id}: ${action}`);
    }
  });

  it('states the integration timeout every lambda operation has in the body', () => {
    assert.equal(json.integrationTimeoutMillis, integrationKinds.lambda.timeoutMillis);
    for (const [id, { method, path, integration }] of Object.entries(json.operations)) {
      if (integration !== 'lambda') continue;
      const rendered = body.paths[path]?.[method.toLowerCase()]?.['x-amazon-apigateway-integration'] as JsonObject;
      assert.equal(rendered.timeoutInMillis, json.integrationTimeoutMillis, id);
    }
  });

  it('has one table per resource, keyed as x-resources says, and names the table of each operation', () => {
    const resources = readResources(contract);
    assert.deepEqual(Object.keys(json.tables), Object.keys(resources));
    for (const [name, { partitionKey, sortKey }] of Object.entries(resources)) {
      assert.deepEqual(json.tables[name]?.partitionKey, { name: partitionKey.name, type: partitionKey.type }, name);
      assert.deepEqual(json.tables[name]?.sortKey, sortKey && { name: sortKey.name, type: sortKey.type }, name);
    }
    for (const [id, operation] of Object.entries(json.operations)) {
      assert.equal(operation.table === null, operation.dynamodbActions.length === 0, id);
    }
  });

  it("grants each kind its operations' actions on their own tables only", () => {
    for (const [kind, { operations: ids, tables }] of Object.entries(json.integrations)) {
      const expected: Record<string, Set<string>> = {};
      for (const id of ids) {
        const { table, dynamodbActions } = json.operations[id] ?? assert.fail(id);
        if (table !== null) for (const action of dynamodbActions) (expected[table] ??= new Set()).add(action);
      }
      assert.deepEqual(
        tables,
        Object.fromEntries(Object.entries(expected).map(([table, actions]) => [table, [...actions].sort()])),
        kind,
      );
    }
  });
});

describe('operations.ts', () => {
  it('gives each operation the integration infrastructure.json gives it', () => {
    for (const [id, operation] of Object.entries(operations)) {
      assert.ok(isIntegrationKindName(operation.integration), id);
      assert.equal(operation.integration, infrastructure.operations[id as keyof typeof operations].integration, id);
    }
  });

  it('routes each resource template and method to its operation, and nothing else', () => {
    const expected: Record<string, Record<string, string>> = {};
    for (const [id, { path, method }] of Object.entries(operations))
      expected[path] = { ...expected[path], [method]: id };
    assert.deepEqual(routes, expected);
  });
});
