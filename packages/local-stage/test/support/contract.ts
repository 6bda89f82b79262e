/**
 * What the tests of generic behaviour (access, limits, routing, reset) exercise, from the generated contract: the
 * first resource it declares with the operations they need, paths to it, and the contract's own example bodies. So
 * they run, and can fail, with whatever resources the contract has.
 */
import { operations, resources, type OperationId, type ResourceAction } from '@items-api/openapi/operations';
import { operationServing } from '@items-api/openapi/resource-operations';

const operationIds = Object.keys(operations) as OperationId[];

/** The contract's example request body of `operationId`, as sent. */
export function exampleBody(operationId: OperationId): string {
  const requestBody = operations[operationId].requestBody as { example?: unknown } | null;
  if (requestBody?.example === undefined) throw new Error(`${operationId} documents no example request body`);
  return JSON.stringify(requestBody.example);
}

/** `template` with every path parameter set to `value`, percent-encoded. */
export const fillPath = (template: string, value: string): string =>
  template.replace(/\{[^}]+\}/g, encodeURIComponent(value));

/** A request to `operationId` on the object whose keys are all `key`, with the example body if it takes a body. */
export function exampleRequest(
  operationId: OperationId,
  key: string,
  headers: Record<string, string> = {},
): { path: string; init: RequestInit } {
  const { method, path, requestBody } = operations[operationId];
  const content = requestBody
    ? { body: exampleBody(operationId), headers: { 'Content-Type': requestBody.contentTypes[0], ...headers } }
    : { headers };
  return { path: fillPath(path, key), init: { method, ...content } };
}

/** The actions the generic tests use: a resource must serve them all to be the one under test. */
const needed = ['list', 'read', 'replace', 'patch', 'delete'] as const satisfies readonly ResourceAction[];

function resourceUnderTest() {
  const name = Object.keys(resources).find((resource) => needed.every((action) => operationServing(resource, action)));
  if (name === undefined)
    throw new Error(`No resource of the contract serves ${needed.join(', ')}: the generic tests need one`);
  const [list, read, replace, patch, remove] = needed.map((action) => operationServing(name, action)!);
  const itemTemplate = operations[read!].path;
  return {
    name,
    operations: { list: list!, read: read!, replace: replace!, patch: patch!, delete: remove! },
    /** Every operation of the resource. */
    allOperations: operationIds.filter((id) => operations[id].resource?.name === name),
    /** Where its list answers, e.g. `/items`. */
    collectionPath: operations[list!].path,
    /** The path template of one object, e.g. `/items/{id}`. */
    itemTemplate,
    /** The path of the object whose every key is `key`; a replace (PUT) there creates it. */
    itemPath: (key: string) => fillPath(itemTemplate, key),
    /** The path parameters of `itemPath(key)`, as API Gateway hands them on. */
    pathParameters: (key: string) =>
      Object.fromEntries([...itemTemplate.matchAll(/\{([^}]+)\}/g)].map(([, parameter]) => [parameter!, key])),
    /** A body the replace accepts: the contract's example. */
    replaceBody: exampleBody(replace!),
  };
}

/** The resource the generic tests exercise. */
export const resource = resourceUnderTest();
