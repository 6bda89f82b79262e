/** Asserts that `read` fails with a ContractError whose message is `message` (or matches it). */
import assert from 'node:assert/strict';
import { ContractError } from '../../src/contract.ts';

export function assertContractError(read: () => unknown, message: string | RegExp): void {
  assert.throws(read, (error: unknown) => {
    assert.ok(error instanceof ContractError, String(error));
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}
