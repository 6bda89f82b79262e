/**
 * Serving operations with other integration kinds than the contract declares, without editing the contract: the
 * contract with each named operation's `x-integration.type` replaced (its DynamoDB actions stay, they are what
 * the operation does whoever serves it). Every generator then runs on the result as on the contract itself, so the
 * body, infrastructure.json and operations.ts of "every operation on the Lambda" come out the one way they always do.
 */
import { ContractError, deref, httpMethods, isObject, listOperations, stringAt, type JsonObject } from './contract.ts';
import { integrationKindNames, isIntegrationKindName, type IntegrationKindName } from './integrations/index.ts';

/** Every operation on one kind (`{ all: 'lambda' }`), or the kind of each named operation (others as declared). */
export type IntegrationOverride = { all: IntegrationKindName } | { operations: Record<string, IntegrationKindName> };

export function overrideIntegrations(document: JsonObject, override: IntegrationOverride): JsonObject {
  const known = new Set(listOperations(document).map((o) => o.operationId));
  const kinds = 'all' in override ? undefined : override.operations;
  for (const [operationId, kind] of Object.entries(kinds ?? {})) {
    if (!known.has(operationId)) throw new ContractError(`Integration override: no operation "${operationId}"`);
    if (!isIntegrationKindName(kind)) {
      throw new ContractError(
        `Integration override: ${operationId}: "${String(kind)}" is not one of: ${integrationKindNames.join(', ')}`,
      );
    }
  }
  const copy = structuredClone(document);
  for (const rawItem of Object.values(isObject(copy.paths) ? copy.paths : {})) {
    const item = deref(copy, rawItem);
    for (const method of httpMethods) {
      if (item[method] === undefined) continue;
      const operation = deref(copy, item[method]);
      const id = stringAt(operation, 'operationId', method);
      const kind = 'all' in override ? override.all : kinds?.[id];
      const declared = operation['x-integration'];
      if (kind !== undefined && isObject(declared)) operation['x-integration'] = { ...declared, type: kind };
    }
  }
  return copy;
}
