/** `x-integration` as the contract declares it for items (the ways to get it wrong: ../contract-extensions.test.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadContract } from '../../src/contract.ts';
import { readIntegration } from '../../src/integrations/index.ts';
import { operationNamed } from '../support/contract-operations.ts';

const contract = await loadContract();

describe('x-integration', () => {
  it("is read from items' getItem: API Gateway calls GetItem itself", () => {
    assert.deepEqual(readIntegration(operationNamed(contract, 'getItem')), {
      type: 'dynamodb',
      dynamodbActions: ['GetItem'],
      options: {},
    });
  });
});
