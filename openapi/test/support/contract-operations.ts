/**
 * Picking the operations a test edits from the contract itself, so the tests of the contract reader and the
 * renderers run on whichever resources the contract declares rather than on one resource by name.
 */
import assert from 'node:assert/strict';
import { isObject, listOperations, type ContractOperation, type JsonObject } from '../../src/contract.ts';
import { overrideIntegrations } from '../../src/integration-override.ts';
import { readResources, type ResourceAction } from '../../src/resources.ts';

/** How the contract reader names an operation in its messages: `GET /items/{id} (getItem)`. */
export const named = ({ method, path, operationId }: ContractOperation): string =>
  `${method.toUpperCase()} ${path} (${operationId})`;

/** The operation object of `document` that `operation` was listed from: the one to edit in a copy. */
export function operationObject(document: JsonObject, { path, method }: ContractOperation): JsonObject {
  const item = (document.paths as JsonObject)[path];
  const operation = isObject(item) ? item[method] : undefined;
  assert.ok(isObject(operation), `${method} ${path} is not in the document`);
  return operation;
}

/** The operation of `document` whose operationId is `operationId`. */
export function operationNamed(document: JsonObject, operationId: string): ContractOperation {
  return listOperations(document).find((o) => o.operationId === operationId) ?? assert.fail(operationId);
}

/** The resource and shared action an operation declares in `x-resource`, if it has one. */
export function resourceActionOf({ operation }: ContractOperation): { name: string; action?: string } | undefined {
  const declared = operation['x-resource'];
  return isObject(declared) && typeof declared.name === 'string'
    ? { name: declared.name, ...(typeof declared.action === 'string' ? { action: declared.action } : {}) }
    : undefined;
}

/** The first operation of `document` with the shared action `action`, of `resource` when given. */
export function firstWithAction(document: JsonObject, action: ResourceAction, resource?: string): ContractOperation {
  return (
    listOperations(document).find((o) => {
      const declared = resourceActionOf(o);
      return declared?.action === action && (resource === undefined || declared.name === resource);
    }) ?? assert.fail(`the contract has no ${action} operation${resource ? ` of ${resource}` : ''}`)
  );
}

/** One resource's read and delete, switched to the dynamodb integration in a copy of the contract. */
export interface DirectlyServed {
  /** The copy with the two operations documenting 415, still served as the contract declares. */
  documented: JsonObject;
  /** The override that switches them to the dynamodb integration. */
  override: { operations: Record<string, 'dynamodb'> };
  /** `documented` with `override` applied. */
  document: JsonObject;
  resource: string;
  read: ContractOperation;
  delete: ContractOperation;
}

/**
 * The first resource the dynamodb integration can serve (keyed by its partition key alone, with a read and a
 * delete), its read and delete switched to that integration. Each is made to document the 415 API Gateway answers
 * a Content-Type other than JSON with, which an operation the contract serves with the Lambda need not document.
 */
export function directlyServed(contract: JsonObject): DirectlyServed {
  const found = Object.entries(readResources(contract))
    .filter(([, declaration]) => declaration.sortKey === undefined)
    .map(([resource]) => {
      const ofResource = listOperations(contract).filter((o) => resourceActionOf(o)?.name === resource);
      const read = ofResource.find((o) => resourceActionOf(o)?.action === 'read');
      const remove = ofResource.find((o) => resourceActionOf(o)?.action === 'delete');
      return read && remove ? { resource, read, remove } : undefined;
    })
    .find((candidate) => candidate !== undefined);
  assert.ok(found, 'the contract has no resource keyed by a partition key alone with a read and a delete');
  const override = {
    operations: { [found.read.operationId]: 'dynamodb', [found.remove.operationId]: 'dynamodb' } as Record<
      string,
      'dynamodb'
    >,
  };
  const documented = structuredClone(contract);
  for (const operation of [found.read, found.remove]) {
    const responses = operationObject(documented, operation).responses as JsonObject;
    responses['415'] ??= { $ref: '#/components/responses/UnsupportedMediaType' };
  }
  const document = overrideIntegrations(documented, override);
  return {
    documented,
    override,
    document,
    resource: found.resource,
    read: operationNamed(document, found.read.operationId),
    delete: operationNamed(document, found.remove.operationId),
  };
}
