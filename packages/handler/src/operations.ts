/**
 * The operations: one handler per operationId of the contract, each taking its validated, typed request and
 * answering from the store. An operation whose `x-resource` names an action is served by the generic handler of
 * that action on its resource (resource-operations.ts), built from the generated table: a resource added to the
 * contract needs no code here. Every other operation (a resource's business rule, or one that stores nothing) is
 * written by hand in rules.ts, and the type of that map, derived from the generated operations, fails `tsc` when
 * one is missing.
 */
import { operations } from '@items-api/openapi/operations';
import type { HandWrittenOperations, OperationHandlers, OperationOptions } from './operation-types.ts';
import { resourceDescriptors, type ResourceAction } from './resource.ts';
import {
  createResourceOperation,
  type ResourceHandler,
  type SortKeyConditionParameters,
} from './resource-operations.ts';
import { createHandWrittenOperations } from './rules.ts';

export type {
  HandWrittenOperationId,
  HandWrittenOperations,
  OperationHandler,
  OperationHandlers,
  OperationOptions,
  ResourceOperationId,
} from './operation-types.ts';

/** Each operation's `x-resource` (null for one that stores nothing), read from the generated operations table. */
const resourceOfOperation: Readonly<
  Record<
    string,
    {
      name: keyof typeof resourceDescriptors;
      action: ResourceAction | null;
      sortKeyConditions?: SortKeyConditionParameters;
    } | null
  >
> = Object.fromEntries(Object.entries(operations).map(([id, operation]) => [id, operation.resource]));

export function createOperations(options: OperationOptions): OperationHandlers {
  const handlers: Record<string, ResourceHandler | HandWrittenOperations[keyof HandWrittenOperations]> = {
    ...createHandWrittenOperations(options),
  };
  for (const [operationId, resource] of Object.entries(resourceOfOperation)) {
    if (resource?.action)
      handlers[operationId] = createResourceOperation(
        resourceDescriptors[resource.name],
        resource.action,
        options,
        resource.sortKeyConditions,
      );
  }
  // The validators admit exactly the requests ResourceRequest describes; every operation has its handler (above).
  return handlers as unknown as OperationHandlers;
}
