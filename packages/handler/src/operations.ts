/**
 * The operations: one handler per operationId of the contract, each taking its validated, typed request and
 * answering from the store. An operation whose `x-resource` names an action is served by the generic handler of
 * that action on its resource (resource-operations.ts), built from the generated table: a resource added to the
 * contract needs no code here. Every other operation (a resource's business rule, or one that stores nothing) is
 * written by hand in rules.ts, and the type of that map, derived from the generated operations, fails `tsc` when
 * one is missing.
 */
import { operations, type OperationId } from '@items-api/openapi/operations';
import type { ProxyResult } from './http.ts';
import type { ValidRequest } from './request.ts';
import { resourceDescriptors, type ResourceAction } from './resource.ts';
import { createResourceOperation, type ResourceHandler, type ResourceOperationOptions } from './resource-operations.ts';
import { createHandWrittenOperations } from './rules.ts';
import type { StoreContext } from './store.ts';

export type OperationHandler<K extends OperationId> = (
  request: ValidRequest<K>,
  store: StoreContext,
) => Promise<ProxyResult>;

/** One handler per operation of the contract: a missing one is a type error. */
export type OperationHandlers = { [K in OperationId]: OperationHandler<K> };

/** The operations served by a shared action on their resource. */
export type ResourceOperationId = {
  [K in OperationId]: (typeof operations)[K]['resource'] extends { action: ResourceAction } ? K : never;
}[OperationId];

/** The operations written by hand (rules.ts): business rules of a resource, and operations that store nothing. */
export type HandWrittenOperationId = Exclude<OperationId, ResourceOperationId>;
export type HandWrittenOperations = { [K in HandWrittenOperationId]: OperationHandler<K> };
/** Any one of them, each taking its own operation's request (not a request of any hand-written operation). */
type HandWrittenHandler = HandWrittenOperations[HandWrittenOperationId];

export interface OperationOptions extends ResourceOperationOptions {
  region: string;
}

/** Each operation's `x-resource` (null for one that stores nothing), read from the generated operations table. */
const resourceOfOperation: Readonly<
  Record<string, { name: keyof typeof resourceDescriptors; action: ResourceAction | null } | null>
> = Object.fromEntries(Object.entries(operations).map(([id, operation]) => [id, operation.resource]));

export function createOperations(options: OperationOptions): OperationHandlers {
  const handlers: Record<string, ResourceHandler | HandWrittenHandler> = {
    ...createHandWrittenOperations(options),
  };
  for (const [operationId, resource] of Object.entries(resourceOfOperation)) {
    if (resource?.action)
      handlers[operationId] = createResourceOperation(resourceDescriptors[resource.name], resource.action, options);
  }
  // The validators admit exactly the requests ResourceRequest describes; every operation has its handler (above).
  return handlers as unknown as OperationHandlers;
}
