/**
 * The API Gateway REST API body that Terraform imports (`aws_api_gateway_rest_api.body`): the contract,
 * reduced to what API Gateway's OpenAPI import accepts, plus its extensions:
 *
 * - on every operation, the integration its `x-integration` kind renders (see src/integrations/: `lambda`,
 *   an `aws_proxy` integration whose URI `${lambda_invoke_arn}` Terraform's `templatefile` fills in; `dynamodb`,
 *   an `aws` integration calling DynamoDB with generated mapping templates), and the method response headers the
 *   kind's response mappings set;
 * - no request validator: API Gateway's body validation answers malformed JSON and a schema violation with the
 *   same response type (BAD_REQUEST_BODY), whose only detail, `$context.error.validationErrorString`, holds raw
 *   double quotes and cannot go into a JSON template. The function validates the whole contract and answers
 *   `malformed-json`, or `validation-failed` with `errors` naming each place, as the contract's BadRequest says;
 * - the contract's security (see apigateway-security.ts): a Cognito user pool authorizer with per-method scopes and
 *   API keys read from the `x-api-key` header, on each operation whose `security` asks for them;
 * - a CORS preflight (mock integration) on every path, public like API Gateway's preflights must be;
 * - gateway responses, so every error API Gateway produces itself is problem+json with CORS headers, and an
 *   unknown route or method is a 404 rather than 403 "Missing Authentication Token".
 *
 * What API Gateway rejects or warns about is removed or converted (see "Amazon API Gateway important notes
 * for REST APIs"): models are JSON Schema draft 4 without `example`, `nullable`, `readOnly`, `writeOnly`,
 * `discriminator`, `oneOf`/`anyOf`, `additionalProperties`, `exclusiveMinimum`/`Maximum`, `deprecated` and
 * int32/int64/decimal formats; parameters keep only name, in, required, type and description; response,
 * parameter and header components are inlined. The models document the API (e.g. for an exported SDK); no
 * validator applies them.
 */
import {
  ContractError,
  deref,
  describeOperation,
  isObject,
  listOperations,
  methodsByPath,
  problemTypeUriPrefixOf,
  readCors,
  readProblemTypes,
  stringAt,
  type ContractOperation,
  type Json,
  type JsonObject,
  type ProblemType,
} from '../contract.ts';
import { integrationKinds, readIntegration } from '../integrations/index.ts';
import { readAccess, readOperationAccess, type OperationAccess } from '../security.ts';
import { gatewaySecuritySchemes, methodSecurity, securityTemplateVariables } from './apigateway-security.ts';

const droppedSchemaKeywords = new Set([
  'example',
  'examples',
  'readOnly',
  'writeOnly',
  'discriminator',
  'deprecated',
  'xml',
  'externalDocs',
  'additionalProperties',
  'exclusiveMinimum',
  'exclusiveMaximum',
]);
const unsupportedFormats = new Set(['int32', 'int64', 'decimal', 'float', 'double']);

/** Converts an OpenAPI 3.0 schema into a draft-4 model API Gateway imports without warnings. */
export function toGatewayModel(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(toGatewayModel);
  if (!isObject(schema)) return schema;
  if (typeof schema.$ref === 'string') return { $ref: schema.$ref };
  if (schema.oneOf !== undefined || schema.anyOf !== undefined) {
    // No draft-4 equivalent that API Gateway takes: accept anything here, the handler checks the alternatives.
    return typeof schema.description === 'string' ? { description: schema.description } : {};
  }
  const model: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (droppedSchemaKeywords.has(key) || key === 'nullable' || key.startsWith('x-')) continue;
    if (key === 'format' && typeof value === 'string' && unsupportedFormats.has(value)) continue;
    if (key === 'properties' && isObject(value)) {
      model.properties = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, toGatewayModel(s)]));
    } else if (key === 'items' || key === 'allOf' || key === 'not') {
      model[key] = toGatewayModel(value);
    } else {
      model[key] = value;
    }
  }
  // `nullable: true` has no draft-4 spelling API Gateway accepts; dropping `type` lets null (and other types)
  // through the gateway, and the handler rejects what is not null or the right type.
  if (schema.nullable === true) delete model.type;
  return model;
}

function gatewayParameter(document: JsonObject, raw: Json): JsonObject {
  const p = deref(document, raw);
  const schema = p.schema === undefined ? {} : deref(document, p.schema);
  const param: JsonObject = { name: p.name ?? null, in: p.in ?? null, required: p.required === true };
  if (typeof schema.type === 'string') param.schema = { type: schema.type };
  if (typeof p.description === 'string') param.description = p.description;
  return param;
}

function gatewayContent(content: Json | undefined): JsonObject {
  const result: JsonObject = {};
  if (!isObject(content)) return result;
  for (const [mediaType, media] of Object.entries(content)) {
    result[mediaType] = isObject(media) && media.schema !== undefined ? { schema: toGatewayModel(media.schema) } : {};
  }
  return result;
}

function gatewayResponses(document: JsonObject, responses: Json | undefined): JsonObject {
  const result: JsonObject = {};
  if (!isObject(responses)) return result;
  for (const [status, raw] of Object.entries(responses)) {
    const response = deref(document, raw);
    const out: JsonObject = { description: stringAt(response, 'description', `responses.${status}`, '') };
    if (isObject(response.headers)) {
      out.headers = Object.fromEntries(
        Object.entries(response.headers).map(([name, h]) => {
          const schema = deref(document, deref(document, h).schema);
          return [name, { schema: { type: typeof schema.type === 'string' ? schema.type : 'string' } }];
        }),
      );
    }
    if (response.content !== undefined) out.content = gatewayContent(response.content);
    result[status] = out;
  }
  return result;
}

/** Method responses with the headers an integration's response mappings set added (as strings) where missing. */
function withHeaders(responses: JsonObject, headersByStatus: Record<string, string[]>): JsonObject {
  for (const [status, names] of Object.entries(headersByStatus)) {
    const response = responses[status];
    if (!isObject(response))
      throw new ContractError(`The integration maps headers of ${status}, which has no response`);
    const headers = isObject(response.headers) ? response.headers : {};
    for (const name of names) headers[name] ??= { schema: { type: 'string' } };
    response.headers = headers;
  }
  return responses;
}

/**
 * Which operations API Gateway can answer with a gateway response: `every` operation (size, throttling, a failing
 * or slow function, a broken deployment), those needing an access token (`token`) or an API key (`apiKey`). Each
 * such operation must document the response's status, so a client's types hold what can come back.
 */
type RaisedOn = 'every' | 'token' | 'apiKey';

/** API Gateway's own responses, by type, the problem type each one answers with, and which operations get it. */
const gatewayResponseProblems: Record<string, { problem: string; detail: string; raisedOn?: RaisedOn }> = {
  MISSING_AUTHENTICATION_TOKEN: {
    problem: 'not-found',
    detail: 'No route matches $context.httpMethod $context.path.',
  },
  RESOURCE_NOT_FOUND: { problem: 'not-found', detail: 'No route matches $context.httpMethod $context.path.' },
  BAD_REQUEST_BODY: { problem: 'validation-failed', detail: 'The request body does not match the contract.' },
  BAD_REQUEST_PARAMETERS: {
    problem: 'validation-failed',
    detail: 'A required request parameter is missing.',
  },
  UNSUPPORTED_MEDIA_TYPE: { problem: 'unsupported-media-type', detail: 'The Content-Type is not supported.' },
  REQUEST_TOO_LARGE: {
    problem: 'payload-too-large',
    detail: 'The request is larger than API Gateway accepts.',
    raisedOn: 'every',
  },
  THROTTLED: {
    problem: 'too-many-requests',
    detail: 'The request rate is over the limit; retry with backoff.',
    raisedOn: 'every',
  },
  QUOTA_EXCEEDED: { problem: 'too-many-requests', detail: 'The usage quota is exhausted.', raisedOn: 'apiKey' },
  INTEGRATION_FAILURE: { problem: 'bad-gateway', detail: 'The function failed to answer.', raisedOn: 'every' },
  INTEGRATION_TIMEOUT: {
    problem: 'gateway-timeout',
    detail: 'The function did not answer in time.',
    raisedOn: 'every',
  },
  API_CONFIGURATION_ERROR: { problem: 'internal-error', detail: 'The API is misconfigured.', raisedOn: 'every' },
  AUTHORIZER_CONFIGURATION_ERROR: { problem: 'internal-error', detail: 'The authorizer is misconfigured.' },
  AUTHORIZER_FAILURE: { problem: 'internal-error', detail: 'The authorizer failed.' },
  // A Cognito authorizer answers every token problem with UNAUTHORIZED, a token without the method's scope included.
  UNAUTHORIZED: { problem: 'unauthorized', detail: 'The request is not authenticated.', raisedOn: 'token' },
  ACCESS_DENIED: { problem: 'forbidden', detail: 'The request is not allowed.' },
  EXPIRED_TOKEN: { problem: 'forbidden', detail: 'The credentials have expired.' },
  INVALID_API_KEY: { problem: 'forbidden', detail: 'The API key is not valid.', raisedOn: 'apiKey' },
  INVALID_SIGNATURE: { problem: 'forbidden', detail: 'The request signature is not valid.' },
  WAF_FILTERED: { problem: 'forbidden', detail: 'The request was blocked by the firewall.' },
  DEFAULT_4XX: { problem: 'validation-failed', detail: 'The request was rejected.' },
  DEFAULT_5XX: { problem: 'internal-error', detail: 'The request failed.', raisedOn: 'every' },
};

/** The gateway response types raised on `raisedOn`, with the status each answers (from its problem type). */
export function gatewayResponsesRaisedOn(
  raisedOn: RaisedOn,
  problems: Record<string, ProblemType>,
): { type: string; status: number }[] {
  return Object.entries(gatewayResponseProblems)
    .filter(([, response]) => response.raisedOn === raisedOn)
    .map(([type, { problem }]) => {
      const status = problems[problem]?.status;
      if (status === undefined)
        throw new ContractError(`x-problem-types has no "${problem}", which gateway response ${type} needs`);
      return { type, status };
    });
}

/** The gateway response types any operation can get, with the status each answers (from its problem type). */
export function gatewayResponsesOfEveryOperation(
  problems: Record<string, ProblemType>,
): { type: string; status: number }[] {
  return gatewayResponsesRaisedOn('every', problems);
}

const raisedOnWording: Record<RaisedOn, string> = {
  every: 'any operation',
  token: 'an operation that needs an access token',
  apiKey: 'an operation that needs an API key',
};

/** Fails naming the operation and the gateway response when an operation leaves out a status the gateway can answer it with. */
function checkGatewayStatusesDocumented(
  operation: ContractOperation,
  access: OperationAccess,
  problems: Record<string, ProblemType>,
): void {
  const raisedOn: RaisedOn[] = ['every'];
  if (access.scopes.length > 0) raisedOn.push('token');
  if (access.apiKeyRequired) raisedOn.push('apiKey');
  const documented = isObject(operation.operation.responses) ? operation.operation.responses : {};
  for (const on of raisedOn) {
    for (const { type, status } of gatewayResponsesRaisedOn(on, problems)) {
      if (!Object.hasOwn(documented, String(status))) {
        throw new ContractError(
          `${describeOperation(operation)} does not document ${status}, which API Gateway answers ${raisedOnWording[on]} with (${type})`,
        );
      }
    }
  }
}

function problemTemplate(prefix: string, key: string, problem: ProblemType, detail: string): string {
  // Gateway response templates are not VTL: only `$context` substitution, so the JSON is spelled out.
  // `$context.requestId` and `$context.path` never contain a double quote.
  return (
    `{"type":"${prefix}${key}","title":"${problem.title}","status":${problem.status},` +
    `"detail":"${detail}","instance":"$context.path","requestId":"$context.requestId"}`
  );
}

/** Every variable the body leaves for Terraform's templatefile(): the integration kinds' and the authorizer's. */
export const bodyTemplateVariables: readonly string[] = [
  ...Object.values(integrationKinds).flatMap((kind) => kind.templateVariables),
  ...securityTemplateVariables,
];

/** The text with every `${variable}` (or a map variable's `${variable.key}`) of `bodyTemplateVariables` removed. */
export function withoutTemplateVariables(text: string): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z][A-Za-z0-9]*)?\}/g, (match, name: string) =>
    bodyTemplateVariables.includes(name) ? '' : match,
  );
}

function quoted(value: string): string {
  return `'${value}'`;
}

export function renderApiGatewayBody(document: JsonObject): string {
  const cors = readCors(document);
  const problems = readProblemTypes(document);
  const operations = listOperations(document);
  const access = readAccess(document);
  const info = isObject(document.info) ? document.info : {};

  const paths: JsonObject = {};
  const functionBodyTypes = new Set<string>();
  for (const contractOperation of operations) {
    const { method, path, operation, operationId } = contractOperation;
    const required = readOperationAccess(access, contractOperation);
    checkGatewayStatusesDocumented(contractOperation, required, problems);
    const out: JsonObject = { operationId };
    if (typeof operation.summary === 'string') out.summary = operation.summary;
    const security = methodSecurity(access, required);
    if (security) out.security = security;
    const parameters = Array.isArray(operation.parameters) ? operation.parameters : [];
    if (parameters.length > 0) out.parameters = parameters.map((p) => gatewayParameter(document, p));
    if (operation.requestBody !== undefined) {
      const body = deref(document, operation.requestBody);
      out.requestBody = { required: body.required === true, content: gatewayContent(body.content) };
    }
    const integration = readIntegration(contractOperation);
    if (integration.type === 'lambda' && isObject(out.requestBody) && isObject(out.requestBody.content))
      for (const type of Object.keys(out.requestBody.content)) functionBodyTypes.add(type);
    const kind = integrationKinds[integration.type];
    const context = { document, operation: contractOperation };
    out.responses = withHeaders(
      gatewayResponses(document, operation.responses),
      kind.methodResponseHeaders(integration, context),
    );
    out['x-amazon-apigateway-integration'] = kind.gatewayIntegration(integration, context);
    paths[path] = { ...(isObject(paths[path]) ? paths[path] : {}), [method]: out };
  }

  for (const [path, methods] of methodsByPath(operations)) {
    const pathParameters = [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({
      name: name ?? '',
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const preflightHeaders = {
      'Access-Control-Allow-Origin': quoted(cors.allowOrigin),
      'Access-Control-Allow-Methods': quoted([...methods, 'OPTIONS'].join(',')),
      'Access-Control-Allow-Headers': quoted(cors.allowHeaders.join(',')),
      'Access-Control-Max-Age': quoted(String(cors.maxAgeSeconds)),
    };
    const item = isObject(paths[path]) ? paths[path] : {};
    item.options = {
      summary: 'CORS preflight',
      ...(pathParameters.length > 0 ? { parameters: pathParameters } : {}),
      responses: {
        '204': {
          description: 'CORS preflight answer.',
          headers: Object.fromEntries(Object.keys(preflightHeaders).map((h) => [h, { schema: { type: 'string' } }])),
        },
      },
      'x-amazon-apigateway-integration': {
        type: 'mock',
        requestTemplates: { 'application/json': '{"statusCode": 204}' },
        passthroughBehavior: 'when_no_match',
        // A preflight has no body; were one sent as a binary media type, it stays text for the template.
        contentHandling: 'CONVERT_TO_TEXT',
        responses: {
          default: {
            statusCode: '204',
            responseParameters: Object.fromEntries(
              Object.entries(preflightHeaders).map(([h, v]) => [`method.response.header.${h}`, v]),
            ),
          },
        },
      },
    };
    paths[path] = item;
  }

  const schemas =
    isObject(document.components) && isObject(document.components.schemas) ? document.components.schemas : {};
  for (const name of Object.keys(schemas)) {
    if (!/^[A-Za-z0-9]+$/.test(name)) {
      throw new ContractError(`Schema name "${name}" must be alphanumeric: API Gateway model names allow nothing else`);
    }
  }

  const gatewayResponseHeaders = {
    'gatewayresponse.header.Content-Type': quoted('application/problem+json'),
    'gatewayresponse.header.Access-Control-Allow-Origin': quoted(cors.allowOrigin),
    'gatewayresponse.header.Access-Control-Expose-Headers': quoted(cors.exposeHeaders.join(',')),
  };
  const gatewayResponsesExt: JsonObject = {};
  for (const [type, { problem: key, detail }] of Object.entries(gatewayResponseProblems)) {
    const problem = problems[key];
    if (!problem) throw new ContractError(`x-problem-types has no "${key}", which gateway response ${type} needs`);
    gatewayResponsesExt[type] = {
      statusCode: String(problem.status),
      responseParameters: gatewayResponseHeaders,
      responseTemplates: {
        'application/json': problemTemplate(problemTypeUriPrefixOf(document), key, problem, detail),
      },
    };
  }

  const body: JsonObject = {
    openapi: stringAt(document, 'openapi', '#'),
    info: {
      title: stringAt(info, 'title', '#.info', ''),
      version: stringAt(info, 'version', '#.info', ''),
      description: 'Generated from openapi/openapi.yaml for API Gateway import; see the contract for documentation.',
    },
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, toGatewayModel(schema)])),
      securitySchemes: gatewaySecuritySchemes(access),
    },
    'x-amazon-apigateway-api-key-source': 'HEADER',
    // The function's request bodies as binary media types: API Gateway then hands it the bytes (base64,
    // `isBase64Encoded`) instead of a UTF-8 string, so bytes that are not UTF-8 reach it and are refused rather than
    // arriving with U+FFFD in their place. AWS, "Content type conversions in API Gateway":
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings-workflow.html
    'x-amazon-apigateway-binary-media-types': [...functionBodyTypes].sort(),
    'x-amazon-apigateway-gateway-responses': gatewayResponsesExt,
  };
  const text = `${JSON.stringify(body, null, 2)}\n`;
  // Terraform's templatefile() would also interpret any other `${` or `%{`: there must be none.
  const stray = withoutTemplateVariables(text).match(/[$%]\{/);
  if (stray)
    throw new ContractError(
      `The gateway body contains "${stray[0]}", which Terraform's templatefile() would interpret`,
    );
  return text;
}
