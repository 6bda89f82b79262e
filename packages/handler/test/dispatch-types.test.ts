/**
 * The dispatch map covers the contract's operations, whatever they are: the list comes from the generated
 * operations table, never from this file.
 *
 * Compile time (`tsc`, handler:typecheck): `EveryHandlerRequired` fails with the operation's name in the message
 * ("Type '"deleteItem"' does not satisfy the constraint 'never'") if the map type would accept a map without that
 * operation's handler. Run time: `createOperations` returns a handler for exactly the contract's operations.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { operations, type OperationId } from '@items-api/openapi/operations';
import { createOperations, type OperationHandlers } from '../src/operations.ts';

/** The operations whose handler a value of type `Map` may leave out. */
type HandlersThatCanBeLeftOut<Map> = { [K in OperationId]: Omit<Map, K> extends Map ? K : never }[OperationId];
type RequireNone<Names extends never> = Names;

export type EveryHandlerRequired = RequireNone<HandlersThatCanBeLeftOut<OperationHandlers>>;
// The check is not vacuous: a map type whose handlers are optional fails it.
// @ts-expect-error every operation's handler can be left out of Partial<OperationHandlers>
export type OptionalHandlersAreCaught = RequireNone<HandlersThatCanBeLeftOut<Partial<OperationHandlers>>>;

it('createOperations returns a handler for every operation of the contract, and nothing else', () => {
  const handlers: Record<string, unknown> = createOperations({
    region: 'local',
    cursorKey: () => Promise.resolve(Buffer.alloc(32)),
  });
  const contract = Object.keys(operations);
  for (const id of contract)
    assert.equal(typeof handlers[id], 'function', `no handler for the contract's operation ${id}`);
  for (const id of Object.keys(handlers))
    assert.ok(contract.includes(id), `handler ${id} is not an operation of the contract`);
});
