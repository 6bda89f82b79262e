/** `x-integration`: every way the contract can get them wrong fails with a message naming the place. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listOperations, loadContract, type Json, type JsonObject } from '../src/contract.ts';
import { dynamodbItemActions } from '../src/dynamodb-actions.ts';
import { renderApiGatewayBody } from '../src/generators/apigateway-body.ts';
import { renderInfrastructure } from '../src/generators/infrastructure.ts';
import { renderOperations } from '../src/generators/operations.ts';
import { integrationKindNames, readIntegration } from '../src/integrations/index.ts';
import { assertContractError } from './support/contract-errors.ts';

const contract = await loadContract();

/** A copy of the contract with getItem's `x-integration` replaced (`undefined` removes it). */
function withGetItemIntegration(declaration: Json | undefined): JsonObject {
  const copy = structuredClone(contract);
  const operation = ((copy.paths as JsonObject)['/items/{id}'] as JsonObject).get as JsonObject;
  if (declaration === undefined) delete operation['x-integration'];
  else operation['x-integration'] = declaration;
  return copy;
}

function readGetItemIntegration(document: JsonObject) {
  const operation = listOperations(document).find((o) => o.operationId === 'getItem');
  assert.ok(operation);
  return readIntegration(operation);
}

const getItem = 'GET /items/{id} (getItem): x-integration';

describe('x-integration', () => {
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
