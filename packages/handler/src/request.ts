/**
 * Reads an operation's request from the event and checks it against the contract with the generated validators:
 * parameters (path, query, headers), then the body (present, media type, JSON, schema, storable). The result is
 * typed from the generated operation types; every failure is an HttpProblem.
 */
import type { OperationId, operations } from '@items-api/openapi/operations';
import type { operations as OperationTypes, ProblemFieldError } from '@items-api/openapi/schema';
import { requestValidators, type ValidationError, type Validator } from '@items-api/openapi/validators';
import { notUtf8, readBody, readHeaders, readQuery, type ProxyEvent } from './http.ts';
import { pointerToken } from './json-pointer.ts';
import { HttpProblem } from './problems.ts';
import { holdsNumber, parseExactly } from './exact-numbers.ts';
import type { Route } from './routing.ts';
import { storageErrors } from './storage-checks.ts';
import { parametersDetail } from '@items-api/openapi/answers';

type Params<K extends OperationId> = OperationTypes[K]['parameters'];
type LowerKeys<T> = { [H in keyof T as Lowercase<H & string>]: T[H] };
type BodyOf<K extends OperationId> = (typeof requestValidators)[K]['body'] extends { validate: Validator<infer T> }
  ? T
  : undefined;
/** Query parameters with a default in the contract: the validator fills them in, so they are always there. */
type DefaultedQuery<K extends OperationId> = Extract<
  (typeof operations)[K]['parameters'][number],
  { in: 'query'; default: string | number | boolean }
>['name'];
type WithDefaults<Query, Names extends PropertyKey> = Query & { [P in Names & keyof Query]-?: NonNullable<Query[P]> };

export interface ValidRequest<K extends OperationId> {
  /** The path prefix the client addressed the API under (see Route), for the links a response holds. */
  basePath: string;
  path: NonNullable<Params<K>['path']>;
  query: WithDefaults<NonNullable<Params<K>['query']>, DefaultedQuery<K>>;
  headers: LowerKeys<NonNullable<Params<K>['header']>>;
  body: BodyOf<K>;
}

function toFieldErrors(prefix: string, errors: ValidationError[] | null | undefined): ProblemFieldError[] {
  return (errors ?? []).map((error) => {
    let path = prefix + error.instancePath;
    const params = error.params;
    if (error.keyword === 'required' && typeof params.missingProperty === 'string')
      path += `/${pointerToken(params.missingProperty)}`;
    if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
      path += `/${pointerToken(params.additionalProperty)}`;
    }
    return { path, message: error.message ?? `fails ${error.keyword}` };
  });
}

function mediaType(contentType: string | undefined): { type: string; charset: string | undefined } | undefined {
  if (contentType === undefined) return undefined;
  const [type = '', ...params] = contentType.split(';');
  let charset: string | undefined;
  for (const param of params) {
    const [name, value] = param.split('=');
    if (name?.trim().toLowerCase() === 'charset') charset = value?.trim().replace(/^"|"$/g, '').toLowerCase();
  }
  return { type: type.trim().toLowerCase(), charset };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpProblem('malformed-json', `The body is not valid JSON: ${(error as Error).message}`);
  }
}

function readValidBody(operationId: OperationId, event: ProxyEvent, headers: Record<string, string>): unknown {
  const validators = requestValidators[operationId].body;
  if (!validators) return undefined;
  if (event.body === null || event.body === undefined) {
    throw new HttpProblem('validation-failed', 'This operation needs a request body.', [
      { path: '/body', message: 'is required' },
    ]);
  }
  const media = mediaType(headers['content-type']);
  if (
    !media ||
    !validators.contentTypes.includes(media.type) ||
    (media.charset !== undefined && media.charset !== 'utf-8')
  ) {
    throw new HttpProblem(
      'unsupported-media-type',
      `This operation takes ${validators.contentTypes.join(' or ')} (UTF-8).`,
    );
  }
  // A body is there (checked above), so an empty text is an empty body.
  const text = readBody(event) ?? '';
  if (text === notUtf8) throw new HttpProblem('malformed-json', 'The body is not valid JSON: it is not UTF-8.');
  const parsed = parseJson(text);
  if (!validators.validate(parsed)) {
    throw new HttpProblem(
      'validation-failed',
      'The request body does not match the contract.',
      toFieldErrors('/body', validators.validate.errors),
    );
  }
  // The schema checks the JS numbers; what is stored are the digits as sent (exact-numbers.ts). The generated
  // types still say `number` where a NumberValue may stand: only the store and the JSON writer meet it.
  const body = holdsNumber(parsed) ? parseExactly(text) : parsed;
  const errors = storageErrors(body);
  if (errors.length > 0) throw new HttpProblem('validation-failed', 'The request body cannot be stored.', errors);
  return body;
}

export function readValidRequest<K extends OperationId>(
  operationId: K,
  event: ProxyEvent,
  route: Pick<Route, 'pathParameters' | 'basePath'>,
): ValidRequest<K> {
  const validate = requestValidators[operationId].parameters;
  const headers = readHeaders(event);
  const parameters = { path: route.pathParameters, query: readQuery(event), headers };
  if (!validate(parameters)) {
    throw new HttpProblem('validation-failed', parametersDetail, toFieldErrors('', validate.errors));
  }
  // The validators checked (and coerced) exactly these shapes.
  return {
    basePath: route.basePath,
    ...parameters,
    body: readValidBody(operationId, event, headers),
  } as unknown as ValidRequest<K>;
}
