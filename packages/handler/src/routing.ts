/**
 * Which operation an event is for: API Gateway has matched the path already and names the template in
 * `event.resource`, so routing is a lookup in the contract's `routes` table (template → method → operationId).
 * The gateway answers CORS preflights and unknown paths itself; whatever still misses the table is a 404.
 */
import { routes, type OperationId } from '@items-api/openapi/operations';
import type { ProxyEvent } from './http.ts';
import { HttpProblem } from './problems.ts';

export interface Route {
  operationId: OperationId;
  /** Prototype-less, so a parameter named like an Object.prototype member cannot read one. */
  pathParameters: Record<string, string>;
}

const operationsByResource: Readonly<Record<string, Readonly<Record<string, OperationId>>>> = routes;

export function routeOf(event: ProxyEvent): Route {
  const methods = Object.hasOwn(operationsByResource, event.resource) ? operationsByResource[event.resource] : undefined;
  const method = event.httpMethod.toUpperCase();
  const operationId = methods && Object.hasOwn(methods, method) ? methods[method] : undefined;
  if (!operationId) throw new HttpProblem('not-found', `No route matches ${event.httpMethod} ${event.path}.`);
  const pathParameters: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries<string | undefined>(event.pathParameters ?? {})) if (value !== undefined) pathParameters[name] = value;
  return { operationId, pathParameters };
}
