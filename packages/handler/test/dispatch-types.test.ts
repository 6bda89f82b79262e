/**
 * The dispatch map covers the contract's operations, whatever they are: the list comes from the generated
 * operations table, never from this file.
 *
 * Compile time (`tsc`, handler:typecheck): `EveryRuleRequired` fails with the operation's name in the message
 * ("Type '"getHealth"' does not satisfy the constraint 'never'") if the hand-written map (rules.ts) could leave out
 * an operation that has no shared action; `EveryStoredFieldIsSet` (resource.ts) fails naming a stored field that
 * nobody sets. Run time: `createOperations` returns a handler for exactly the contract's operations, the generic
 * ones for exactly the operations with an `x-resource.action`.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { operations, type OperationId } from '@items-api/openapi/operations';
import {
  createOperations,
  type HandWrittenOperationId,
  type HandWrittenOperations,
  type OperationHandlers,
} from '../src/operations.ts';
import type { FieldsNobodySets, RequireNone, ServerFields } from '../src/resource.ts';
import { createHandWrittenOperations } from '../src/rules.ts';

/** The operations among `Ids` whose handler a value of type `Map` may leave out. */
type HandlersThatCanBeLeftOut<Map, Ids extends PropertyKey> = { [K in Ids]: Omit<Map, K> extends Map ? K : never }[Ids];

export type EveryHandlerRequired = RequireNone<HandlersThatCanBeLeftOut<OperationHandlers, OperationId>>;
export type EveryRuleRequired = RequireNone<HandlersThatCanBeLeftOut<HandWrittenOperations, HandWrittenOperationId>>;
// The checks are not vacuous: a map type whose handlers are optional fails them.
// @ts-expect-error every operation's handler can be left out of Partial<OperationHandlers>
export type OptionalHandlersAreCaught = RequireNone<HandlersThatCanBeLeftOut<Partial<OperationHandlers>, OperationId>>;
export type OptionalRulesAreCaught = RequireNone<
  // @ts-expect-error every hand-written handler can be left out of Partial<HandWrittenOperations>
  HandlersThatCanBeLeftOut<Partial<HandWrittenOperations>, HandWrittenOperationId>
>;
// A stored field that is no key, in no write's body and not a server field is named.
export type UnsetFieldIsCaught = RequireNone<
  // @ts-expect-error `secret` is set by nobody
  FieldsNobodySets<{ id: string; secret: string } & ServerFields, 'id', { name: string }>
>;
// @ts-expect-error a stored schema without the server fields
export type MissingServerFieldsAreCaught = RequireNone<FieldsNobodySets<{ id: string }, 'id', object>>;

const options = { region: 'local', cursorKey: () => Promise.resolve(Buffer.alloc(32)) };

it('createOperations returns a handler for every operation of the contract, and nothing else', () => {
  const handlers: Record<string, unknown> = createOperations(options);
  const contract = Object.keys(operations);
  for (const id of contract)
    assert.equal(typeof handlers[id], 'function', `no handler for the contract's operation ${id}`);
  for (const id of Object.keys(handlers))
    assert.ok(contract.includes(id), `handler ${id} is not an operation of the contract`);
});

it('writes by hand exactly the operations without a shared action on a resource', () => {
  const withoutAction = Object.entries(operations)
    .filter(([, operation]) => !operation.resource?.action)
    .map(([id]) => id);
  assert.deepEqual(Object.keys(createHandWrittenOperations(options)).sort(), withoutAction.sort());
});
