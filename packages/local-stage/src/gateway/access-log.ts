/** The stage's access log line for one exchange. */
import { performance } from 'node:perf_hooks';
import type { Answer, Exchange } from './exchange.ts';
import { headerValue } from './http.ts';
import { formatRequestTime, localApi } from './request-context.ts';

/**
 * One access log line: the fields of the Terraform stage's `access_log_format` (terraform/modules/lambda-api),
 * as JSON numbers and nulls where API Gateway writes strings and `-`.
 */
export interface AccessLogEntry {
  requestId: string;
  extendedRequestId: string;
  requestTime: string;
  ip: string;
  userAgent: string | null;
  method: string;
  path: string;
  resourcePath: string | null;
  protocol: string;
  status: number;
  responseLength: number;
  /** Milliseconds from the first byte received to the last byte sent. */
  latency: number;
  /**
   * Which integration answered (`lambda`, `dynamodb`, `mock`), null when the gateway answered before any (no route,
   * too large...). Local only: API Gateway's access log has no such variable.
   */
  integration: string | null;
  /** Milliseconds spent in the integration, or null when it was not called. */
  integrationLatency: number | null;
  integrationStatus: number | null;
  errorMessage: string | null;
  errorType: string | null;
  /** The authorized token's `client_id` (`$context.authorizer.claims.client_id`); never the token. */
  clientId: string | null;
  /** The admitted API key's id (`$context.identity.apiKeyId`); never its value. */
  apiKeyId: string | null;
  /** The rule the authorize step refused the request by (`$context.authorize.error`), e.g. `expired: ...`. */
  authorizeError: string | null;
  xrayTraceId: null;
}

export function accessLogEntry(exchange: Exchange, answer: Answer): AccessLogEntry {
  const { request } = exchange;
  return {
    requestId: exchange.requestId,
    extendedRequestId: exchange.requestId,
    requestTime: formatRequestTime(exchange.requestTimeEpoch),
    ip: request.sourceIp,
    userAgent: headerValue(request, 'user-agent') ?? null,
    method: request.method,
    // `$context.path`: with the stage of an execute-api URL.
    path: request.basePath + request.path,
    resourcePath: exchange.resourcePath,
    protocol: localApi.protocol,
    status: answer.response.statusCode,
    responseLength: answer.response.body.length,
    latency: Math.round(performance.now() - exchange.startedAt),
    integration: exchange.integration,
    integrationLatency: exchange.integrationLatency,
    integrationStatus: exchange.integrationStatus,
    errorMessage: answer.error?.message ?? null,
    errorType: answer.error?.type ?? null,
    clientId: exchange.caller.claims?.client_id ?? null,
    apiKeyId: exchange.caller.apiKey?.id ?? null,
    authorizeError: exchange.authorizeError,
    xrayTraceId: null,
  };
}
