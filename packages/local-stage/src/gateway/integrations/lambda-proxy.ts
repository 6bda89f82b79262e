/**
 * The AWS_PROXY (payload format 1.0) contract between API Gateway and Lambda: the event the function receives
 * and the result shape API Gateway accepts back. Anything else from the function is a "Malformed Lambda proxy
 * response" and becomes a 502.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Caller } from '../caller.ts';
import { headerValue, type IncomingRequest, type OutgoingResponse } from '../http.ts';
import { formatRequestTime } from '../request-context.ts';

export interface RequestContextInfo {
  requestId: string;
  extendedRequestId: string;
  stage: string;
  apiId: string;
  accountId: string;
  protocol: string;
  resourceId: string;
  resourcePath: string;
  requestTimeEpoch: number;
  domainName: string;
  caller: Caller;
}

// Prototype-less records: a header or query parameter may be called `constructor` or `__proto__`.
function groupHeaders(rawHeaders: [string, string][]): {
  single: Record<string, string>;
  multi: Record<string, string[]>;
} {
  const multi = Object.create(null) as Record<string, string[]>;
  const nameByLowercase = new Map<string, string>();
  for (const [name, value] of rawHeaders) {
    const key = nameByLowercase.get(name.toLowerCase()) ?? name;
    nameByLowercase.set(name.toLowerCase(), key);
    (multi[key] ??= []).push(value);
  }
  const single = Object.fromEntries(Object.entries(multi).map(([name, values]) => [name, values.at(-1) as string]));
  return { single, multi };
}

function groupQuery(query: string): { single: Record<string, string>; multi: Record<string, string[]> } | null {
  if (query === '') return null;
  const multi = Object.create(null) as Record<string, string[]>;
  for (const [name, value] of new URLSearchParams(query)) (multi[name] ??= []).push(value);
  if (Object.keys(multi).length === 0) return null;
  const single = Object.fromEntries(Object.entries(multi).map(([name, values]) => [name, values.at(-1) as string]));
  return { single, multi };
}

/** Builds the event API Gateway sends to a Lambda proxy integration (REST API, payload format 1.0). */
export function buildProxyEvent(
  request: IncomingRequest,
  pathParameters: Record<string, string>,
  info: RequestContextInfo,
  bodyIsBinary: boolean,
): APIGatewayProxyEvent {
  const headers = groupHeaders(request.rawHeaders);
  const query = groupQuery(request.query);
  const userAgent = headerValue(request, 'user-agent') ?? null;
  const hasBody = request.body.length > 0;
  return {
    resource: info.resourcePath,
    path: request.path,
    httpMethod: request.method,
    headers: headers.single,
    multiValueHeaders: headers.multi,
    queryStringParameters: query?.single ?? null,
    multiValueQueryStringParameters: query?.multi ?? null,
    pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : null,
    stageVariables: null,
    requestContext: {
      accountId: info.accountId,
      apiId: info.apiId,
      // A Cognito user pool authorizer's claims; null on a method without one.
      authorizer: info.caller.claims === null ? null : { claims: { ...info.caller.claims } },
      domainName: info.domainName,
      domainPrefix: info.domainName.split('.')[0],
      extendedRequestId: info.extendedRequestId,
      httpMethod: request.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: info.caller.apiKey?.value ?? null,
        apiKeyId: info.caller.apiKey?.id ?? null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent,
        userArn: null,
      },
      // The path as the client sent it: the stage of an execute-api URL included (`event.path` leaves it out).
      path: request.basePath + request.path,
      protocol: info.protocol,
      requestId: info.requestId,
      requestTime: formatRequestTime(info.requestTimeEpoch),
      requestTimeEpoch: info.requestTimeEpoch,
      resourceId: info.resourceId,
      resourcePath: info.resourcePath,
      stage: info.stage,
    },
    body: hasBody ? request.body.toString(bodyIsBinary ? 'base64' : 'utf8') : null,
    isBase64Encoded: hasBody && bodyIsBinary,
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isScalar = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
/** A header value API Gateway takes: a scalar, or null for "no such header" (which also suppresses its default). */
const isHeaderValue = (value: unknown): value is string | number | boolean | null => value === null || isScalar(value);

/**
 * Checks a function's result against the proxy response shape; `undefined` means malformed (→ 502). Single- and
 * multi-value headers are merged into the response's header map.
 */
export function parseProxyResult(result: unknown): OutgoingResponse | undefined {
  if (!isRecord(result)) return undefined;
  const statusCode = typeof result.statusCode === 'string' ? Number(result.statusCode) : result.statusCode;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599)
    return undefined;
  if (result.body !== undefined && result.body !== null && typeof result.body !== 'string') return undefined;
  if (result.isBase64Encoded !== undefined && typeof result.isBase64Encoded !== 'boolean') return undefined;
  const headers = new Map<string, string[]>();
  const add = (name: string, value: string | number | boolean | null) => {
    const existing = [...headers.keys()].find((key) => key.toLowerCase() === name.toLowerCase()) ?? name;
    headers.set(existing, [...(headers.get(existing) ?? []), ...(value === null ? [] : [String(value)])]);
  };
  if (result.multiValueHeaders !== undefined && result.multiValueHeaders !== null) {
    if (!isRecord(result.multiValueHeaders)) return undefined;
    for (const [name, values] of Object.entries(result.multiValueHeaders)) {
      if (values === null) {
        add(name, null);
        continue;
      }
      if (!Array.isArray(values) || !values.every(isHeaderValue)) return undefined;
      for (const value of values) add(name, value);
    }
  }
  if (result.headers !== undefined && result.headers !== null) {
    if (!isRecord(result.headers)) return undefined;
    for (const [name, value] of Object.entries(result.headers)) {
      if (!isHeaderValue(value)) return undefined;
      // A header in both maps: API Gateway keeps the multi-value list.
      if (![...headers.keys()].some((key) => key.toLowerCase() === name.toLowerCase())) add(name, value);
    }
  }
  const text = typeof result.body === 'string' ? result.body : '';
  const body = result.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  return { statusCode, headers, body };
}
