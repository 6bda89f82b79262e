/**
 * HTTP plumbing for API Gateway REST proxy events (payload v1): reading headers, query and body from the event,
 * and building responses that always carry the contract's CORS headers.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { cors, problemTypes, problemTypeUriPrefix } from '@items-api/openapi/operations';
import type { Problem } from './problems.ts';
import { stringifyExactly } from './exact-numbers.ts';

/** What the handler reads of the event; API Gateway always sets `resource`, the template it matched. */
export type ProxyEvent = Pick<APIGatewayProxyEvent, 'httpMethod' | 'path' | 'resource' | 'body' | 'isBase64Encoded'> &
  Partial<
    Pick<
      APIGatewayProxyEvent,
      'headers' | 'multiValueHeaders' | 'queryStringParameters' | 'multiValueQueryStringParameters' | 'pathParameters'
    >
  > & {
    /** `path`: the path as the client sent it, the stage (execute-api URL) or base path (custom domain) included. */
    requestContext?: { requestId?: string; path?: string } | null;
  };
/**
 * What the function answers API Gateway. A header set to null is not sent, and keeps API Gateway from adding its
 * default for it (`Content-Type: application/json` when the function names none).
 */
export interface ProxyResult extends Omit<APIGatewayProxyResult, 'headers' | 'multiValueHeaders'> {
  headers: Record<string, string | null>;
}

const corsHeaders = {
  'Access-Control-Allow-Origin': cors.allowOrigin,
  'Access-Control-Expose-Headers': cors.exposeHeaders.join(','),
} as const;

/** Header names lower-cased; repeated headers joined with ", " as HTTP list semantics allow. */
export function readHeaders(event: ProxyEvent): Record<string, string> {
  const headers = Object.create(null) as Record<string, string>;
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
  const query = Object.create(null) as Record<string, string>;
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

/** Refuses what is not UTF-8 instead of replacing it with U+FFFD, as Buffer's toString would. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** What `readBody` gives for bytes that are not UTF-8. */
export const notUtf8 = Symbol('not UTF-8');

/**
 * The body as text, or undefined without one. A body of a binary media type arrives base64-encoded
 * (`isBase64Encoded`), so its bytes are seen: bytes that are not UTF-8 are `notUtf8`, never text with U+FFFD in it.
 */
export function readBody(event: ProxyEvent): string | typeof notUtf8 | undefined {
  if (event.body === null || event.body === undefined) return undefined;
  if (!event.isBase64Encoded) return event.body;
  try {
    return strictUtf8.decode(Buffer.from(event.body, 'base64'));
  } catch {
    return notUtf8;
  }
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ProxyResult {
  return {
    statusCode,
    headers: { ...corsHeaders, 'Content-Type': 'application/json', ...headers },
    body: stringifyExactly(body),
  };
}

/** A response without content (204): no Content-Type either, not even API Gateway's default. */
export function empty(statusCode: number): ProxyResult {
  return { statusCode, headers: { ...corsHeaders, 'Content-Type': null }, body: '' };
}

/** A problem+json response (RFC 9457); status and title from the contract's `problemTypes`. */
export function problemResponse(problem: Problem, requestId: string, instance: string): ProxyResult {
  const { status, title } = problemTypes[problem.key];
  const body: Record<string, unknown> = {
    type: problemTypeUriPrefix + problem.key,
    title,
    status,
    detail: problem.detail,
    instance,
    requestId,
  };
  if (problem.errors !== undefined && problem.errors.length > 0) body.errors = problem.errors;
  return {
    statusCode: status,
    headers: { ...corsHeaders, 'Content-Type': 'application/problem+json', ...problem.headers },
    body: JSON.stringify(body),
  };
}
