/**
 * The `lambda` integration kind: on AWS an `aws_proxy` integration invoking the function; locally the built bundle
 * invoked through the gateway's invoker, within the integration's `timeoutInMillis`.
 */
import { performance } from 'node:perf_hooks';
import { headerValue, matchesMediaType, mediaTypeOf } from '../http.ts';
import { localApi } from '../request-context.ts';
import {
  rejectUnsupportedFields,
  type IntegrationEmulator,
  type IntegrationRequest,
  type IntegrationResult,
  type IntegrationServices,
} from './integration.ts';
import { buildProxyEvent, parseProxyResult } from './lambda-proxy.ts';

const supportedFields: ReadonlySet<string> = new Set([
  'type',
  'httpMethod',
  'uri',
  'passthroughBehavior',
  'timeoutInMillis',
]);

export const lambdaEmulator: IntegrationEmulator = {
  bind(integration, method) {
    if (String(integration.type).toLowerCase() !== 'aws_proxy') {
      throw new Error(`${method}: a lambda operation needs an aws_proxy integration, not ${String(integration.type)}`);
    }
    rejectUnsupportedFields(integration, supportedFields, method);
    // API Gateway calls Lambda's Invoke API, which only takes POST.
    if (integration.httpMethod !== 'POST')
      throw new Error(
        `${method}: a Lambda proxy integration's httpMethod must be POST, not ${String(integration.httpMethod)}`,
      );
    if (typeof integration.uri !== 'string')
      throw new Error(`${method}: a Lambda proxy integration needs the function's invocation uri`);
    const timeoutMs = integration.timeoutInMillis;
    if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs <= 0) {
      throw new Error(`${method}: a Lambda proxy integration needs timeoutInMillis, a positive integer`);
    }
    return (call, services) => invokeFunction(call, services, services.timeoutOverrideMs ?? timeoutMs);
  },
};

async function invokeFunction(
  call: IntegrationRequest,
  services: IntegrationServices,
  timeoutMs: number,
): Promise<IntegrationResult> {
  const { request } = call;
  const event = buildProxyEvent(
    request,
    call.pathParameters,
    {
      // Named one by one: spreading `localApi` here made every invocation ≈ 10 µs slower (measured).
      apiId: localApi.apiId,
      accountId: localApi.accountId,
      protocol: localApi.protocol,
      requestId: call.requestId,
      extendedRequestId: call.requestId,
      stage: services.stage,
      resourceId: call.resourcePath,
      resourcePath: call.resourcePath,
      requestTimeEpoch: call.requestTimeEpoch,
      domainName: headerValue(request, 'host') ?? 'localhost',
      caller: call.caller,
    },
    matchesMediaType(services.binaryMediaTypes, mediaTypeOf(headerValue(request, 'content-type'))),
  );
  const invokedAt = performance.now();
  const outcome = await services.invoker.invoke(event, { requestId: call.requestId, timeoutMs });
  const integrationLatency = Math.round(performance.now() - invokedAt);

  if (outcome.kind === 'timeout') {
    return {
      kind: 'gateway-error',
      type: 'INTEGRATION_TIMEOUT',
      message: 'Endpoint request timed out',
      integrationStatus: null,
      integrationLatency,
    };
  }
  // Lambda answered the Invoke call (200) with a function error or a payload that is not a proxy response.
  if (outcome.kind === 'error') {
    process.stderr.write(
      `${JSON.stringify({ level: 'ERROR', requestId: call.requestId, message: 'The function failed', errorType: outcome.errorType, errorMessage: outcome.errorMessage })}\n`,
    );
    return {
      kind: 'gateway-error',
      type: 'INTEGRATION_FAILURE',
      message: 'Internal server error',
      integrationStatus: 200,
      integrationLatency,
    };
  }
  const response = parseProxyResult(outcome.result);
  if (response === undefined) {
    return {
      kind: 'gateway-error',
      type: 'INTEGRATION_FAILURE',
      message: 'Malformed Lambda proxy response',
      integrationStatus: 200,
      integrationLatency,
    };
  }
  return { kind: 'response', response, integrationStatus: response.statusCode, integrationLatency };
}
