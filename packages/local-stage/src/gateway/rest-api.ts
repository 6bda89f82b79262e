/**
 * Reads an API Gateway REST API body (OpenAPI 3 with the `x-amazon-apigateway-*` extensions) into what the local
 * gateway needs at request time: routes, integrations, request validators (compiled once with Ajv) and gateway
 * responses. Everything the gateway does is declared here; nothing about this API is hand-written.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';

// ajv-formats is CommonJS: under Node's ESM loader the function sits on `.default`, under a bundler it is the import.
const addFormats = (ajvFormats as unknown as { default?: typeof ajvFormats }).default ?? ajvFormats;

/** The subset of an OpenAPI 3 + API Gateway body that the local gateway understands. */
export interface ApiGatewayBody {
  paths: Record<string, Record<string, OperationObject | unknown>>;
  components?: { schemas?: Record<string, unknown> };
  'x-amazon-apigateway-request-validators'?: Record<string, { validateRequestBody?: boolean; validateRequestParameters?: boolean }>;
  'x-amazon-apigateway-request-validator'?: string;
  'x-amazon-apigateway-gateway-responses'?: Record<string, GatewayResponseDefinition>;
  'x-amazon-apigateway-binary-media-types'?: string[];
}

interface OperationObject {
  operationId?: string;
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  'x-amazon-apigateway-request-validator'?: string;
  'x-amazon-apigateway-integration'?: IntegrationObject;
}

interface IntegrationObject {
  type: string;
  timeoutInMillis?: number;
  responses?: Record<string, { statusCode: string; responseParameters?: Record<string, string> }>;
}

export interface GatewayResponseDefinition {
  statusCode?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
}

export type Integration =
  | { type: 'aws_proxy'; timeoutMs: number }
  | { type: 'mock'; statusCode: number; headers: Record<string, string> };

export interface Method {
  httpMethod: string;
  operationId: string | undefined;
  integration: Integration;
  /** Required parameters API Gateway checks for presence when the validator validates parameters. */
  requiredParameters: { in: 'query' | 'header' | 'path'; name: string }[];
  /** Body validators by media type, when the validator validates bodies. */
  bodyValidators: Map<string, ValidateFunction>;
}

export interface Resource {
  /** e.g. `/items/{id}` */
  path: string;
  segments: string[];
  methods: Map<string, Method>;
}

export interface RestApi {
  resources: Resource[];
  gatewayResponses: Record<string, GatewayResponseDefinition>;
  binaryMediaTypes: string[];
}

const httpMethods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'x-amazon-apigateway-any-method']);

/** API Gateway's hard limit on integration timeouts for REST APIs (29 s unless raised by quota). */
const defaultIntegrationTimeoutMs = 29_000;

function mockIntegration(integration: IntegrationObject): Integration {
  const response = integration.responses?.default ?? Object.values(integration.responses ?? {})[0];
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(response?.responseParameters ?? {})) {
    const name = /^method\.response\.header\.(.+)$/.exec(key)?.[1];
    const literal = /^'(.*)'$/s.exec(value)?.[1];
    if (name !== undefined && literal !== undefined) headers[name] = literal;
  }
  return { type: 'mock', statusCode: Number(response?.statusCode ?? 200), headers };
}

/** Loads a body into a `RestApi`. Throws with a readable message on anything it cannot emulate. */
export function loadRestApi(body: ApiGatewayBody): RestApi {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // The models refer to each other as `#/components/schemas/X`: register the whole body under one id.
  ajv.addSchema({ $id: 'apigateway-body', components: body.components ?? {} });
  const validators = body['x-amazon-apigateway-request-validators'] ?? {};
  const defaultValidator = body['x-amazon-apigateway-request-validator'];

  const resources: Resource[] = [];
  for (const [path, item] of Object.entries(body.paths)) {
    const methods = new Map<string, Method>();
    for (const [key, value] of Object.entries(item)) {
      if (!httpMethods.has(key)) continue;
      const operation = value as OperationObject;
      const integrationObject = operation['x-amazon-apigateway-integration'];
      if (!integrationObject) throw new Error(`${key.toUpperCase()} ${path} has no x-amazon-apigateway-integration`);
      const type = integrationObject.type.toLowerCase();
      let integration: Integration;
      if (type === 'aws_proxy') {
        integration = { type: 'aws_proxy', timeoutMs: integrationObject.timeoutInMillis ?? defaultIntegrationTimeoutMs };
      } else if (type === 'mock') {
        integration = mockIntegration(integrationObject);
      } else {
        throw new Error(`${key.toUpperCase()} ${path}: the local gateway cannot emulate integration type ${integrationObject.type}`);
      }

      const validatorName = operation['x-amazon-apigateway-request-validator'] ?? defaultValidator;
      const validator = validatorName === undefined ? undefined : validators[validatorName];
      if (validatorName !== undefined && validator === undefined) {
        throw new Error(`${key.toUpperCase()} ${path} names an undeclared request validator "${validatorName}"`);
      }
      const requiredParameters = validator?.validateRequestParameters
        ? (operation.parameters ?? [])
            .filter((p) => p.required && (p.in === 'query' || p.in === 'header' || p.in === 'path'))
            .map((p) => ({ in: p.in as 'query' | 'header' | 'path', name: p.name }))
        : [];
      const bodyValidators = new Map<string, ValidateFunction>();
      if (validator?.validateRequestBody && integration.type === 'aws_proxy') {
        for (const [mediaType, media] of Object.entries(operation.requestBody?.content ?? {})) {
          if (media.schema === undefined) continue;
          const schema = JSON.parse(JSON.stringify(media.schema).replaceAll('"#/components/', '"apigateway-body#/components/'));
          bodyValidators.set(mediaType.toLowerCase(), ajv.compile(schema as object));
        }
      }
      const httpMethod = key === 'x-amazon-apigateway-any-method' ? 'ANY' : key.toUpperCase();
      methods.set(httpMethod, { httpMethod, operationId: operation.operationId, integration, requiredParameters, bodyValidators });
    }
    resources.push({ path, segments: path.split('/').slice(1), methods });
  }
  return {
    resources,
    gatewayResponses: body['x-amazon-apigateway-gateway-responses'] ?? {},
    binaryMediaTypes: body['x-amazon-apigateway-binary-media-types'] ?? [],
  };
}

export interface RouteMatch {
  resource: Resource;
  pathParameters: Record<string, string>;
}

/**
 * Finds the resource for a path the way API Gateway does: literal segments beat `{param}`, which beats a greedy
 * `{param+}`. Parameter values are passed on as received (not URL-decoded), like API Gateway.
 */
export function matchResource(api: RestApi, path: string): RouteMatch | undefined {
  const segments = path === '/' ? [''] : path.split('/').slice(1);
  let best: { match: RouteMatch; score: number[] } | undefined;
  for (const resource of api.resources) {
    const pathParameters: Record<string, string> = {};
    const score: number[] = [];
    let matched = true;
    for (let i = 0; i < resource.segments.length; i++) {
      const pattern = resource.segments[i] as string;
      const greedy = /^\{(.+)\+\}$/.exec(pattern);
      if (greedy) {
        const rest = segments.slice(i).join('/');
        if (rest === '') matched = false;
        else pathParameters[greedy[1] as string] = rest;
        score.push(0);
        break;
      }
      const segment = segments[i];
      if (segment === undefined) { matched = false; break; }
      const parameter = /^\{(.+)\}$/.exec(pattern);
      if (parameter) {
        if (segment === '') { matched = false; break; }
        pathParameters[parameter[1] as string] = segment;
        score.push(1);
      } else if (segment === pattern) {
        score.push(2);
      } else { matched = false; break; }
      if (i === resource.segments.length - 1 && segments.length !== resource.segments.length) matched = false;
    }
    if (!matched) continue;
    if (!best || compareScores(score, best.score) > 0) best = { match: { resource, pathParameters }, score };
  }
  return best?.match;
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? -1) - (b[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}
