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
import { firstWithAction, named, operationNamed, operationObject } from './support/contract-operations.ts';

const contract = await loadContract();
/** The operation the tests edit: the contract's first read of a resource, which calls GetItem whatever serves it. */
const readOperation = firstWithAction(contract, 'read');

/** A copy of the contract with that operation's `x-integration` replaced (`undefined` removes it). */
function withIntegration(declaration: Json | undefined): JsonObject {
  const copy = structuredClone(contract);
  const operation = operationObject(copy, readOperation);
  if (declaration === undefined) delete operation['x-integration'];
  else operation['x-integration'] = declaration;
  return copy;
}

function integrationOf(document: JsonObject) {
  return readIntegration(operationNamed(document, readOperation.operationId));
}

const xIntegration = `${named(readOperation)}: x-integration`;

describe('x-integration', () => {
  it('is read from every operation of the real contract', () => {
    for (const operation of listOperations(contract)) {
      assert.ok(integrationKindNames.includes(readIntegration(operation).type), operation.operationId);
    }
    const declared = readOperation.operation['x-integration'] as JsonObject;
    assert.deepEqual(integrationOf(contract), { type: declared.type, dynamodbActions: ['GetItem'], options: {} });
  });

  it('must be present on every operation, and an object', () => {
    assertContractError(
      () => integrationOf(withIntegration(undefined)),
      `${xIntegration} is missing (every operation declares what serves it)`,
    );
    assertContractError(() => integrationOf(withIntegration('lambda')), `${xIntegration} must be an object`);
  });

  it('names a registered integration kind', () => {
    const kinds = integrationKindNames.join(', ');
    assertContractError(
      () => integrationOf(withIntegration({ type: 'foo', dynamodbActions: [] })),
      `${xIntegration}.type "foo" is not one of: ${kinds}`,
    );
    assertContractError(
      () => integrationOf(withIntegration({ dynamodbActions: [] })),
      `${xIntegration}.type (missing) is not one of: ${kinds}`,
    );
    // Not a key inherited from Object.prototype either.
    assertContractError(
      () => integrationOf(withIntegration({ type: 'constructor', dynamodbActions: [] })),
      `${xIntegration}.type "constructor" is not one of: ${kinds}`,
    );
  });

  it('takes no option the kind does not know', () => {
    assertContractError(
      () => integrationOf(withIntegration({ type: 'lambda', dynamodbActions: [], timeout: 5 })),
      `${xIntegration}: "timeout" is not an option of the lambda integration (it takes none)`,
    );
  });

  it('lists DynamoDB actions: a list, only real item actions without the dynamodb: prefix, each once', () => {
    const where = `${xIntegration}.dynamodbActions`;
    const actions = dynamodbItemActions.join(', ');
    const read = (dynamodbActions: Json | undefined) =>
      integrationOf(
        withIntegration(dynamodbActions === undefined ? { type: 'lambda' } : { type: 'lambda', dynamodbActions }),
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
    const broken = withIntegration(undefined);
    for (const render of [renderInfrastructure, renderOperations, renderApiGatewayBody]) {
      assertContractError(() => render(broken), new RegExp(`^${xIntegration.replace(/[{}()]/g, '\\$&')} is missing`));
    }
  });
});
