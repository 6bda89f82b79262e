/** Routing: the resource and method a request is for, API Gateway's way (`ANY` when no method of its own). */
import type { Exchange } from './exchange.ts';
import type { Method, RestApi } from './rest-api.ts';

export interface Route {
  method: Method;
  /** The matched resource template, e.g. `/items/{id}`. */
  resourcePath: string;
  pathParameters: Record<string, string>;
}

/** Records the matched resource in the exchange (the log shows it even when no method matches). */
export function route(api: RestApi, exchange: Exchange): Route | undefined {
  const match = api.router.match(exchange.request.path);
  if (match === undefined) return undefined;
  exchange.resourcePath = match.template;
  const methods = api.resources.get(match.template);
  const method = methods?.get(exchange.request.method) ?? methods?.get('ANY');
  return method === undefined
    ? undefined
    : { method, resourcePath: match.template, pathParameters: match.pathParameters };
}
