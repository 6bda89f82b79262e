/** `x-items-integration` and `x-items-table`: every way the contract can get them wrong fails with a message naming the place. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContractError, listOperations, loadContract, readTable, type Json, type JsonObject } from '../src/contract.ts';
import { dynamodbItemActions } from '../src/dynamodb-actions.ts';
import { renderApiGatewayBody } from '../src/generators/apigateway-body.ts';
import { renderInfrastructure } from '../src/generators/infrastructure.ts';
import { renderOperations } from '../src/generators/operations.ts';
import { integrationKindNames, readIntegration } from '../src/integrations/index.ts';

const contract = await loadContract();

/** A copy of the contract with getItem's `x-items-integration` replaced (`undefined` removes it). */
function withGetItemIntegration(declaration: Json | undefined): JsonObject {
  const copy = structuredClone(contract);
  const operation = ((copy.paths as JsonObject)['/items/{id}'] as JsonObject).get as JsonObject;
  if (declaration === undefined) delete operation['x-items-integration'];
  else operation['x-items-integration'] = declaration;
  return copy;
}

function readGetItemIntegration(document: JsonObject) {
  const operation = listOperations(document).find((o) => o.operationId === 'getItem');
  assert.ok(operation);
  return readIntegration(operation);
}

function assertContractError(read: () => unknown, message: string | RegExp): void {
  assert.throws(read, (error: unknown) => {
    assert.ok(error instanceof ContractError, String(error));
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}

const getItem = 'GET /items/{id} (getItem): x-items-integration';

describe('x-items-integration', () => {
  it('is read from every operation of the real contract', () => {
    for (const operation of listOperations(contract)) {
      assert.ok(integrationKindNames.includes(readIntegration(operation).type), operation.operationId);
    }
    assert.deepEqual(readGetItemIntegration(contract), { type: 'dynamodb', dynamodbActions: ['GetItem'], options: {} });
  });

  it('must be present on every operation, and an object', () => {
    assertContractError(
      () => readGetItemIntegration(withGetItemIntegration(undefined)),
      `${getItem} is missing (every operation declares what serves it)`,
    );
    assertContractError(() => readGetItemIntegration(withGetItemIntegration('lambda')), `${getItem} must be an object`);
  });

  it('names a registered integration kind', () => {
    const kinds = integrationKindNames.join(', ');
    assertContractError(
      () => readGetItemIntegration(withGetItemIntegration({ type: 'foo', dynamodbActions: [] })),
      `${getItem}.type "foo" is not one of: ${kinds}`,
    );
    assertContractError(
      () => readGetItemIntegration(withGetItemIntegration({ dynamodbActions: [] })),
      `${getItem}.type (missing) is not one of: ${kinds}`,
    );
    // Not a key inherited from Object.prototype either.
    assertContractError(
      () => readGetItemIntegration(withGetItemIntegration({ type: 'constructor', dynamodbActions: [] })),
      `${getItem}.type "constructor" is not one of: ${kinds}`,
    );
  });

  it('takes no option the kind does not know', () => {
    assertContractError(
      () => readGetItemIntegration(withGetItemIntegration({ type: 'lambda', dynamodbActions: [], timeout: 5 })),
      `${getItem}: "timeout" is not an option of the lambda integration (it takes none)`,
    );
  });

  it('lists DynamoDB actions: a list, only real item actions without the dynamodb: prefix, each once', () => {
    const where = `${getItem}.dynamodbActions`;
    const actions = dynamodbItemActions.join(', ');
    const read = (dynamodbActions: Json | undefined) =>
      readGetItemIntegration(
        withGetItemIntegration(
          dynamodbActions === undefined ? { type: 'lambda' } : { type: 'lambda', dynamodbActions },
        ),
      );
    for (const notAList of [undefined, 'GetItem', { GetItem: true }]) {
      assertContractError(
        () => read(notAList),
        `${where} must be a list of DynamoDB actions (empty when the operation touches no table)`,
      );
    }
    for (const [unknown, shown] of [
      ['GetItems', '"GetItems"'],
      ['dynamodb:GetItem', '"dynamodb:GetItem"'],
      ['*', '"*"'],
      ['CreateTable', '"CreateTable"'],
      [42, '42'],
    ] as const) {
      assertContractError(
        () => read([unknown]),
        `${where}: ${shown} is not a DynamoDB item action (one of: ${actions})`,
      );
    }
    assertContractError(() => read(['GetItem', 'GetItem']), `${where} lists "GetItem" twice`);
    assert.deepEqual(read([]).dynamodbActions, []);
  });

  it('stops every generator that reads it, naming the operation', () => {
    const broken = withGetItemIntegration(undefined);
    for (const render of [renderInfrastructure, renderOperations, renderApiGatewayBody]) {
      assertContractError(() => render(broken), new RegExp(`^${getItem.replace(/[{}()]/g, '\\$&')} is missing`));
    }
  });
});

describe('x-items-table', () => {
  /** A copy of the contract with `x-items-table` replaced and the stored schema's properties edited. */
  function withTable(table: Json | undefined, editItem: (item: JsonObject) => void = () => {}): JsonObject {
    const copy = structuredClone(contract);
    if (table === undefined) delete copy['x-items-table'];
    else copy['x-items-table'] = table;
    editItem(((copy.components as JsonObject).schemas as JsonObject).Item as JsonObject);
    return copy;
  }
  const setIdSchema = (schema: JsonObject) => (item: JsonObject) => {
    (item.properties as JsonObject).id = schema;
  };

  it('derives the key type from the stored schema: the real id is a string ($ref to ItemId), so S', () => {
    assert.deepEqual(readTable(contract), { partitionKey: { name: 'id', type: 'S' } });
    assert.equal(readTable(withTable({ partitionKey: 'id' }, setIdSchema({ type: 'integer' }))).partitionKey.type, 'N');
    assert.equal(readTable(withTable({ partitionKey: 'id' }, setIdSchema({ type: 'number' }))).partitionKey.type, 'N');
  });

  it('must be present and name a property', () => {
    assertContractError(() => readTable(withTable(undefined)), '#.x-items-table must be an object');
    for (const partitionKey of [undefined, '', 7]) {
      assertContractError(
        () => readTable(withTable(partitionKey === undefined ? {} : { partitionKey })),
        '#.x-items-table.partitionKey must be the name of a property of the stored schema',
      );
    }
  });

  it('names a required property of Item', () => {
    assertContractError(
      () => readTable(withTable({ partitionKey: 'sku' })),
      '#.x-items-table.partitionKey "sku" is not a property of components.schemas.Item',
    );
    assertContractError(
      () => readTable(withTable({ partitionKey: 'constructor' })),
      '#.x-items-table.partitionKey "constructor" is not a property of components.schemas.Item',
    );
    assertContractError(
      () => readTable(withTable({ partitionKey: 'description' })),
      '#.x-items-table.partitionKey "description" must be required in components.schemas.Item: every stored item has its key',
    );
  });

  it('has a type DynamoDB can key on', () => {
    const unkeyable: [JsonObject, string][] = [
      [{ type: 'boolean' }, '"boolean"'],
      [{ type: 'array', items: {} }, '"array"'],
      [{ oneOf: [] }, '(none)'],
    ];
    for (const [schema, shown] of unkeyable) {
      assertContractError(
        () => readTable(withTable({ partitionKey: 'id' }, setIdSchema(schema))),
        `#.x-items-table.partitionKey "id" has type ${shown}; a DynamoDB key is a string (S) or a number (N)`,
      );
    }
  });
});
