/**
 * The `dynamodb` integration kind: on AWS an `aws` integration, API Gateway calling DynamoDB's API itself with the
 * execution role in `credentials`; locally the same call to DynamoDB Local. The request template renders the
 * DynamoDB request, the integration response selected by DynamoDB's HTTP status renders the method response.
 */
import { performance } from 'node:perf_hooks';
import { localRegion } from '@items-api/dynamodb-local';
import { headerValue, matchesMediaType, mediaTypeOf } from '../http.ts';
import { TemplateRuntimeError, type MappingTemplate } from '../vtl/template.ts';
import { contextVariable, inputVariable, requestParameters, type ResponseOverride } from '../vtl/variables.ts';
import { callDynamoDB, type DynamoDBAnswer } from './dynamodb-call.ts';
import {
  bindIntegrationResponses,
  OverrideError,
  renderIntegrationResponse,
  selectResponse,
  type IntegrationResponse,
} from './integration-responses.ts';
import {
  rejectUnsupportedFields,
  type IntegrationEmulator,
  type IntegrationRequest,
  type IntegrationResult,
  type IntegrationServices,
} from './integration.ts';
import { bindRequestTemplates, configurationError } from './request-templates.ts';

const supportedFields: ReadonlySet<string> = new Set([
  'type',
  'httpMethod',
  'uri',
  'credentials',
  'requestTemplates',
  'passthroughBehavior',
  'contentHandling',
  'responses',
  'timeoutInMillis',
]);

/** The DynamoDB actions DynamoDB Local serves and a direct integration may name. */
export const supportedActions: ReadonlySet<string> = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
]);

const passthroughBehaviors = ['when_no_match', 'when_no_templates', 'never'] as const;
type PassthroughBehavior = (typeof passthroughBehaviors)[number];

/** API Gateway's default (and maximum) integration timeout. */
const defaultTimeoutMs = 29_000;

interface BoundIntegration {
  action: string;
  requestTemplates: Map<string, MappingTemplate>;
  passthroughBehavior: PassthroughBehavior;
  /** `CONVERT_TO_TEXT`: a body of a binary media type reaches the template as base64 text; unset: none may come. */
  convertsToText: boolean;
  responses: IntegrationResponse[];
  timeoutMs: number;
}

function bindAction(uri: unknown, method: string): string {
  const match = typeof uri === 'string' ? /^arn:aws:apigateway:([^:]+):dynamodb:action\/(\w+)$/.exec(uri) : null;
  if (match === null)
    throw new Error(
      `${method}: a dynamodb integration's uri is arn:aws:apigateway:<region>:dynamodb:action/<Action>, not ${String(uri)}`,
    );
  const [, region, action] = match as unknown as [string, string, string];
  if (region !== localRegion)
    throw new Error(`${method}: the uri names Region ${region}, but the local stage's DynamoDB is in ${localRegion}`);
  if (!supportedActions.has(action))
    throw new Error(
      `${method}: the local gateway cannot emulate DynamoDB's ${action} (it emulates ${[...supportedActions].join(', ')})`,
    );
  return action;
}

export const dynamodbEmulator: IntegrationEmulator = {
  bind(integration, method) {
    if (String(integration.type).toLowerCase() !== 'aws')
      throw new Error(`${method}: a dynamodb operation needs an aws integration, not ${String(integration.type)}`);
    rejectUnsupportedFields(integration, supportedFields, method);
    if (integration.httpMethod !== 'POST')
      throw new Error(`${method}: DynamoDB's API takes POST, not ${String(integration.httpMethod)}`);
    const action = bindAction(integration.uri, method);
    if (typeof integration.credentials !== 'string' || !/^arn:aws:iam::\d{12}:role\/.+$/.test(integration.credentials))
      throw new Error(`${method}: a dynamodb integration needs credentials, the execution role's ARN`);
    const behavior = integration.passthroughBehavior ?? 'when_no_match';
    const passthroughBehavior = typeof behavior === 'string' ? behavior.toLowerCase() : JSON.stringify(behavior);
    if (!(passthroughBehaviors as readonly string[]).includes(passthroughBehavior))
      throw new Error(
        `${method}: passthroughBehavior is one of ${passthroughBehaviors.join(', ')}, not ${passthroughBehavior}`,
      );
    const { contentHandling } = integration;
    if (contentHandling !== undefined && contentHandling !== 'CONVERT_TO_TEXT')
      throw new Error(
        `${method}: the local gateway emulates contentHandling CONVERT_TO_TEXT only, not ${JSON.stringify(contentHandling)}`,
      );
    const timeoutMs = integration.timeoutInMillis ?? defaultTimeoutMs;
    if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 50 || timeoutMs > defaultTimeoutMs)
      throw new Error(`${method}: timeoutInMillis must be an integer from 50 to ${defaultTimeoutMs}`);
    const bound: BoundIntegration = {
      action,
      requestTemplates: bindRequestTemplates(integration.requestTemplates, method),
      passthroughBehavior: passthroughBehavior as PassthroughBehavior,
      convertsToText: contentHandling === 'CONVERT_TO_TEXT',
      responses: bindIntegrationResponses(integration.responses, method),
      timeoutMs,
    };
    return (call, services) => integrate(bound, call, services);
  },
};

/** A binary request body the integration would convert in a way the local gateway does not emulate. */
class UnemulatedConversion extends Error {}

/**
 * The DynamoDB request body: the request template's rendering, or the payload as is when passed through. What the
 * template sets in `override` holds for the method response too.
 */
function requestBody(
  bound: BoundIntegration,
  call: IntegrationRequest,
  services: IntegrationServices,
  parameters: ReturnType<typeof requestParameters>,
  override: ResponseOverride,
): string | undefined {
  const { request } = call;
  const mediaType = mediaTypeOf(headerValue(request, 'content-type'));
  const template = bound.requestTemplates.get(mediaType);
  // AWS, "Content type conversions in API Gateway": a binary payload with CONVERT_TO_TEXT is base64-encoded text.
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings-workflow.html
  const binary = request.body.length > 0 && matchesMediaType(services.binaryMediaTypes, mediaType);
  if (binary && !bound.convertsToText)
    throw new UnemulatedConversion(
      `a ${mediaType} body is binary (x-amazon-apigateway-binary-media-types) and the integration sets no contentHandling: the local gateway emulates CONVERT_TO_TEXT only`,
    );
  const payload = request.body.toString(binary ? 'base64' : 'utf8');
  if (template === undefined) {
    const passes =
      bound.passthroughBehavior === 'when_no_match' ||
      (bound.passthroughBehavior === 'when_no_templates' && bound.requestTemplates.size === 0);
    return passes ? payload : undefined;
  }
  return template.render({
    input: inputVariable(payload, parameters),
    context: contextVariable({ ...call, stage: services.stage }, override),
    stageVariables: services.stageVariables,
  });
}

async function integrate(
  bound: BoundIntegration,
  call: IntegrationRequest,
  services: IntegrationServices,
): Promise<IntegrationResult> {
  const endpoint = services.dynamodb;
  if (endpoint === undefined) throw new Error('A dynamodb integration was bound without a DynamoDB endpoint');
  const parameters = requestParameters(call.request, call.pathParameters);
  const override: ResponseOverride = { header: {} };
  let body: string | undefined;
  try {
    body = requestBody(bound, call, services, parameters, override);
  } catch (error) {
    if (error instanceof TemplateRuntimeError || error instanceof UnemulatedConversion)
      return configurationError(call, error, null);
    throw error;
  }
  if (body === undefined)
    return {
      kind: 'gateway-error',
      type: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'Unsupported Media Type',
      integrationStatus: null,
      integrationLatency: null,
    };

  const calledAt = performance.now();
  const timeoutMs = services.timeoutOverrideMs ?? bound.timeoutMs;
  let answer: DynamoDBAnswer;
  try {
    answer = await callDynamoDB(endpoint, bound.action, body, AbortSignal.timeout(timeoutMs));
  } catch (error) {
    const integrationLatency = Math.round(performance.now() - calledAt);
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return {
      kind: 'gateway-error',
      type: timedOut ? 'INTEGRATION_TIMEOUT' : 'INTEGRATION_FAILURE',
      message: timedOut ? 'Endpoint request timed out' : 'Internal server error',
      integrationStatus: null,
      integrationLatency,
    };
  }
  const integrationLatency = Math.round(performance.now() - calledAt);

  try {
    const response = renderIntegrationResponse(
      selectResponse(bound.responses, answer.status),
      answer,
      {
        input: inputVariable(answer.body, parameters),
        context: contextVariable({ ...call, stage: services.stage }, override),
        stageVariables: services.stageVariables,
      },
      override,
    );
    return { kind: 'response', response, integrationStatus: answer.status, integrationLatency };
  } catch (error) {
    if (error instanceof TemplateRuntimeError || error instanceof OverrideError)
      return { ...configurationError(call, error, answer.status), integrationLatency };
    throw error;
  }
}
