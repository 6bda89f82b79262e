/**
 * Renders API Gateway gateway responses (`x-amazon-apigateway-gateway-responses`) the way API Gateway does:
 * the declared status code, the `responseParameters` headers and the `responseTemplates` body with `$context`
 * variables substituted. Types that the body does not declare fall back to DEFAULT_4XX / DEFAULT_5XX, then to
 * API Gateway's own `{"message": ...}` answer.
 */

/** One declared gateway response: its status, `gatewayresponse.header.*` mappings and templates. */
export interface GatewayResponseDefinition {
  statusCode?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
}

/** The gateway responses a body declares (`x-amazon-apigateway-gateway-responses`), by type. */
interface DeclaredResponses {
  gatewayResponses: Readonly<Record<string, GatewayResponseDefinition>>;
}

/** The gateway response types the local gateway can raise, with API Gateway's built-in status and message. */
export const gatewayResponseDefaults = {
  MISSING_AUTHENTICATION_TOKEN: { status: 403, message: 'Missing Authentication Token' },
  BAD_REQUEST_BODY: { status: 400, message: 'Invalid request body' },
  BAD_REQUEST_PARAMETERS: { status: 400, message: 'Missing required request parameters' },
  REQUEST_TOO_LARGE: { status: 413, message: 'Request Too Long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported Media Type' },
  UNAUTHORIZED: { status: 401, message: 'Unauthorized' },
  ACCESS_DENIED: { status: 403, message: 'Forbidden' },
  INVALID_API_KEY: { status: 403, message: 'Forbidden' },
  THROTTLED: { status: 429, message: 'Too Many Requests' },
  QUOTA_EXCEEDED: { status: 429, message: 'Limit Exceeded' },
  API_CONFIGURATION_ERROR: { status: 500, message: 'Internal server error' },
  INTEGRATION_FAILURE: { status: 502, message: 'Internal server error' },
  INTEGRATION_TIMEOUT: { status: 504, message: 'Endpoint request timed out' },
  // A request Node's HTTP parser refuses as malformed (request-head.ts): no more specific type covers it.
  DEFAULT_4XX: { status: 400, message: 'Bad Request' },
} as const;

export type GatewayResponseType = keyof typeof gatewayResponseDefaults;

/** `$context` as the templates see it: nested objects, looked up by dotted path. */
export type TemplateContext = Record<string, unknown>;

export interface RenderedResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

function lookup(context: TemplateContext, path: string): unknown {
  let value: unknown = context;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Substitutes `$context.a.b` and `${context.a.b}` references. Values are JSON-string-escaped when the template
 * is JSON, so a path holding a quote cannot break the document (API Gateway would emit it raw).
 */
export function renderTemplate(template: string, context: TemplateContext, escapeJson: boolean): string {
  return template.replace(
    /\$\{context\.([A-Za-z0-9_.]+)\}|\$context\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)/g,
    (_, formal?: string, plain?: string) => {
      const value = lookup(context, (formal ?? plain) as string);
      if (value === undefined || value === null) return '';
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      return escapeJson ? JSON.stringify(text).slice(1, -1) : text;
    },
  );
}

function definitionFor(
  api: DeclaredResponses,
  type: GatewayResponseType,
  status: number,
): GatewayResponseDefinition | undefined {
  return api.gatewayResponses[type] ?? api.gatewayResponses[status < 500 ? 'DEFAULT_4XX' : 'DEFAULT_5XX'];
}

/** The response API Gateway sends for `type`, given the request's `$context` and headers (for `method.request.header.*`). */
export function renderGatewayResponse(
  api: DeclaredResponses,
  type: GatewayResponseType,
  context: TemplateContext,
  requestHeaders: Record<string, string | undefined>,
): RenderedResponse {
  const builtIn = gatewayResponseDefaults[type];
  const definition = definitionFor(api, type, builtIn.status);
  const statusCode = definition?.statusCode !== undefined ? Number(definition.statusCode) : builtIn.status;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  for (const [key, value] of Object.entries(definition?.responseParameters ?? {})) {
    const name = /^gatewayresponse\.header\.(.+)$/.exec(key)?.[1];
    if (name === undefined) continue;
    const literal = /^'(.*)'$/s.exec(value)?.[1];
    const requestHeader = /^method\.request\.header\.(.+)$/.exec(value)?.[1];
    const resolved = literal ?? (requestHeader !== undefined ? requestHeaders[requestHeader.toLowerCase()] : undefined);
    if (resolved !== undefined) {
      if (name.toLowerCase() === 'content-type') delete headers['Content-Type'];
      headers[name] = resolved;
    }
  }
  // API Gateway picks the application/json template unless another is the only one declared.
  const templates = definition?.responseTemplates ?? {};
  const [templateType, template] =
    'application/json' in templates
      ? (['application/json', templates['application/json']] as const)
      : (Object.entries(templates)[0] ?? ['application/json', undefined]);
  const body =
    template !== undefined
      ? renderTemplate(template, context, /json/i.test(templateType))
      : JSON.stringify({ message: lookup(context, 'error.message') ?? builtIn.message });
  return { statusCode, headers, body };
}
