/**
 * The request pipeline: route → validate (compiled validators from the contract) → operation → response, with
 * problem+json for every failure and one JSON log line per request. Dependencies come in through
 * `createApp`, so unit tests run it with a stubbed DynamoDB client and the Lambda entry wires the real one.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { allowedMethods, apiVersion, cors, operations, type OperationId } from '@items-api/openapi/operations';
import type { operations as OperationTypes, ProblemFieldError } from '@items-api/openapi/schema';
import { requestValidators, type ValidationError, type Validator } from '@items-api/openapi/validators';
import { createCursorCodec, type CursorCodec, type CursorKey } from './cursor.ts';
import { etagOf, parseIfMatch, type IfMatch } from './etag.ts';
import { empty, HttpProblem, json, pointerToken, problem, readBody, readHeaders, readQuery, type ProxyEvent, type ProxyResult } from './http.ts';
import type { Logger } from './logger.ts';
import * as store from './store.ts';

// --- Typed dispatch: every operation of the contract must have a handler, or this file does not compile.

type Params<K extends OperationId> = OperationTypes[K]['parameters'];
type LowerKeys<T> = { [H in keyof T as Lowercase<H & string>]: T[H] };
type BodyOf<K extends OperationId> = (typeof requestValidators)[K]['body'] extends { validate: Validator<infer T> } ? T : undefined;

export interface ValidRequest<K extends OperationId> {
  path: NonNullable<Params<K>['path']>;
  query: NonNullable<Params<K>['query']>;
  headers: LowerKeys<NonNullable<Params<K>['header']>>;
  body: BodyOf<K>;
}

export interface RequestContext {
  requestId: string;
  instance: string;
  store: store.StoreContext;
}

export type OperationHandler<K extends OperationId> = (request: ValidRequest<K>, context: RequestContext) => Promise<ProxyResult>;

/** One handler per operation of the contract: a missing one is a type error. */
export type OperationRoutes = { [K in OperationId]: OperationHandler<K> };

export interface AppOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  region: string;
  cursorKey: Buffer;
  logger: Logger;
  /** For tests: a fixed clock and id generator. */
  now?: () => Date;
  newId?: () => string;
}

export type App = (event: ProxyEvent, context?: { awsRequestId?: string }) => Promise<ProxyResult>;

const itemPath = operations.getItem.path;
// The parameter validator fills in the contract's default; this only satisfies the optional type.
const defaultLimit = Number(operations.listItems.parameters.find((p) => p.name === 'limit')?.default);
const locationOf = (id: string) => itemPath.replace('{id}', encodeURIComponent(id));

function ifMatchOf(value: string | undefined): IfMatch | undefined {
  if (value === undefined) return undefined;
  const parsed = parseIfMatch(value);
  if (!parsed) {
    throw new HttpProblem('validation-failed', 'If-Match must be `*` or a list of entity tags such as "3".', {
      errors: [{ path: '/headers/if-match', message: 'must be * or a quoted entity tag such as "3"' }],
    });
  }
  return parsed;
}

function makeRoutes(options: AppOptions, cursors: CursorCodec): OperationRoutes {
  const now = () => (options.now ? options.now() : new Date()).toISOString();
  const newId = options.newId ?? randomUUID;
  return {
    getHealth: async () => json(200, { status: 'ok', version: apiVersion, region: options.region }),

    listItems: async ({ query }, { store: ctx }) => {
      let startKey: CursorKey | undefined;
      if (query.cursor !== undefined) {
        startKey = cursors.decode(query.cursor);
        if (!startKey) {
          throw new HttpProblem('validation-failed', 'The cursor is not one this API issued, or it was altered.', {
            errors: [{ path: '/query/cursor', message: 'is not a valid cursor' }],
          });
        }
      }
      const page = await store.listItems(ctx, query.limit ?? defaultLimit, startKey);
      return json(200, page.lastKey ? { items: page.items, nextCursor: cursors.encode(page.lastKey) } : { items: page.items });
    },

    createItem: async ({ body }, { store: ctx }) => {
      const item = await store.createItem(ctx, newId(), body, now());
      return json(201, item, { Location: locationOf(item.id), ETag: etagOf(item.version) });
    },

    getItem: async ({ path }, { store: ctx }) => {
      const item = await store.getItem(ctx, path.id);
      if (!item) throw new HttpProblem('not-found', `No item has the id "${path.id}".`);
      return json(200, item, { ETag: etagOf(item.version) });
    },

    putItem: async ({ path, headers, body }, { store: ctx }) => {
      const ifMatch = ifMatchOf(headers['if-match']);
      if (ifMatch && headers['if-none-match'] !== undefined) {
        // RFC 9110: If-Match then If-None-Match: * can never both hold, whether or not the item exists.
        throw new HttpProblem('precondition-failed', 'If-Match and If-None-Match: * cannot both hold.');
      }
      const condition: store.PutCondition = ifMatch
        ? { kind: 'if-match', ifMatch }
        : headers['if-none-match'] !== undefined
          ? { kind: 'if-none-match' }
          : { kind: 'none' };
      const { item, created } = await store.putItem(ctx, path.id, body, condition, now());
      return created
        ? json(201, item, { Location: locationOf(item.id), ETag: etagOf(item.version) })
        : json(200, item, { ETag: etagOf(item.version) });
    },

    patchItem: async ({ path, headers, body }, { store: ctx }) => {
      const item = await store.patchItem(ctx, path.id, body, ifMatchOf(headers['if-match']), now());
      return json(200, item, { ETag: etagOf(item.version) });
    },

    deleteItem: async ({ path, headers }, { store: ctx }) => {
      await store.deleteItem(ctx, path.id, ifMatchOf(headers['if-match']));
      return empty(204);
    },
  };
}

// --- Routing: from the contract's paths; API Gateway's `resource` when present, else the request path.

interface Route {
  template: string;
  segments: string[];
  methods: Map<string, OperationId>;
}

function buildRoutes(): Route[] {
  const byTemplate = new Map<string, Route>();
  for (const id of Object.keys(operations) as OperationId[]) {
    const { path, method } = operations[id];
    let route = byTemplate.get(path);
    if (!route) {
      route = { template: path, segments: path.split('/').slice(1), methods: new Map() };
      byTemplate.set(path, route);
    }
    route.methods.set(method, id);
  }
  return [...byTemplate.values()];
}

function match(routes: Route[], event: ProxyEvent): { route: Route; pathParams: Record<string, string> } | undefined {
  if (event.resource) {
    const route = routes.find((r) => r.template === event.resource);
    if (route) {
      const pathParams: Record<string, string> = Object.create(null);
      for (const [name, value] of Object.entries(event.pathParameters ?? {})) if (value !== undefined) pathParams[name] = value;
      return { route, pathParams };
    }
  }
  const parts = event.path.split('/').slice(1);
  outer: for (const route of routes) {
    if (route.segments.length !== parts.length) continue;
    const pathParams: Record<string, string> = Object.create(null);
    for (let i = 0; i < parts.length; i++) {
      const segment = route.segments[i] as string;
      const part = parts[i] as string;
      if (segment.startsWith('{') && segment.endsWith('}')) {
        if (part === '') continue outer;
        try {
          pathParams[segment.slice(1, -1)] = decodeURIComponent(part);
        } catch {
          continue outer;
        }
      } else if (segment !== part) {
        continue outer;
      }
    }
    return { route, pathParams };
  }
  return undefined;
}

// --- Validation helpers

function toFieldErrors(prefix: string, errors: ValidationError[] | null | undefined): ProblemFieldError[] {
  return (errors ?? []).map((error) => {
    let path = prefix + error.instancePath;
    const params = error.params;
    if (error.keyword === 'required' && typeof params.missingProperty === 'string') path += `/${pointerToken(params.missingProperty)}`;
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

/** Attribute names that would turn into prototype setters when a plain object is rebuilt from the stored map. */
const reservedKeys = new Set(['__proto__', 'constructor', 'prototype']);
const minDynamoNumber = 1e-130;
const maxDynamoNumber = 9.9999999999999999999999999999999999999e125;

/** What the contract allows but DynamoDB cannot store or JS objects cannot hold safely. */
function storageErrors(body: unknown): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  const attributes = (body as { attributes?: unknown } | null)?.attributes;
  if (typeof attributes === 'object' && attributes !== null) {
    for (const [key, value] of Object.entries(attributes)) {
      const path = `/body/attributes/${pointerToken(key)}`;
      if (reservedKeys.has(key)) errors.push({ path, message: 'is a reserved name' });
      if (typeof value === 'number' && value !== 0 && (Math.abs(value) < minDynamoNumber || Math.abs(value) > maxDynamoNumber)) {
        errors.push({ path, message: 'must be 0 or between 1e-130 and 9.99e125 in magnitude (DynamoDB number range)' });
      }
    }
  }
  return errors;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpProblem('malformed-json', `The body is not valid JSON: ${(error as Error).message}`);
  }
}

const corsPreflightHeaders = (route: Route) => ({
  'Access-Control-Allow-Methods': [...(allowedMethods[route.template as keyof typeof allowedMethods] ?? [])].join(','),
  'Access-Control-Allow-Headers': cors.allowHeaders.join(','),
  'Access-Control-Max-Age': String(cors.maxAgeSeconds),
});

export function createApp(options: AppOptions): App {
  const cursors = createCursorCodec(options.cursorKey);
  const handlers = makeRoutes(options, cursors) as Record<OperationId, OperationHandler<OperationId>>;
  const routes = buildRoutes();
  const { logger } = options;

  return async (event, context) => {
    const started = performance.now();
    const requestId = event.requestContext?.requestId ?? context?.awsRequestId ?? randomUUID();
    const instance = event.path;
    let operationId: OperationId | undefined;
    let capacity: ConsumedCapacity | undefined;
    let result: ProxyResult;
    try {
      const matched = match(routes, event);
      const method = event.httpMethod.toUpperCase();
      if (matched && method === 'OPTIONS') {
        result = empty(204, corsPreflightHeaders(matched.route));
      } else {
        operationId = matched?.route.methods.get(method);
        if (!matched || !operationId) {
          throw new HttpProblem('not-found', `No route matches ${event.httpMethod} ${event.path}.`);
        }
        const validators = requestValidators[operationId];
        const headers = readHeaders(event);
        const parameters = { path: matched.pathParams, query: readQuery(event), headers };
        if (!validators.parameters(parameters)) {
          throw new HttpProblem('validation-failed', 'The request parameters do not match the contract.', {
            errors: toFieldErrors('', validators.parameters.errors),
          });
        }
        let body: unknown;
        if (validators.body) {
          const text = readBody(event);
          if (text === undefined || text === '') {
            throw new HttpProblem('validation-failed', 'This operation needs a request body.', {
              errors: [{ path: '/body', message: 'is required' }],
            });
          }
          const media = mediaType(headers['content-type']);
          if (!media || !validators.body.contentTypes.includes(media.type) || (media.charset !== undefined && media.charset !== 'utf-8')) {
            throw new HttpProblem('unsupported-media-type', `This operation takes ${validators.body.contentTypes.join(' or ')} (UTF-8).`);
          }
          body = parseJson(text);
          if (!validators.body.validate(body)) {
            throw new HttpProblem('validation-failed', 'The request body does not match the contract.', {
              errors: toFieldErrors('/body', validators.body.validate.errors),
            });
          }
          const errors = storageErrors(body);
          if (errors.length > 0) throw new HttpProblem('validation-failed', 'The request body cannot be stored.', { errors });
        }
        const request = { path: parameters.path, query: parameters.query, headers, body } as unknown as ValidRequest<OperationId>;
        result = await handlers[operationId](request, {
          requestId,
          instance,
          store: { client: options.client, tableName: options.tableName, onCapacity: (c) => (capacity = c) },
        });
      }
    } catch (error) {
      if (error instanceof HttpProblem) {
        // A 503 hides DynamoDB's error from the client; keep it for whoever reads the logs.
        if (error.cause !== undefined) logger.warn('DynamoDB call failed', { requestId, operationId, error: error.cause });
        result = problem(error.key, requestId, instance, error.detail, error.errors, error.headers);
      } else {
        logger.error('Unexpected error', { requestId, operationId, error });
        result = problem('internal-error', requestId, instance, 'Something unexpected failed; the details are in the logs under requestId.');
      }
    }
    logger.request({
      requestId,
      operationId: operationId ?? null,
      method: event.httpMethod,
      path: event.path,
      status: result.statusCode,
      latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
      consumedCapacity: capacity?.CapacityUnits ?? null,
    });
    return result;
  };
}
