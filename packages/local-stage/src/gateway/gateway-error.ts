/** A gateway error as the client gets it: the body's gateway response for its type, rendered with `$context`. */
import type { Answer, Exchange } from './exchange.ts';
import { renderGatewayResponse, type GatewayResponseType, type TemplateContext } from './gateway-responses.ts';
import { formatRequestTime, localApi } from './request-context.ts';
import type { RestApi } from './rest-api.ts';

export interface GatewayError {
  type: GatewayResponseType;
  message: string;
  /** `$context.error.validationErrorString`, for request validation failures. */
  detail?: string;
}

function templateContext(exchange: Exchange, stage: string, error: GatewayError): TemplateContext {
  const { request } = exchange;
  return {
    requestId: exchange.requestId,
    extendedRequestId: exchange.requestId,
    httpMethod: request.method,
    // The path as the client sent it: on AWS, `$context.path` holds the stage of an execute-api URL.
    path: request.basePath + request.path,
    resourcePath: exchange.resourcePath,
    stage,
    apiId: localApi.apiId,
    accountId: localApi.accountId,
    requestTime: formatRequestTime(exchange.requestTimeEpoch),
    requestTimeEpoch: exchange.requestTimeEpoch,
    protocol: localApi.protocol,
    identity: { sourceIp: request.sourceIp },
    error: {
      message: error.message,
      messageString: JSON.stringify(error.message),
      responseType: error.type,
      validationErrorString: error.detail ?? null,
    },
  };
}

export function gatewayErrorAnswer(api: RestApi, stage: string, exchange: Exchange, error: GatewayError): Answer {
  // Last value wins, as for `method.request.header.*` on API Gateway.
  const requestHeaders = Object.fromEntries(
    exchange.request.rawHeaders.map(([name, value]) => [name.toLowerCase(), value]),
  );
  const rendered = renderGatewayResponse(api, error.type, templateContext(exchange, stage, error), requestHeaders);
  const headers = new Map(Object.entries(rendered.headers).map(([name, value]) => [name, [value]]));
  headers.set('x-amzn-ErrorType', [error.type]);
  return {
    response: { statusCode: rendered.statusCode, headers, body: Buffer.from(rendered.body, 'utf8') },
    error: { type: error.type, message: error.message },
  };
}
