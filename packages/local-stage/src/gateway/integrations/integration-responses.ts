/**
 * The integration responses of a non-proxy (`aws`) integration: bound once when the body is loaded, then per
 * request the one whose selection pattern matches the integration's HTTP status (API Gateway's rule for AWS
 * service integrations; `default` when none matches), its `responseParameters` headers and its application/json
 * template rendered over the integration's answer, then `$context.responseOverride` on top.
 */
import type { OutgoingResponse } from '../http.ts';
import { compileTemplate, TemplateError, type MappingTemplate, type TemplateVariables } from '../vtl/template.ts';
import { evaluateJsonPath, parseJsonPath, type JsonPath } from '../vtl/json-path.ts';
import type { ResponseOverride } from '../vtl/variables.ts';

/** Where a `method.response.header.*` value comes from. */
type HeaderSource =
  { kind: 'literal'; value: string } | { kind: 'header'; name: string } | { kind: 'body'; path: JsonPath };

export interface IntegrationResponse {
  /** The response's key in the body: a selection pattern or `default`. */
  key: string;
  /** Matches the whole status code; null for `default`. */
  pattern: RegExp | null;
  statusCode: number;
  template: MappingTemplate | undefined;
  headers: [name: string, source: HeaderSource][];
}

const supportedResponseFields: ReadonlySet<string> = new Set([
  'statusCode',
  'responseTemplates',
  'responseParameters',
  'contentHandling',
]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function httpStatus(value: unknown, where: string): number {
  const status = Number(value);
  if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`${where}: statusCode is missing`);
  if (!Number.isInteger(status) || status < 100 || status > 599)
    throw new Error(`${where}: statusCode must be an HTTP status, not ${String(value)}`);
  return status;
}

function headerSource(value: unknown, where: string): HeaderSource {
  const text = typeof value === 'string' ? value : '';
  const literal = /^'(.*)'$/s.exec(text)?.[1];
  if (literal !== undefined) return { kind: 'literal', value: literal };
  const header = /^integration\.response\.header\.(.+)$/.exec(text)?.[1];
  if (header !== undefined) return { kind: 'header', name: header.toLowerCase() };
  const body = /^integration\.response\.body(.*)$/.exec(text)?.[1];
  if (body !== undefined) return { kind: 'body', path: parseJsonPath(`$${body}`) };
  throw new Error(`${where}: the local gateway cannot emulate the value ${JSON.stringify(value)}`);
}

function bindResponse(key: string, response: unknown, method: string): IntegrationResponse {
  const where = `${method}: integration response "${key}"`;
  if (!isRecord(response)) throw new Error(`${where} is not an object`);
  const extra = Object.keys(response).find((field) => !supportedResponseFields.has(field));
  if (extra !== undefined) throw new Error(`${where}: the local gateway cannot emulate ${extra}`);
  // CONVERT_TO_TEXT keeps a text answer text whatever the client accepts: what the local gateway does anyway.
  if (response.contentHandling !== undefined && response.contentHandling !== 'CONVERT_TO_TEXT')
    throw new Error(`${where}: the local gateway emulates contentHandling CONVERT_TO_TEXT only`);
  const templates = isRecord(response.responseTemplates) ? response.responseTemplates : {};
  const otherType = Object.keys(templates).find((type) => type !== 'application/json');
  if (otherType !== undefined)
    throw new Error(`${where}: the local gateway renders application/json templates only, not ${otherType}`);
  const source = templates['application/json'];
  if (source !== undefined && typeof source !== 'string') throw new Error(`${where}: its template is not a string`);
  let template: MappingTemplate | undefined;
  try {
    template = source === undefined ? undefined : compileTemplate(source);
  } catch (error) {
    if (error instanceof TemplateError)
      throw new Error(`${where}, response template: ${error.message}`, { cause: error });
    throw error;
  }
  const parameters = isRecord(response.responseParameters) ? response.responseParameters : {};
  const headers = Object.entries(parameters).map(([target, value]): [string, HeaderSource] => {
    const name = /^method\.response\.header\.(.+)$/.exec(target)?.[1];
    if (name === undefined)
      throw new Error(`${where}: the local gateway cannot emulate the response parameter ${target}`);
    return [name, headerSource(value, `${where}, ${target}`)];
  });
  let pattern: RegExp | null = null;
  if (key !== 'default') {
    try {
      pattern = new RegExp(`^(?:${key})$`, 's');
    } catch {
      throw new Error(`${where}: the selection pattern is not a regular expression`);
    }
  }
  return { key, pattern, statusCode: httpStatus(response.statusCode, where), template, headers };
}

/** Binds an integration's `responses`; it must have a `default`, so every status has an answer. */
export function bindIntegrationResponses(responses: unknown, method: string): IntegrationResponse[] {
  if (!isRecord(responses)) throw new Error(`${method}: an aws integration needs responses`);
  if (!Object.hasOwn(responses, 'default'))
    throw new Error(`${method}: an aws integration needs a default response (the answer when no pattern matches)`);
  return Object.entries(responses).map(([key, response]) => bindResponse(key, response, method));
}

/** The first response (in body order) whose pattern matches `status`, else the default. */
export function selectResponse(responses: IntegrationResponse[], status: number): IntegrationResponse {
  const code = String(status);
  return (
    responses.find((response) => response.pattern?.test(code) === true) ??
    (responses.find((response) => response.pattern === null) as IntegrationResponse)
  );
}

/** What the integration answered, as the response templates and parameters see it. */
export interface IntegrationAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function headerValue(source: HeaderSource, answer: IntegrationAnswer): string | undefined {
  if (source.kind === 'literal') return source.value;
  if (source.kind === 'header') return answer.headers[source.name];
  let document: unknown;
  try {
    document = JSON.parse(answer.body) as unknown;
  } catch {
    return undefined;
  }
  const value = evaluateJsonPath(document, source.path);
  return value === undefined || value === null ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
}

export class OverrideError extends Error {
  override name = 'OverrideError';
}

/**
 * The method response: `selected`'s status and headers, its template's body (the integration's body as is without
 * one), then what the template set in `$context.responseOverride`. Throws a TemplateRuntimeError or OverrideError.
 */
export function renderIntegrationResponse(
  selected: IntegrationResponse,
  answer: IntegrationAnswer,
  variables: Omit<TemplateVariables, 'context'> & { context: Record<string, unknown> },
  override: ResponseOverride,
): OutgoingResponse {
  const body = selected.template === undefined ? answer.body : selected.template.render(variables);
  const headers = new Map<string, string[]>([['Content-Type', ['application/json']]]);
  const set = (name: string, value: string) => {
    const existing = [...headers.keys()].find((key) => key.toLowerCase() === name.toLowerCase());
    if (existing !== undefined) headers.delete(existing);
    headers.set(name, [value]);
  };
  for (const [name, source] of selected.headers) {
    const value = headerValue(source, answer);
    if (value !== undefined) set(name, value);
  }
  return applyResponseOverride(override, { statusCode: selected.statusCode, headers, body: Buffer.from(body, 'utf8') });
}

/**
 * `response` with what the templates set in `$context.responseOverride`: its `status` and `header.<name>` (replacing
 * a header of the same name, whatever its case). Throws an OverrideError on a status that is no HTTP status.
 */
export function applyResponseOverride(override: ResponseOverride, response: OutgoingResponse): OutgoingResponse {
  const { headers } = response;
  let { statusCode } = response;
  if (override.status !== undefined && override.status !== '') {
    statusCode = Number(override.status);
    if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599)
      throw new OverrideError(
        `$context.responseOverride.status is not an HTTP status: ${JSON.stringify(override.status)}`,
      );
  }
  for (const [name, value] of Object.entries(override.header)) {
    if (value === undefined || value === null) continue;
    const existing = [...headers.keys()].find((key) => key.toLowerCase() === name.toLowerCase());
    if (existing !== undefined) headers.delete(existing);
    // A number or boolean as its JSON text (412, true); a string as is.
    headers.set(name, [typeof value === 'string' ? value : JSON.stringify(value)]);
  }
  return { ...response, statusCode };
}
