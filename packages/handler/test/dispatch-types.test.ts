/**
 * The typed dispatch map really is exhaustive: `tsc` (handler:typecheck) fails if the `@ts-expect-error` below
 * stops being an error, i.e. if a map missing an operation were accepted.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { operations } from '@items-api/openapi/operations';
import type { OperationRoutes } from '../src/app.ts';

it('a dispatch map without one of the contract operations does not type-check', () => {
  // `never` fits every slot, so the only possible error is the missing key.
  const handler = (async () => {
    throw new Error('not called');
  }) as never;
  // @ts-expect-error deleteItem is missing
  const incomplete: OperationRoutes = {
    getHealth: handler,
    listItems: handler,
    createItem: handler,
    getItem: handler,
    putItem: handler,
    patchItem: handler,
  };
  assert.equal(Object.keys(incomplete).length, Object.keys(operations).length - 1);
});
