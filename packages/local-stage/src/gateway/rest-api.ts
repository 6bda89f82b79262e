/**
 * Reads an API Gateway REST API body (OpenAPI 3 with the `x-amazon-apigateway-*` extensions) into what the local
 * gateway needs at request time: the router over its resources, each method bound to the emulator of the
 * integration the contract declares for it, its security (authorizer scopes, API key), request validators and
 * gateway responses. Anything it cannot emulate is an error here, at startup, naming the method; nothing about this
 * API is hand-written.
 */
import { infrastructure } from '@items-api/openapi/operations';
import { createRouter, type Router } from '@items-api/openapi/router';
import type { GatewayResponseDefinition } from './gateway-responses.ts';
import { bindIntegration } from './integrations/registry.ts';
import {
  loadMethodSecurity,
  loadSecuritySchemes,
  type BodySecurityFields,
  type MethodSecurity,
  type SecuritySchemeObject,
  type SecuritySchemes,
} from './method-security.ts';
import type { Integration, IntegrationObject } from './integrations/integration.ts';
import {
  compileRequestValidation,
  createModelCompiler,
  type ModelCompiler,
  type RequestValidation,
  type ValidatedOperation,
  type ValidatorDefinition,
} from './request-validation.ts';

/** The subset of an OpenAPI 3 + API Gateway body that the local gateway understands. */
export interface ApiGatewayBody extends BodySecurityFields {
  /** Path → method key → operation (checked when loaded). */
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, SecuritySchemeObject> };
  'x-amazon-apigateway-request-validators'?: Record<string, ValidatorDefinition>;
  'x-amazon-apigateway-request-validator'?: string;
  'x-amazon-apigateway-gateway-responses'?: Record<string, GatewayResponseDefinition>;
  'x-amazon-apigateway-binary-media-types'?: string[];
}

interface OperationObject extends ValidatedOperation {
  operationId?: string;
  security?: unknown;
  'x-amazon-apigateway-request-validator'?: string;
  'x-amazon-apigateway-integration'?: IntegrationObject;
}

/** What the contract declares about its operations: `infrastructure` of @items-api/openapi/operations. */
export interface Declarations {
  operations: {
    readonly [operationId: string]: { readonly method: string; readonly path: string; readonly integration: string };
  };
}

export interface Method {
  /** Undefined for a method that is not a contract operation (CORS preflight). */
  operationId: string | undefined;
  /** The integration kind that answers it (`lambda`, `dynamodb`...), `mock` for a method that is not an operation. */
  integrationKind: string;
  integration: Integration;
  /** What a request needs before validation and the integration: a token with the scopes, an API key. */
  security: MethodSecurity;
  validation: RequestValidation;
}

export interface RestApi {
  /** What the contract declared for the operations the body was loaded against (infrastructure.json's data). */
  declarations: Declarations;
  router: Router;
  /** Resource template → HTTP method (or `ANY`) → method. */
  resources: Map<string, Map<string, Method>>;
  gatewayResponses: Record<string, GatewayResponseDefinition>;
  binaryMediaTypes: string[];
}

const bodyMethodKeys: Record<string, string> = {
  get: 'GET',
  put: 'PUT',
  post: 'POST',
  delete: 'DELETE',
  options: 'OPTIONS',
  head: 'HEAD',
  patch: 'PATCH',
  'x-amazon-apigateway-any-method': 'ANY',
};

/** What loading one method needs from the whole body. */
interface LoadContext {
  declarations: Declarations;
  securitySchemes: SecuritySchemes;
  compileModel: ModelCompiler;
  validators: Record<string, ValidatorDefinition>;
  defaultValidator: string | undefined;
}

/**
 * Loads a body, binding each method to the emulator of the integration `declarations` (default: the contract's,
 * generated) declare for its operation. Throws with a readable message on anything it cannot emulate.
 */
export function loadRestApi(body: ApiGatewayBody, declarations: Declarations = infrastructure): RestApi {
  const context: LoadContext = {
    declarations,
    securitySchemes: loadSecuritySchemes(body),
    compileModel: createModelCompiler(body.components ?? {}),
    validators: body['x-amazon-apigateway-request-validators'] ?? {},
    defaultValidator: body['x-amazon-apigateway-request-validator'],
  };
  const missingFromBody = new Set(Object.keys(declarations.operations));
  const resources = new Map<string, Map<string, Method>>();
  for (const [path, item] of Object.entries(body.paths)) {
    const methods = new Map<string, Method>();
    for (const [key, value] of Object.entries(item)) {
      const httpMethod = Object.hasOwn(bodyMethodKeys, key) ? bodyMethodKeys[key] : undefined;
      if (httpMethod === undefined) continue;
      const method = loadMethod(value as OperationObject, httpMethod, path, context);
      if (method.operationId !== undefined) missingFromBody.delete(method.operationId);
      methods.set(httpMethod, method);
    }
    resources.set(path, methods);
  }
  for (const operationId of missingFromBody) {
    const { method, path } = declarations.operations[operationId]!;
    throw new Error(`${operationId} (${method} ${path}) is declared by the contract but missing from the body`);
  }
  return {
    declarations,
    router: createRouter(resources.keys()),
    resources,
    gatewayResponses: body['x-amazon-apigateway-gateway-responses'] ?? {},
    binaryMediaTypes: body['x-amazon-apigateway-binary-media-types'] ?? [],
  };
}

function loadMethod(operation: OperationObject, httpMethod: string, path: string, context: LoadContext): Method {
  const { operationId } = operation;
  const where = `${httpMethod} ${path}${operationId === undefined ? '' : ` (${operationId})`}`;
  const declaredKind =
    operationId === undefined
      ? undefined
      : declaredIntegration(context.declarations, operationId, httpMethod, path, where);

  const integrationObject = operation['x-amazon-apigateway-integration'];
  if (typeof integrationObject !== 'object' || integrationObject === null) {
    throw new Error(`${where} has no x-amazon-apigateway-integration`);
  }
  const integration = bindIntegration(declaredKind, integrationObject, where);

  const validatorName = operation['x-amazon-apigateway-request-validator'] ?? context.defaultValidator;
  const validator = validatorName === undefined ? undefined : context.validators[validatorName];
  if (validatorName !== undefined && validator === undefined) {
    throw new Error(`${where} names an undeclared request validator "${validatorName}"`);
  }
  return {
    operationId,
    integrationKind: declaredKind ?? 'mock',
    integration,
    security: loadMethodSecurity(operation.security, context.securitySchemes, where),
    validation: compileRequestValidation(operation, validator, context.compileModel),
  };
}

/** The integration kind the contract declares for a body method's operation, which must be that method. */
function declaredIntegration(
  declarations: Declarations,
  operationId: string,
  httpMethod: string,
  path: string,
  where: string,
): string {
  if (!Object.hasOwn(declarations.operations, operationId))
    throw new Error(`${where} is in the body but not declared by the contract`);
  const declared = declarations.operations[operationId]!;
  if (declared.method !== httpMethod || declared.path !== path) {
    throw new Error(`${where}: the contract declares ${operationId} as ${declared.method} ${declared.path}`);
  }
  return declared.integration;
}
