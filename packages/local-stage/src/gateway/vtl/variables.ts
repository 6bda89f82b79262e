/**
 * The variables API Gateway gives a mapping template - `$input`, `$util`, `$context` and `$stageVariables` - built
 * for one request. What each provides is also what inspect.ts lets a template use, so the two cannot drift.
 */
import { anonymous, type Caller } from '../caller.ts';
import type { IncomingRequest } from '../http.ts';
import { formatRequestTime, localApi } from '../request-context.ts';
import { evaluateJsonPath, parseJsonPath } from './json-path.ts';
import { base64Decode, base64Encode, escapeJavaScript, urlDecode, urlEncode } from './java-text.ts';
import { TemplateRuntimeError } from './java-methods.ts';
import { fromJson, printed } from './java-values.ts';

/** The method request's parameters, as `$input.params()` returns them. */
export interface RequestParameters {
  path: Record<string, string>;
  querystring: Record<string, string>;
  header: Record<string, string>;
}

export interface InputVariable {
  /** The raw payload as a string; `{}` for an empty one. */
  body: string;
  /** The JSON text of the value at a JSONPath; the empty string when there is none. */
  json(path: string): string;
  /** The value at a JSONPath (a string, number, boolean, list or map), undefined when there is none. */
  path(path: string): unknown;
  /** All parameters, or the named one (path, then query string, then header); the empty string when absent. */
  params(name?: string): RequestParameters | string;
}

/** What `$input` may be used for, by method (`body` is a property). */
export const inputMethods = { json: [1], path: [1], params: [0, 1] } as const satisfies Record<string, number[]>;

export function requestParameters(request: IncomingRequest, pathParameters: Record<string, string>): RequestParameters {
  const querystring: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(request.query)) querystring[name] ??= value;
  const header: Record<string, string> = {};
  for (const [name, value] of request.rawHeaders) header[name] ??= value;
  return { path: { ...pathParameters }, querystring, header };
}

/**
 * `$input` over `body` (the method request's, or the integration response's) and the method request's parameters.
 * An empty payload is `{}`, for `$input.body` too (AWS-recorded: test_apigateway_common.py,
 * test_input_body_formatting, and test_apigateway_sqs.py, test_sqs_aws_integration: an SQS message body `{}`).
 */
export function inputVariable(body: string, parameters: RequestParameters): InputVariable {
  let parsed: { value: unknown } | undefined;
  const document = () => {
    if (parsed === undefined) {
      try {
        parsed = { value: body === '' ? {} : fromJson(JSON.parse(body) as unknown) };
      } catch {
        throw new TemplateRuntimeError('$input.json/$input.path: the payload is not JSON');
      }
    }
    return parsed.value;
  };
  // A copy: a template's #set or put() must not change what the next call reads.
  const at = (path: string) => fromJson(structuredClone(evaluateJsonPath(document(), parseJsonPath(path))));
  return {
    body: body === '' ? '{}' : body,
    json: (path) => {
      const value = at(path);
      return value === undefined ? '' : JSON.stringify(value);
    },
    path: at,
    params: (name?: string) => {
      if (name === undefined) return parameters;
      const lowercase = name.toLowerCase();
      const header = Object.entries(parameters.header).find(([key]) => key.toLowerCase() === lowercase)?.[1];
      return parameters.path[name] ?? parameters.querystring[name] ?? header ?? '';
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return fromJson(JSON.parse(text) as unknown);
  } catch {
    throw new TemplateRuntimeError(`$util.parseJson: not JSON: ${text.slice(0, 80)}`);
  }
}

/**
 * A `$util` text function: of null it gives null, which prints nothing (AWS-recorded for `$util.urlEncode`:
 * test_apigateway_common.py, test_input_body_formatting; Commons Lang's escapeJavaScript documents the same).
 */
const textFunction =
  (apply: (text: string) => string) =>
  (value: unknown): string | undefined =>
    value === null || value === undefined ? undefined : apply(printed(value));

/** `$util`: every function takes one string. */
export const utilVariable = {
  escapeJavaScript: textFunction(escapeJavaScript),
  parseJson: (value: unknown) => {
    if (value === null || value === undefined) throw new TemplateRuntimeError('$util.parseJson: null is not JSON');
    return parseJson(printed(value));
  },
  urlEncode: textFunction(urlEncode),
  urlDecode: textFunction((text) => {
    try {
      return urlDecode(text);
    } catch (error) {
      throw new TemplateRuntimeError(`$util.urlDecode: ${(error as Error).message}`);
    }
  }),
  base64Encode: textFunction(base64Encode),
  base64Decode: textFunction(base64Decode),
} as const;

export const utilMethods: ReadonlySet<string> = new Set(Object.keys(utilVariable));

/** What a request's `$context` is built from. */
export interface ContextSource {
  request: IncomingRequest;
  resourcePath: string;
  requestId: string;
  requestTimeEpoch: number;
  stage: string;
  /** Whom the method's security admitted; anonymous by default. */
  caller?: Caller;
}

/**
 * `$context.responseOverride`, one per request: the request template and the response template set it
 * (`#set($context.responseOverride.status = 412)`), the gateway applies `status` and `header` to the method response;
 * other fields are only carried from the request template to the response template.
 */
export interface ResponseOverride {
  status?: unknown;
  header: Record<string, unknown>;
  [field: string]: unknown;
}

/** Identity fields that have no local value are empty strings, as API Gateway renders a missing one. */
const emptyIdentity = [
  'accountId',
  'caller',
  'cognitoAuthenticationProvider',
  'cognitoAuthenticationType',
  'cognitoIdentityId',
  'cognitoIdentityPoolId',
  'principalOrgId',
  'user',
  'userArn',
] as const;

/** `$context` of a request, with its `responseOverride`. */
export function contextVariable(source: ContextSource, responseOverride: ResponseOverride): Record<string, unknown> {
  const { request, caller = anonymous } = source;
  const header = (name: string) => request.rawHeaders.find(([key]) => key.toLowerCase() === name)?.[1] ?? '';
  return {
    accountId: localApi.accountId,
    apiId: localApi.apiId,
    domainName: header('host'),
    extendedRequestId: source.requestId,
    httpMethod: request.method,
    identity: {
      ...Object.fromEntries(emptyIdentity.map((field) => [field, ''])),
      apiKey: caller.apiKey?.value ?? '',
      apiKeyId: caller.apiKey?.id ?? '',
      sourceIp: request.sourceIp,
      userAgent: header('user-agent'),
    },
    path: request.basePath + request.path,
    protocol: localApi.protocol,
    requestId: source.requestId,
    requestTime: formatRequestTime(source.requestTimeEpoch),
    requestTimeEpoch: source.requestTimeEpoch,
    resourceId: source.resourcePath,
    resourcePath: source.resourcePath,
    stage: source.stage,
    responseOverride,
  };
}

/** A `$context` with every field, for checking a template's `$context.*` references when it is bound. */
export function sampleContext(): Record<string, unknown> {
  const request: IncomingRequest = {
    method: 'GET',
    basePath: '',
    path: '/',
    query: '',
    rawHeaders: [],
    body: Buffer.alloc(0),
    sourceIp: '',
  };
  return contextVariable({ request, resourcePath: '/', requestId: '', requestTimeEpoch: 0, stage: '' }, { header: {} });
}
