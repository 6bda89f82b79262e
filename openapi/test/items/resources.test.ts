/** `x-resources` as the contract declares items (every way to get a declaration wrong is in ../resources.test.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadContract } from '../../src/contract.ts';
import { readResources } from '../../src/resources.ts';

const contract = await loadContract();

describe('x-resources', () => {
  it('reads the contract: items keyed by a string id the server chooses, no sort key', () => {
    assert.deepEqual(readResources(contract).items, {
      schema: 'Item',
      partitionKey: { name: 'id', type: 'S', chosenBy: 'server' },
    });
  });
});
