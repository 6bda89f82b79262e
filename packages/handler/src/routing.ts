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
  /**
   * Where the client addressed the API: the part of its path before the matched resource (`/dev` on an
   * execute-api URL, a custom domain's base path, or `''`). Links the API hands out start with it.
   */
  basePath: string;
}

/** How many segments of the request path the resource template matched (a greedy `{name+}` as many as its value). */
function matchedSegments(resource: string, pathParameters: Record<string, string>): number {
  if (resource === '/') return 0;
  return resource
    .slice(1)
    .split('/')
    .reduce((count, segment) => {
      const greedy = /^\{(.+)\+\}$/.exec(segment)?.[1];
      return count + (greedy === undefined ? 1 : (pathParameters[greedy] ?? '').split('/').length);
    }, 0);
}

/**
 * `requestContext.path` is the path as the client sent it, stage or base path included (`event.path` is not,
 * on an execute-api URL); without it (not an API Gateway event) the event's own path stands in.
 */
function basePathOf(event: ProxyEvent, pathParameters: Record<string, string>): string {
  const segments = (event.requestContext?.path ?? event.path).split('/');
  const kept = segments.length - matchedSegments(event.resource, pathParameters);
  return kept < 1 ? '' : segments.slice(0, kept).join('/').replace(/\/$/, '');
}

const operationsByResource: Readonly<Record<string, Readonly<Record<string, OperationId>>>> = routes;

export function routeOf(event: ProxyEvent): Route {
  const methods = Object.hasOwn(operationsByResource, event.resource)
    ? operationsByResource[event.resource]
    : undefined;
  const method = event.httpMethod.toUpperCase();
  const operationId = methods && Object.hasOwn(methods, method) ? methods[method] : undefined;
  if (!operationId) throw new HttpProblem('not-found', `No route matches ${event.httpMethod} ${event.path}.`);
  const pathParameters = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries<string | undefined>(event.pathParameters ?? {}))
    if (value !== undefined) pathParameters[name] = value;
  return { operationId, pathParameters, basePath: basePathOf(event, pathParameters) };
}
