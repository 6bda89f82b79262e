/**
 * HTTP plumbing for API Gateway REST proxy events (payload v1): reading headers, query and body from the event,
 * and building responses that always carry the contract's CORS headers.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { cors, problemTypes, problemTypeUriPrefix, type ProblemTypeKey } from '@items-api/openapi/operations';
import type { ProblemFieldError } from '@items-api/openapi/schema';

export type ProxyEvent = Pick<APIGatewayProxyEvent, 'httpMethod' | 'path' | 'body' | 'isBase64Encoded'> &
  Partial<Pick<APIGatewayProxyEvent, 'resource' | 'headers' | 'multiValueHeaders' | 'queryStringParameters' | 'multiValueQueryStringParameters' | 'pathParameters'>> & {
    requestContext?: { requestId?: string } | null;
  };
export type ProxyResult = APIGatewayProxyResult & { headers: Record<string, string> };

const corsHeaders = {
  'Access-Control-Allow-Origin': cors.allowOrigin,
  'Access-Control-Expose-Headers': cors.exposeHeaders.join(','),
} as const;

/** Header names lower-cased; repeated headers joined with ", " as HTTP list semantics allow. */
export function readHeaders(event: ProxyEvent): Record<string, string> {
  const headers: Record<string, string> = Object.create(null);
  const multi = event.multiValueHeaders;
  if (multi) {
    for (const name in multi) {
      const values = multi[name];
      if (values && values.length > 0) headers[name.toLowerCase()] = values.join(', ');
    }
  } else if (event.headers) {
    for (const name in event.headers) {
      const value = event.headers[name];
      if (value !== undefined) headers[name.toLowerCase()] = value;
    }
  }
  return headers;
}

/** Query parameters; a repeated parameter takes its last value, as API Gateway's `queryStringParameters` does. */
export function readQuery(event: ProxyEvent): Record<string, string> {
  const query: Record<string, string> = Object.create(null);
  const multi = event.multiValueQueryStringParameters;
  if (multi) {
    for (const name in multi) {
      const values = multi[name];
      if (values && values.length > 0) query[name] = values[values.length - 1] as string;
    }
  } else if (event.queryStringParameters) {
    for (const name in event.queryStringParameters) {
      const value = event.queryStringParameters[name];
      if (value !== undefined) query[name] = value;
    }
  }
  return query;
}

export function readBody(event: ProxyEvent): string | undefined {
  if (event.body === null || event.body === undefined) return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ProxyResult {
  return {
    statusCode,
    headers: { ...corsHeaders, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

export function empty(statusCode: number, headers: Record<string, string> = {}): ProxyResult {
  return { statusCode, headers: { ...corsHeaders, ...headers }, body: '' };
}

/** An error the handler answers with a problem+json response; thrown anywhere below the router. */
export class HttpProblem extends Error {
  readonly key: ProblemTypeKey;
  readonly detail: string | undefined;
  readonly errors: ProblemFieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    key: ProblemTypeKey,
    detail?: string,
    options: { errors?: ProblemFieldError[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(detail ?? problemTypes[key].title, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpProblem';
    this.key = key;
    this.detail = detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

export function problem(
  key: ProblemTypeKey,
  requestId: string,
  instance: string,
  detail?: string,
  errors?: ProblemFieldError[],
  headers: Record<string, string> = {},
): ProxyResult {
  const { status, title } = problemTypes[key];
  const body: Record<string, unknown> = { type: problemTypeUriPrefix + key, title, status };
  if (detail !== undefined) body.detail = detail;
  body.instance = instance;
  body.requestId = requestId;
  if (errors !== undefined && errors.length > 0) body.errors = errors;
  return {
    statusCode: status,
    headers: { ...corsHeaders, 'Content-Type': 'application/problem+json', ...headers },
    body: JSON.stringify(body),
  };
}

/** RFC 6901 escaping of one reference token. */
export function pointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
