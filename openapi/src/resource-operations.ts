/**
 * Which operation serves which shared action of which resource (`@items-api/openapi/resource-operations`), read
 * from the generated operations table: what code and tests that work for any set of resources look operations up
 * by, instead of naming `createItem` or `/items`.
 */
import { operations, type OperationId, type ResourceAction } from '../generated/operations.ts';

/** An operation's resource and shared action, widened: a contract without resources types every one as null. */
const servedBy = (id: OperationId): { name: string; action: string | null } | null => operations[id].resource;

const operationIds = Object.keys(operations) as OperationId[];

/** Every operation serving `action`, with its resource, in contract order. */
export function operationsServing(action: ResourceAction): { operationId: OperationId; resource: string }[] {
  return operationIds.flatMap((operationId) => {
    const served = servedBy(operationId);
    return served?.action === action ? [{ operationId, resource: served.name }] : [];
  });
}

/** The operation of `resource` serving `action`, if the contract declares one. */
export function operationServing(resource: string, action: ResourceAction): OperationId | undefined {
  return operationsServing(action).find((served) => served.resource === resource)?.operationId;
}
