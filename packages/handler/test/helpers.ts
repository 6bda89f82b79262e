/** Builders shared by the handler's tests: API Gateway REST proxy events (payload v1) and response parsing. */
import {
  resources,
  routes,
  type OperationId,
  type ResourceAction,
  type ResourceName,
} from '@items-api/openapi/operations';
import { operationsServing } from '@items-api/openapi/resource-operations';
import { createRouter } from '@items-api/openapi/router';
import type { ProxyEvent, ProxyResult } from '../src/http.ts';

/**
 * A table for every resource of the contract, named after it: what an app serving every operation needs, and what
 * TABLE_NAMES must name (a resource added to the contract is served by the tests that cover every operation).
 */
export const everyTable = Object.fromEntries(
  Object.keys(resources).map((resource) => [resource, resource]),
) as Readonly<Record<ResourceName, string>>;

/**
 * The first operation of the contract serving `action`, on whichever resource (undefined when none does): what a
 * test of generic behaviour sends, so it runs with any set of resources.
 */
export const firstOperation = (action: ResourceAction): OperationId | undefined =>
  operationsServing(action)[0]?.operationId;

// API Gateway's own path matching, so events carry the `resource` and `pathParameters` the gateway would send.
const router = createRouter(Object.keys(routes));

export interface EventInit {
  headers?: Record<string, string>;
  query?: Record<string, string | string[]>;
  body?: unknown;
  /** Sent as-is instead of JSON-encoding `body`. */
  rawBody?: string;
  base64?: boolean;
  /** The gateway's matched template and parameters; matched from `path` when left out (the path itself when nothing matches). */
  resource?: string;
  pathParameters?: Record<string, string>;
  requestId?: string;
  /**
   * The prefix API Gateway reports in `requestContext.path` before the API's own path: the stage of an
   * execute-api URL (`/dev`) or a custom domain's base path. Default none (a custom domain without base path).
   */
  basePath?: string;
  /** Leave out the Content-Type that a body otherwise gets. */
  noContentType?: boolean;
}

export function event(method: string, path: string, init: EventInit = {}): ProxyEvent {
  let body: string | null = init.rawBody ?? (init.body === undefined ? null : JSON.stringify(init.body));
  if (body !== null && init.base64) body = Buffer.from(body, 'utf8').toString('base64');
  const headers = {
    ...(body !== null && !init.noContentType ? { 'Content-Type': contentTypeFor(method) } : {}),
    ...init.headers,
  };
  const query = init.query;
  const matched = router.match(path);
  return {
    httpMethod: method,
    path,
    resource: init.resource ?? matched?.template ?? path,
    pathParameters: init.pathParameters ?? matched?.pathParameters ?? null,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: query
      ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? (v.at(-1) as string) : v]))
      : null,
    multiValueQueryStringParameters: query
      ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]))
      : null,
    body,
    isBase64Encoded: init.base64 === true,
    requestContext: {
      requestId: init.requestId ?? `req-${Math.random().toString(36).slice(2)}`,
      path: `${init.basePath ?? ''}${path}`,
    },
  };
}

const contentTypeFor = (method: string) => (method === 'PATCH' ? 'application/merge-patch+json' : 'application/json');

export interface ParsedResponse<Body> {
  status: number;
  headers: Record<string, string>;
  body: Body;
}

/**
 * The answer as a client sees it: headers set to null are not sent. `Body` is what the test expects the JSON to
 * be (JSON.parse cannot check it; the test's assertions do), unknown unless the test says.
 */
export function parse<Body = unknown>(result: ProxyResult): ParsedResponse<Body> {
  const headers = Object.fromEntries(
    Object.entries(result.headers).filter((entry): entry is [string, string] => entry[1] !== null),
  );
  return {
    status: result.statusCode,
    headers,
    body: (result.body === '' ? undefined : JSON.parse(result.body)) as Body,
  };
}

/** The cursor signing key the tests' apps sign with (a deployed stage reads its own from SSM). */
export const testCursorKey = Buffer.from('the handler tests cursor signing key', 'utf8');
