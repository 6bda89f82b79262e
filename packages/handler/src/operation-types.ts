/**
 * The types of the operation handlers, derived from the generated operations: which operations the generic
 * handlers serve (an `x-resource` with an action) and which are written by hand (rules.ts). In a module of their
 * own so that rules.ts and operations.ts, which assembles both, do not import each other.
 */
import type { operations, OperationId } from '@items-api/openapi/operations';
import type { ProxyResult } from './http.ts';
import type { ValidRequest } from './request.ts';
import type { ResourceAction } from './resource.ts';
import type { ResourceOperationOptions } from './resource-operations.ts';
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

export interface OperationOptions extends ResourceOperationOptions {
  region: string;
}
