/**
 * The behaviour every resource shares, one handler per action (`x-resource.action`), built for a resource
 * descriptor (resource.ts): keys from the path (or a UUID on create), ETags and If-Match/If-None-Match,
 * signed cursors bound to the resource, `Location` on the resource's read path. Nothing here names a resource.
 */
import { randomUUID } from 'node:crypto';
import type { ProblemFieldError } from '@items-api/openapi/schema';
import { createCursorCodec, keyText, type CursorScope, type KeyValue } from './cursor.ts';
import { etagOf, parseIfMatch, type IfMatch } from './etag.ts';
import { exactNumber, isNumberValue, type ExactNumber } from './exact-numbers.ts';
import { empty, json, type ProxyResult } from './http.ts';
import type { StoredObject } from './item.ts';
import { pointerToken } from './json-pointer.ts';
import { HttpProblem } from './problems.ts';
import type { ResourceAction, ResourceDescriptor, ResourceKey } from './resource.ts';
import { numberErrors } from './storage-checks.ts';
import { conditionText, selectsNothing, type SortKeyCondition } from './sort-key-condition.ts';
import * as store from './store.ts';
import { keyAttributesOf, maxKeyBytes } from './table.ts';

/** A request as the generic handlers read it: what the contract's validators let through, for any resource. */
export interface ResourceRequest {
  /** The path prefix the client addressed the API under (routing.ts), for `Location`. */
  basePath: string;
  path: Readonly<Record<string, unknown>>;
  /** `limit` and `cursor`, and a query's sort key conditions under the names the contract gives them. */
  query: {
    readonly limit?: number | undefined;
    readonly cursor?: string | undefined;
    readonly [name: string]: unknown;
  };
  headers: { readonly 'if-match'?: string | undefined; readonly 'if-none-match'?: string | undefined };
  body: unknown;
}

export type ResourceHandler = (request: ResourceRequest, ctx: store.StoreContext) => Promise<ProxyResult>;

export interface ResourceOperationOptions {
  /** The cursor signing key, read on first use (signing-key.ts's cursorKeyOnFirstUse). */
  cursorKey: () => Promise<Buffer>;
  /** For tests: a fixed clock and key generator. */
  now?: (() => Date) | undefined;
  newId?: (() => string) | undefined;
}

/** A JSON number as a path segment or body value spells it (what `Number` alone would take is wider: `0x10`, ` 5`). */
const numberSyntax = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** A number key's value as sent: a number (the validator coerced a path parameter, or a body's), or its text. */
function numberOf(raw: unknown): ExactNumber | undefined {
  if ((typeof raw === 'number' && Number.isFinite(raw)) || isNumberValue(raw)) return raw;
  return typeof raw === 'string' && numberSyntax.test(raw) ? exactNumber(raw) : undefined;
}

/** A key attribute's value from the request (`where`: its JSON pointer), of the key's DynamoDB type. */
function keyValueOf(key: ResourceKey, role: keyof typeof maxKeyBytes, raw: unknown, where: string): KeyValue {
  const refuse = (errors: ProblemFieldError[]) =>
    new HttpProblem('validation-failed', `The ${key.name} of the item is not valid.`, errors);
  if (key.type === 'S') {
    if (typeof raw !== 'string' || raw === '') throw refuse([{ path: where, message: 'must be a non-empty string' }]);
    const bytes = Buffer.byteLength(raw, 'utf8');
    if (bytes > maxKeyBytes[role])
      throw refuse([
        { path: where, message: `is ${bytes} bytes of UTF-8; a ${role} key holds at most ${maxKeyBytes[role]}` },
      ]);
    return raw;
  }
  const value = numberOf(raw);
  if (value === undefined) throw refuse([{ path: where, message: 'must be a number' }]);
  const errors = numberErrors(value, where);
  if (errors.length > 0) throw refuse(errors);
  return value;
}

/** The whole key of the object a request addresses: every key attribute from the path. */
function keyFromPath(resource: ResourceDescriptor, path: ResourceRequest['path']): store.ObjectKey {
  return Object.fromEntries(
    keyAttributesOf(resource).map((key, index) => [
      key.name,
      keyValueOf(key, index === 0 ? 'partition' : 'sort', path[key.name], `/path/${pointerToken(key.name)}`),
    ]),
  );
}

function ifMatchOf(value: string | undefined): IfMatch | undefined {
  if (value === undefined) return undefined;
  const parsed = parseIfMatch(value);
  if (!parsed) {
    throw new HttpProblem('validation-failed', 'If-Match must be `*` or a list of entity tags such as "3".', [
      { path: '/headers/if-match', message: 'must be * or a quoted entity tag such as "3"' },
    ]);
  }
  return parsed;
}

/** `Location`: the object's read path under the base path the client used, so it resolves on any stage or domain. */
function locationOf(resource: ResourceDescriptor, basePath: string, item: StoredObject): Record<string, string> {
  if (resource.readPath === undefined) return {};
  let path = resource.readPath;
  for (const { name } of keyAttributesOf(resource))
    path = path.replace(`{${name}}`, encodeURIComponent(keyText(item[name] as KeyValue)));
  return { Location: basePath + path };
}

const bodyObject = (body: unknown) => body as Record<string, unknown>;

/** A query's parameters of each sort key condition kind (`x-sort-key-condition`), by kind. */
export type SortKeyConditionParameters = Readonly<Partial<Record<'prefix' | 'from' | 'to', string>>>;

/**
 * The condition a query request puts on the sort key, if any: a prefix, or one or two bounds. A prefix with a bound
 * is refused: DynamoDB takes one condition on the sort key.
 */
function sortKeyConditionOf(
  resource: ResourceDescriptor,
  parameters: SortKeyConditionParameters,
  query: ResourceRequest['query'],
): SortKeyCondition | undefined {
  const { sortKey } = resource;
  const sent = (kind: keyof SortKeyConditionParameters) => {
    const name = parameters[kind];
    return name !== undefined && query[name] !== undefined && sortKey
      ? keyValueOf(sortKey, 'sort', query[name], `/query/${pointerToken(name)}`)
      : undefined;
  };
  const [prefix, from, to] = [sent('prefix'), sent('from'), sent('to')];
  if (prefix !== undefined && (from !== undefined || to !== undefined)) {
    const bounds = [parameters.from, parameters.to].filter((name) => name !== undefined && query[name] !== undefined);
    throw new HttpProblem(
      'validation-failed',
      `${parameters.prefix} cannot go with ${bounds.join(' or ')}: DynamoDB takes one condition on the sort key.`,
      bounds.map((name) => ({
        path: `/query/${pointerToken(name as string)}`,
        message: `cannot go with ${parameters.prefix}`,
      })),
    );
  }
  if (prefix !== undefined) return { kind: 'prefix', prefix: prefix as string };
  if (from !== undefined || to !== undefined)
    return { kind: 'range', ...(from !== undefined && { from }), ...(to !== undefined && { to }) };
  return undefined;
}

/** The handler of `action` on `resource` (a query's sort key conditions under the names `conditions` gives). */
export function createResourceOperation(
  resource: ResourceDescriptor,
  action: ResourceAction,
  options: ResourceOperationOptions,
  conditions: SortKeyConditionParameters = {},
): ResourceHandler {
  const now = () => (options.now ? options.now() : new Date()).toISOString();
  const newId = options.newId ?? randomUUID;

  /** One page: the cursor checked against its scope before DynamoDB is called, the next one signed for it. */
  const page = async (
    scope: CursorScope,
    cursor: string | undefined,
    read: (startKey: store.ObjectKey | undefined) => Promise<store.Page>,
  ) => {
    const cursors = createCursorCodec(await options.cursorKey());
    let startKey: store.ObjectKey | undefined;
    if (cursor !== undefined) {
      startKey = cursors.decode(scope, cursor);
      if (!startKey) {
        throw new HttpProblem('validation-failed', 'The cursor is not one this API issued here, or it was altered.', [
          { path: '/query/cursor', message: 'is not a valid cursor' },
        ]);
      }
    }
    const { items, lastKey } = await read(startKey);
    return json(200, lastKey ? { items, nextCursor: cursors.encode(scope, lastKey) } : { items });
  };

  const handlers: Record<ResourceAction, ResourceHandler> = {
    list: ({ query }, ctx) =>
      page({ resource: resource.name, keys: resource }, query.cursor, (startKey) =>
        store.listItems(ctx, resource, query.limit, startKey),
      ),

    query: ({ path, query }, ctx) => {
      const { partitionKey } = resource;
      const partition = keyValueOf(
        partitionKey,
        'partition',
        path[partitionKey.name],
        `/path/${pointerToken(partitionKey.name)}`,
      );
      const condition = sortKeyConditionOf(resource, conditions, query);
      if (condition && selectsNothing(condition)) return Promise.resolve(json(200, { items: [] }));
      const scope = {
        resource: resource.name,
        keys: resource,
        partition,
        condition: condition && conditionText(condition),
      };
      return page(scope, query.cursor, (startKey) =>
        store.queryItems(ctx, resource, partition, condition, query.limit, startKey),
      );
    },

    create: async ({ basePath, body }, ctx) => {
      const fields = bodyObject(body);
      const { sortKey } = resource;
      const key: store.ObjectKey = { [resource.partitionKey.name]: newId() };
      if (sortKey)
        key[sortKey.name] = keyValueOf(sortKey, 'sort', fields[sortKey.name], `/body/${pointerToken(sortKey.name)}`);
      const item = await store.createItem(ctx, resource, key, fields, now());
      return json(201, item, { ...locationOf(resource, basePath, item), ETag: etagOf(item.version) });
    },

    read: async ({ path }, ctx) => {
      const item = await store.getItem(ctx, resource, keyFromPath(resource, path));
      return json(200, item, { ETag: etagOf(item.version) });
    },

    replace: async ({ basePath, path, headers, body }, ctx) => {
      const ifMatch = ifMatchOf(headers['if-match']);
      if (ifMatch && headers['if-none-match'] !== undefined) {
        // RFC 9110: If-Match then If-None-Match: * can never both hold, whether or not the object exists.
        throw new HttpProblem('precondition-failed', 'If-Match and If-None-Match: * cannot both hold.');
      }
      const condition: store.PutCondition = ifMatch
        ? { kind: 'if-match', ifMatch }
        : headers['if-none-match'] !== undefined
          ? { kind: 'if-none-match' }
          : { kind: 'none' };
      const key = keyFromPath(resource, path);
      const { item, created } = await store.putItem(ctx, resource, key, bodyObject(body), condition, now());
      return created
        ? json(201, item, { ...locationOf(resource, basePath, item), ETag: etagOf(item.version) })
        : json(200, item, { ETag: etagOf(item.version) });
    },

    patch: async ({ path, headers, body }, ctx) => {
      const key = keyFromPath(resource, path);
      const item = await store.patchItem(ctx, resource, key, bodyObject(body), ifMatchOf(headers['if-match']), now());
      return json(200, item, { ETag: etagOf(item.version) });
    },

    delete: async ({ path, headers }, ctx) => {
      await store.deleteItem(ctx, resource, keyFromPath(resource, path), ifMatchOf(headers['if-match']));
      return empty(204);
    },
  };
  return handlers[action];
}
