/**
 * API Gateway's request validators (`x-amazon-apigateway-request-validators`): required query and header
 * parameters present, and the body valid against the method's model for its media type (compiled once with Ajv).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { GatewayResponseType } from './gateway-responses.ts';
import { headerValue, mediaTypeOf, type IncomingRequest } from './http.ts';

// ajv-formats is CommonJS: under Node's ESM loader the function sits on `.default`, under a bundler it is the import.
const addFormats = (ajvFormats as unknown as { default?: typeof ajvFormats }).default ?? ajvFormats;

export interface ValidatorDefinition {
  validateRequestBody?: boolean;
  validateRequestParameters?: boolean;
}

/** What a method's validator checks. */
export interface RequestValidation {
  /** Required parameters API Gateway checks for presence when the validator validates parameters. */
  requiredParameters: { in: 'query' | 'header' | 'path'; name: string }[];
  /** Body validators by media type, when the validator validates bodies. */
  bodyValidators: Map<string, ValidateFunction>;
}

export interface ValidatedOperation {
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
}

export interface ValidationFailure {
  type: GatewayResponseType;
  message: string;
  /** `$context.error.validationErrorString`. */
  detail: string;
}

const modelsId = 'apigateway-body';

/** Compiles a schema against one body's models. */
export type ModelCompiler = (schema: unknown) => ValidateFunction;

/** The compiler for one body's models; they refer to each other as `#/components/schemas/X`. */
export function createModelCompiler(components: Record<string, unknown>): ModelCompiler {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema({ $id: modelsId, components });
  return (schema) =>
    ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${modelsId}#/components/`)) as object);
}

export function compileRequestValidation(
  operation: ValidatedOperation,
  validator: ValidatorDefinition | undefined,
  compileModel: ModelCompiler,
): RequestValidation {
  const requiredParameters = validator?.validateRequestParameters
    ? (operation.parameters ?? [])
        .filter((p) => p.required && (p.in === 'query' || p.in === 'header' || p.in === 'path'))
        .map((p) => ({ in: p.in as 'query' | 'header' | 'path', name: p.name }))
    : [];
  const bodyValidators = new Map<string, ValidateFunction>();
  if (validator?.validateRequestBody) {
    for (const [mediaType, media] of Object.entries(operation.requestBody?.content ?? {})) {
      if (media.schema !== undefined) bodyValidators.set(mediaType.toLowerCase(), compileModel(media.schema));
    }
  }
  return { requiredParameters, bodyValidators };
}

function missingParameters(required: RequestValidation['requiredParameters'], request: IncomingRequest): string[] {
  if (required.length === 0) return [];
  const query = new URLSearchParams(request.query);
  const headerNames = new Set(request.rawHeaders.map(([name]) => name.toLowerCase()));
  // A path parameter is always present: a route without it would not have matched.
  return required
    .filter((p) =>
      p.in === 'query' ? !query.has(p.name) : p.in === 'header' ? !headerNames.has(p.name.toLowerCase()) : false,
    )
    .map((p) => p.name);
}

/** The first check the request fails, or undefined. A media type without a model passes (when_no_match). */
export function validateRequest(
  validation: RequestValidation,
  request: IncomingRequest,
): ValidationFailure | undefined {
  const missing = missingParameters(validation.requiredParameters, request);
  if (missing.length > 0) {
    return {
      type: 'BAD_REQUEST_PARAMETERS',
      message: 'Missing required request parameters',
      detail: `Missing required request parameters: [${missing.join(', ')}]`,
    };
  }
  const validator = validation.bodyValidators.get(mediaTypeOf(headerValue(request, 'content-type')));
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
