/**
 * The operations: one handler per operationId of the contract, each taking its validated, typed request and
 * answering from the store. The map's type is derived from the generated OperationId, so an operation added
 * to the contract but not implemented here fails `tsc`.
 */
import { randomUUID } from 'node:crypto';
import { apiVersion, routes, type OperationId } from '@items-api/openapi/operations';
import { createCursorCodec, type CursorKey } from './cursor.ts';
import { etagOf, parseIfMatch, type IfMatch } from './etag.ts';
import { empty, json, type ProxyResult } from './http.ts';
import { HttpProblem } from './problems.ts';
import type { ValidRequest } from './request.ts';
import * as store from './store.ts';

export type OperationHandler<K extends OperationId> = (
  request: ValidRequest<K>,
  store: store.StoreContext,
) => Promise<ProxyResult>;

/** One handler per operation of the contract: a missing one is a type error. */
export type OperationHandlers = { [K in OperationId]: OperationHandler<K> };

export interface OperationOptions {
  region: string;
  /** The cursor signing key, read on first use (signing-key.ts's cursorKeyOnFirstUse). */
  cursorKey: () => Promise<Buffer>;
  /** For tests: a fixed clock and id generator. */
  now?: (() => Date) | undefined;
  newId?: (() => string) | undefined;
}

/** The resource template an operation is served on, from the contract's routes table. */
function templateOf(operationId: OperationId): string {
  for (const [template, methods] of Object.entries(routes))
    if (Object.values(methods).includes(operationId)) return template;
  throw new Error(`The contract has no route for ${operationId}`);
}

/** An item's resource template: where getItem reads it. */
const itemPath = templateOf('getItem');
/** `Location`: the item's path under the base path the client used, so it resolves on any stage or custom domain. */
const locationOf = (basePath: string, id: string) => basePath + itemPath.replace('{id}', encodeURIComponent(id));

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

export function createOperations(options: OperationOptions): OperationHandlers {
  const cursorCodec = async () => createCursorCodec(await options.cursorKey());
  const now = () => (options.now ? options.now() : new Date()).toISOString();
  const newId = options.newId ?? randomUUID;
  return {
    getHealth: () => Promise.resolve(json(200, { status: 'ok', version: apiVersion, region: options.region })),

    listItems: async ({ query }, ctx) => {
      const cursors = await cursorCodec();
      let startKey: CursorKey | undefined;
      if (query.cursor !== undefined) {
        startKey = cursors.decode(query.cursor);
        if (!startKey) {
          throw new HttpProblem('validation-failed', 'The cursor is not one this API issued, or it was altered.', [
            { path: '/query/cursor', message: 'is not a valid cursor' },
          ]);
        }
      }
      const page = await store.listItems(ctx, query.limit, startKey);
      return json(
        200,
        page.lastKey ? { items: page.items, nextCursor: cursors.encode(page.lastKey) } : { items: page.items },
      );
    },

    createItem: async ({ basePath, body }, ctx) => {
      const item = await store.createItem(ctx, newId(), body, now());
      return json(201, item, { Location: locationOf(basePath, item.id), ETag: etagOf(item.version) });
    },

    getItem: async ({ path }, ctx) => {
      const item = await store.getItem(ctx, path.id);
      return json(200, item, { ETag: etagOf(item.version) });
    },

    putItem: async ({ basePath, path, headers, body }, ctx) => {
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
        ? json(201, item, { Location: locationOf(basePath, item.id), ETag: etagOf(item.version) })
        : json(200, item, { ETag: etagOf(item.version) });
    },

    patchItem: async ({ path, headers, body }, ctx) => {
      const item = await store.patchItem(ctx, path.id, body, ifMatchOf(headers['if-match']), now());
      return json(200, item, { ETag: etagOf(item.version) });
    },

    deleteItem: async ({ path, headers }, ctx) => {
      await store.deleteItem(ctx, path.id, ifMatchOf(headers['if-match']));
      return empty(204);
    },
  };
}
