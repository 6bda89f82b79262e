/**
 * The local API Gateway: one request in, one response out, with API Gateway REST semantics for everything the
 * body declares. Each request goes through the same steps: read (10 MB limit), route, authorize (a secured
 * method's token and API key, see authorize.ts), validate, integrate, respond and log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { accessLogEntry, type AccessLogEntry } from './access-log.ts';
import { authorize, type GatewayAccess } from './authorize.ts';
import { openExchange, type Answer, type Exchange } from './exchange.ts';
import { gatewayErrorAnswer, type GatewayError } from './gateway-error.ts';
import type { IntegrationServices } from './integrations/integration.ts';
import { isSecured } from './method-security.ts';
import { maxRequestBytesDefault, PayloadTooLarge, readBody } from './read-body.ts';
import { answerClientError, maxRequestHeadBytes, requestHeadBytes } from './request-head.ts';
import { respond } from './respond.ts';
import type { RestApi } from './rest-api.ts';
import { route, type Route } from './route.ts';
import { validateRequest } from './request-validation.ts';
import type { LambdaInvoker } from '../lambda/invoker.ts';
import type { DynamoDBEndpoint } from './integrations/dynamodb-call.ts';

export type { AccessLogEntry } from './access-log.ts';
export type { GatewayAccess } from './authorize.ts';

export interface GatewayOptions {
  api: RestApi;
  invoker: LambdaInvoker;
  /** The stage name (`$context.stage`). Default `local`. */
  stage?: string;
  /**
   * Where the API is served: `/<stage>` as on an execute-api URL (the stage is then part of every path, and of
   * `requestContext.path`, but not of the event's `path`), or `''` (default) at `/`, as behind a custom domain
   * without base path. A request outside it gets what execute-api answers for an unknown stage: 403 Forbidden.
   */
  basePath?: string;
  /** Overrides every integration's `timeoutInMillis` (for tests). */
  integrationTimeoutMs?: number;
  /** DynamoDB (Local) for direct `dynamodb` integrations; required when the API has one. */
  dynamodb?: DynamoDBEndpoint;
  /** Default 10 MB, API Gateway's limit. */
  maxRequestBytes?: number;
  accessLog?: (entry: AccessLogEntry) => void;
  /** The token verifier and usage plans; required when a method is secured (an authorizer or an API key). */
  access?: GatewayAccess;
}

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** The gateway as an HTTP server uses it: its request listener, and its 'clientError' listener. */
export interface Gateway extends RequestListener {
  /** Answers a request Node's HTTP parser refused (a head too large or malformed), as a gateway response. */
  clientError: (error: Error & { code?: string }, socket: Duplex) => void;
}

/** execute-api's answer to a path under no stage: no API (so none of its gateway responses) is involved. */
function outsideStage(res: ServerResponse): void {
  const body = Buffer.from('{"message":"Forbidden"}');
  res.writeHead(403, {
    'Content-Type': 'application/json',
    'Content-Length': body.length,
    'x-amzn-ErrorType': 'ForbiddenException',
  });
  res.end(body);
}

/** The first secured method, named for the startup error of a gateway without access. */
function firstSecuredMethod(api: RestApi): string | undefined {
  for (const [path, methods] of api.resources) {
    for (const [httpMethod, method] of methods) {
      if (!isSecured(method.security)) continue;
      const needs = [
        ...(method.security.authorizationScopes !== undefined ? ['a Cognito authorizer'] : []),
        ...(method.security.apiKeyRequired ? ['an API key'] : []),
      ];
      return `${httpMethod} ${path}${method.operationId === undefined ? '' : ` (${method.operationId})`} requires ${needs.join(' and ')}`;
    }
  }
  return undefined;
}

export function createGateway(options: GatewayOptions): Gateway {
  const { api } = options;
  const stage = options.stage ?? 'local';
  const basePath = options.basePath ?? '';
  const maxRequestBytes = options.maxRequestBytes ?? maxRequestBytesDefault;
  const direct = [...api.resources.values()].flatMap((methods) =>
    [...methods.values()].filter((method) => method.integrationKind === 'dynamodb'),
  );
  if (direct.length > 0 && options.dynamodb === undefined)
    throw new Error(
      `${direct[0]?.operationId ?? 'An operation'} is a direct DynamoDB integration, but the gateway has no DynamoDB`,
    );
  const { access } = options;
  const secured = firstSecuredMethod(api);
  if (secured !== undefined && access === undefined)
    throw new Error(`${secured}, but the gateway has no access (token verifier and usage plans) to check it with`);
  const services: IntegrationServices = {
    invoker: options.invoker,
    stage,
    binaryMediaTypes: api.binaryMediaTypes,
    timeoutOverrideMs: options.integrationTimeoutMs,
    dynamodb: options.dynamodb,
    stageVariables: {},
  };
  const fail = (exchange: Exchange, error: GatewayError): Answer => gatewayErrorAnswer(api, stage, exchange, error);

  /** Runs the bound integration and records what API Gateway logs about it. */
  async function integrate(exchange: Exchange, { method, resourcePath, pathParameters }: Route): Promise<Answer> {
    const { request, requestId, requestTimeEpoch, caller } = exchange;
    exchange.integration = method.integrationKind;
    const result = await method.integration(
      { request, resourcePath, pathParameters, requestId, requestTimeEpoch, caller },
      services,
    );
    exchange.integrationStatus = result.integrationStatus;
    exchange.integrationLatency = result.integrationLatency;
    return result.kind === 'response' ? { response: result.response, error: null } : fail(exchange, result);
  }

  async function answer(req: IncomingMessage, exchange: Exchange): Promise<Answer> {
    try {
      exchange.request.body = await readBody(req, maxRequestBytes);
    } catch (error) {
      if (!(error instanceof PayloadTooLarge)) throw error;
      return fail(exchange, { type: 'REQUEST_TOO_LARGE', message: 'Request Too Long' });
    }
    if (requestHeadBytes(req) > maxRequestHeadBytes)
      return fail(exchange, { type: 'REQUEST_TOO_LARGE', message: 'Request Too Long' });
    const routed = route(api, exchange);
    if (routed === undefined)
      return fail(exchange, { type: 'MISSING_AUTHENTICATION_TOKEN', message: 'Missing Authentication Token' });
    const { security } = routed.method;
    if (isSecured(security)) {
      // Checked at startup: a secured method means the gateway was given access.
      const refused = await authorize(exchange, security, access!);
      if (refused) return fail(exchange, refused);
    }
    const invalid = validateRequest(routed.method.validation, exchange.request);
    if (invalid) return fail(exchange, invalid);
    return integrate(exchange, routed);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const exchange = openExchange(req, basePath);
    if (exchange === undefined) {
      outsideStage(res);
      return;
    }
    const answered = await answer(req, exchange);
    respond(res, exchange, answered.response);
    options.accessLog?.(accessLogEntry(exchange, answered));
  }

  const listener: RequestListener = (req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the gateway itself: answer 500 and keep serving.
      process.stderr.write(
        `local gateway error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('Local gateway error\n');
    });
  };
  return Object.assign(listener, {
    clientError: (error: Error & { code?: string }, socket: Duplex) => answerClientError(api, stage, error, socket),
  });
}
