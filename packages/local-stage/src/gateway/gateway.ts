/**
 * The local API Gateway: one request in, one response out, with API Gateway REST semantics for everything the
 * body declares — route matching, request validation, mock integrations (CORS preflight), AWS_PROXY
 * invocations with the integration timeout, gateway responses, the 10 MB payload limit and an access log line.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { renderGatewayResponse, type GatewayResponseType, type RenderedResponse, type TemplateContext } from './gateway-responses.ts';
import { buildProxyEvent, formatRequestTime, parseProxyResult, type IncomingRequest } from './proxy-integration.ts';
import { matchResource, type Method, type RestApi, type RouteMatch } from './rest-api.ts';
import type { LambdaInvoker } from '../lambda/invoker.ts';

/** API Gateway's REST API payload limit: 10 MB. */
export const maxRequestBytesDefault = 10 * 1024 * 1024;

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
  /** Milliseconds spent in the function, or null when it was not called. */
  integrationLatency: number | null;
  integrationStatus: number | null;
  errorMessage: string | null;
  errorType: string | null;
  xrayTraceId: null;
}

export interface GatewayOptions {
  api: RestApi;
  invoker: LambdaInvoker;
  /** The stage name (`$context.stage`); it is not part of local paths. Default `local`. */
  stage?: string;
  /** Overrides every integration's `timeoutInMillis` (for tests). */
  integrationTimeoutMs?: number;
  /** Default 10 MB, API Gateway's limit. */
  maxRequestBytes?: number;
  accessLog?: (entry: AccessLogEntry) => void;
}

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

interface Exchange {
  request: IncomingRequest;
  requestId: string;
  requestTimeEpoch: number;
  startedAt: number;
  match?: RouteMatch;
  integrationLatency: number | null;
  integrationStatus: number | null;
}

class PayloadTooLarge extends Error {}

/**
 * Reads the body up to `limit` bytes. Over the limit it keeps draining (without keeping) and then rejects, so the
 * 413 reaches a client that is still sending instead of a reset connection.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => (size > limit ? reject(new PayloadTooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

function rawHeaderPairs(raw: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] as string, raw[i + 1] as string]);
  return pairs;
}

function mediaTypeOf(contentType: string | undefined): string {
  // API Gateway treats a request without Content-Type as application/json.
  return (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase() || 'application/json';
}

function matchesMediaType(patterns: string[], mediaType: string): boolean {
  return patterns.some((pattern) => {
    const p = pattern.toLowerCase();
    return p === mediaType || p === '*/*' || (p.endsWith('/*') && mediaType.startsWith(p.slice(0, -1)));
  });
}

export function createGateway(options: GatewayOptions): RequestListener {
  const { api, invoker } = options;
  const stage = options.stage ?? 'local';
  const maxRequestBytes = options.maxRequestBytes ?? maxRequestBytesDefault;

  function templateContext(exchange: Exchange, error: { type: GatewayResponseType; message: string; validationErrorString?: string }): TemplateContext {
    const { request } = exchange;
    return {
      requestId: exchange.requestId,
      extendedRequestId: exchange.requestId,
      httpMethod: request.method,
      path: request.path,
      resourcePath: exchange.match?.resource.path ?? null,
      stage,
      apiId: 'local',
      accountId: '000000000000',
      requestTime: formatRequestTime(exchange.requestTimeEpoch),
      requestTimeEpoch: exchange.requestTimeEpoch,
      protocol: 'HTTP/1.1',
      identity: { sourceIp: request.sourceIp },
      error: {
        message: error.message,
        messageString: JSON.stringify(error.message),
        responseType: error.type,
        validationErrorString: error.validationErrorString ?? null,
      },
    };
  }

  function send(
    res: ServerResponse,
    exchange: Exchange,
    response: RenderedResponse | { statusCode: number; headers: Map<string, string[]>; body: Buffer },
    error: { message: string; type: GatewayResponseType } | null,
  ): void {
    const body = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
    const headers = response.headers instanceof Map ? response.headers : new Map(Object.entries(response.headers).map(([k, v]) => [k, [v]]));
    const has = (name: string) => [...headers.keys()].some((key) => key.toLowerCase() === name);
    if (!has('content-type')) headers.set('Content-Type', ['application/json']);
    for (const [name, values] of headers) {
      if (name.toLowerCase() === 'content-length' || name.toLowerCase() === 'transfer-encoding') continue;
      res.setHeader(name, values.length === 1 ? (values[0] as string) : values);
    }
    res.setHeader('Content-Length', body.length);
    res.setHeader('x-amzn-RequestId', exchange.requestId);
    res.setHeader('x-amz-apigw-id', exchange.requestId.slice(0, 16));
    res.writeHead(response.statusCode);
    res.end(exchange.request.method === 'HEAD' ? undefined : body);
    options.accessLog?.({
      requestId: exchange.requestId,
      extendedRequestId: exchange.requestId,
      requestTime: formatRequestTime(exchange.requestTimeEpoch),
      ip: exchange.request.sourceIp,
      userAgent: exchange.request.rawHeaders.find(([name]) => name.toLowerCase() === 'user-agent')?.[1] ?? null,
      method: exchange.request.method,
      path: exchange.request.path,
      resourcePath: exchange.match?.resource.path ?? null,
      protocol: 'HTTP/1.1',
      status: response.statusCode,
      responseLength: body.length,
      latency: Math.round(performance.now() - exchange.startedAt),
      integrationLatency: exchange.integrationLatency,
      integrationStatus: exchange.integrationStatus,
      errorMessage: error?.message ?? null,
      errorType: error?.type ?? null,
      xrayTraceId: null,
    });
  }

  function sendGatewayResponse(res: ServerResponse, exchange: Exchange, type: GatewayResponseType, message: string, validationErrorString?: string): void {
    const headers = Object.fromEntries(exchange.request.rawHeaders.map(([name, value]) => [name.toLowerCase(), value]));
    const context = templateContext(exchange, { type, message, ...(validationErrorString !== undefined && { validationErrorString }) });
    const rendered = renderGatewayResponse(api, type, context, headers);
    rendered.headers['x-amzn-ErrorType'] = type;
    send(res, exchange, rendered, { message, type });
  }

  /** The request validator: required parameters present, body valid against the model for its media type. */
  function validate(method: Method, exchange: Exchange): { type: GatewayResponseType; message: string; detail: string } | undefined {
    const { request } = exchange;
    const query = new URLSearchParams(request.query);
    const headerNames = new Set(request.rawHeaders.map(([name]) => name.toLowerCase()));
    const missing = method.requiredParameters
      .filter((p) => (p.in === 'query' ? !query.has(p.name) : p.in === 'header' ? !headerNames.has(p.name.toLowerCase()) : false))
      .map((p) => p.name);
    if (missing.length > 0) {
      return { type: 'BAD_REQUEST_PARAMETERS', message: 'Missing required request parameters', detail: `Missing required request parameters: [${missing.join(', ')}]` };
    }
    const contentType = request.rawHeaders.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
    const validator = method.bodyValidators.get(mediaTypeOf(contentType));
    if (validator === undefined) return undefined;
    let document: unknown;
    try {
      document = JSON.parse(request.body.toString('utf8'));
    } catch {
      return { type: 'BAD_REQUEST_BODY', message: 'Invalid request body', detail: 'The body is not valid JSON' };
    }
    if (!validator(document)) {
      const detail = `[${(validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`).join(', ')}]`;
      return { type: 'BAD_REQUEST_BODY', message: 'Invalid request body', detail };
    }
    return undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const queryStart = rawUrl.indexOf('?');
    const exchange: Exchange = {
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      startedAt: performance.now(),
      integrationLatency: null,
      integrationStatus: null,
      request: {
        method: req.method ?? 'GET',
        path: queryStart >= 0 ? rawUrl.slice(0, queryStart) : rawUrl,
        query: queryStart >= 0 ? rawUrl.slice(queryStart + 1) : '',
        rawHeaders: rawHeaderPairs(req.rawHeaders),
        body: Buffer.alloc(0),
        sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
      },
    };
    try {
      exchange.request.body = await readBody(req, maxRequestBytes);
    } catch (error) {
      if (!(error instanceof PayloadTooLarge)) throw error;
      sendGatewayResponse(res, exchange, 'REQUEST_TOO_LARGE', 'Request Too Long');
      return;
    }

    exchange.match = matchResource(api, exchange.request.path);
    const method = exchange.match?.resource.methods.get(exchange.request.method) ?? exchange.match?.resource.methods.get('ANY');
    if (exchange.match === undefined || method === undefined) {
      sendGatewayResponse(res, exchange, 'MISSING_AUTHENTICATION_TOKEN', 'Missing Authentication Token');
      return;
    }

    if (method.integration.type === 'mock') {
      const headers = new Map(Object.entries(method.integration.headers).map(([name, value]) => [name, [value]]));
      send(res, exchange, { statusCode: method.integration.statusCode, headers, body: Buffer.alloc(0) }, null);
      return;
    }

    const invalid = validate(method, exchange);
    if (invalid) {
      sendGatewayResponse(res, exchange, invalid.type, invalid.message, invalid.detail);
      return;
    }

    const contentType = exchange.request.rawHeaders.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
    const event = buildProxyEvent(
      exchange.request,
      exchange.match.pathParameters,
      {
        requestId: exchange.requestId,
        extendedRequestId: exchange.requestId,
        stage,
        apiId: 'local',
        accountId: '000000000000',
        resourceId: exchange.match.resource.path,
        resourcePath: exchange.match.resource.path,
        requestTimeEpoch: exchange.requestTimeEpoch,
        domainName: exchange.request.rawHeaders.find(([name]) => name.toLowerCase() === 'host')?.[1] ?? 'localhost',
      },
      matchesMediaType(api.binaryMediaTypes, mediaTypeOf(contentType)),
    );
    const invokedAt = performance.now();
    const outcome = await invoker.invoke(event, {
      requestId: exchange.requestId,
      timeoutMs: options.integrationTimeoutMs ?? method.integration.timeoutMs,
    });
    exchange.integrationLatency = Math.round(performance.now() - invokedAt);

    if (outcome.kind === 'timeout') {
      sendGatewayResponse(res, exchange, 'INTEGRATION_TIMEOUT', 'Endpoint request timed out');
      return;
    }
    if (outcome.kind === 'error') {
      process.stderr.write(`${JSON.stringify({ level: 'ERROR', requestId: exchange.requestId, message: 'The function failed', errorType: outcome.errorType, errorMessage: outcome.errorMessage })}\n`);
      exchange.integrationStatus = 200;
      sendGatewayResponse(res, exchange, 'INTEGRATION_FAILURE', 'Internal server error');
      return;
    }
    const response = parseProxyResult(outcome.result);
    if (response === undefined) {
      exchange.integrationStatus = 200;
      sendGatewayResponse(res, exchange, 'INTEGRATION_FAILURE', 'Malformed Lambda proxy response');
      return;
    }
    exchange.integrationStatus = response.statusCode;
    send(res, exchange, response, null);
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the gateway itself: answer 500 and keep serving.
      process.stderr.write(`local gateway error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('Local gateway error\n');
    });
  };
}
