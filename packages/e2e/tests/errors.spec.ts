/**
 * Every documented error of every operation, provoked from outside. 429, 500, 502, 503 and 504 cannot be provoked
 * by a client (a usage plan's throttle or quota on a shared stage, a failing database, a function that crashes or
 * hangs) and are the only ones left out; a new documented error fails the first test until it has a trigger here
 * (401/403, 413, a list's or query's 400, a body's 400 and 415, If-Match's 412, an item's 404, and a bodiless item's
 * 400 are derived from the operations table).
 * access.spec.ts has the bad-credentials matrix; here each secured operation answers 401 and 403 once.
 */
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { operations, type OperationId, type ProblemTypeKey, type ResourceName } from '@items-api/openapi/operations';
import {
  credentialHeaders,
  declarationOf,
  etag,
  expect,
  expectProblem,
  freshKeyValue,
  json,
  mergePatch,
  newItem,
  path,
  test,
  uniqueId,
  type ItemsFixture,
  type StageAccess,
} from './support.ts';

const notProvokable = new Set([429, 500, 502, 503, 504]);

type Trigger = (
  request: APIRequestContext,
  items: ItemsFixture,
  refused: Refused,
) => Promise<{ response: APIResponse; problem: ProblemTypeKey | ProblemTypeKey[] }>[];

/** Requests to an operation with credentials missing: without a token (401), with a token but no API key (403). */
interface Refused {
  withoutToken(id: OperationId): Promise<APIResponse>;
  withoutApiKey(id: OperationId): Promise<APIResponse>;
}

/** Sends operation `id` (its method, its path with a fresh id) from the credential-less context with `headers`. */
const refusedRequests = (anonymous: APIRequestContext, access: StageAccess): Refused => {
  const send = (id: OperationId, headers: Record<string, string>) =>
    anonymous.fetch(path(operations[id].path.replace('{id}', uniqueId('refused'))), {
      method: operations[id].method,
      headers,
    });
  return {
    withoutToken: (id) => send(id, credentialHeaders(undefined, access.full.apiKey)),
    withoutApiKey: (id) => send(id, credentialHeaders(access.full.token, undefined)),
  };
};

/** The 401 and 403 of a secured operation. */
const credentialTriggers = (id: OperationId): { 401: Trigger; 403: Trigger } => ({
  401: (_request, _items, refused) => [
    refused.withoutToken(id).then((response) => ({ response, problem: 'unauthorized' as const })),
  ],
  403: (_request, _items, refused) => [
    refused.withoutApiKey(id).then((response) => ({ response, problem: 'forbidden' as const })),
  ],
});

/** Over API Gateway's 10 MB payload limit, which any operation can meet (a GET with a body included). */
const overGatewayLimit = () => JSON.stringify({ name: 'too big', description: 'x'.repeat(10 * 1024 * 1024 + 1) });

/** A request to `route` with a body over the gateway's limit: 413 from API Gateway, whatever the operation. */
const tooLarge = (request: APIRequestContext, method: string, route: string) =>
  request
    .fetch(path(route), { method, data: overGatewayLimit(), headers: json })
    .then((response) => ({ response, problem: 'payload-too-large' as const }));

/** Seven attribute names of 60,000 bytes: each within DynamoDB's limit for a name, together over an item's 400 KB. */
const overItemSize = () => ({
  name: 'heavy',
  attributes: Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`${i}`.padEnd(60_000, 'n'), i])),
});

const missing = () => uniqueId('missing');

/** The DynamoDB type of a path parameter: its resource's key of that name (a number key is `N`), else a string. */
function parameterType(id: OperationId, name: string): 'S' | 'N' {
  const resource = (operations[id].resource as { name: ResourceName } | null)?.name;
  if (!resource) return 'S';
  const { partitionKey, sortKey } = declarationOf(resource);
  return [partitionKey, sortKey].find((key) => key?.name === name)?.type ?? 'S';
}

type Triggers = Partial<Record<number, Trigger>>;

/** The operation of `resource` serving `action`, if it declares one. */
const actionOf = (resource: string, action: string): OperationId | undefined =>
  (Object.keys(operations) as OperationId[]).find((id) => {
    const declared = operations[id].resource as { name: string; action: string | null } | null;
    return declared?.name === resource && declared.action === action;
  });

const exampleOf = (id: OperationId) => (operations[id].requestBody as { example: unknown } | null)?.example;

/**
 * A fresh stored object of operation `id`'s resource, stored with the contract's example body (by its create, else
 * by its replace at a fresh key): `id`'s path to it, and a removal for afterwards.
 */
async function storedFor(request: APIRequestContext, id: OperationId) {
  const resource = (operations[id].resource as { name: string } | null)?.name ?? '';
  const [create, replace] = [actionOf(resource, 'create'), actionOf(resource, 'replace')];
  const fill = (template: string, values: Record<string, unknown>) =>
    template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(values[name])));
  let stored: Record<string, unknown>;
  if (create) {
    const response = await request.post(path(operations[create].path), { data: exampleOf(create), headers: json });
    expect(response.status(), await response.text()).toBe(201);
    stored = (await response.json()) as Record<string, unknown>;
  } else if (replace) {
    const names = [...operations[replace].path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
    stored = Object.fromEntries(names.map((name) => [name, freshKeyValue(parameterType(replace, name), 'stored')]));
    const response = await request.put(path(fill(operations[replace].path, stored)), {
      data: exampleOf(replace),
      headers: json,
    });
    expect(response.status(), await response.text()).toBe(201);
  } else throw new Error(`${id}: its resource ${resource} declares no create or replace to store an object with`);
  const target = path(fill(operations[id].path, stored));
  return { target, remove: () => request.delete(target) };
}

/**
 * The triggers an operation gets from what the operations table says of it, for an operation without a written
 * trigger: 401 and 403 when it is secured, 413 over the gateway's limit, on a list or query 400 for a cursor it never
 * issued, with a body 400 for one off its schema and 415 for another media type, with If-Match 412 for a stale one,
 * on an item without a body 400 for a key off the contract's pattern, and on an item 404 for a missing one (of the
 * key's type: a number for a numeric key; a patch with its example body). Only the statuses it documents.
 */
function derivedTriggers(id: OperationId): Triggers {
  const { method, path: template, parameters, requestBody, scopes, errorStatuses } = operations[id];
  const on = (value: (name: string) => string) =>
    template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(value(name)));
  const nowhere = () => on((name) => String(freshKeyValue(parameterType(id, name), 'missing')));
  const onItem = template.includes('{') && requestBody === null;
  const paged = parameters.some((parameter) => parameter.in === 'query' && parameter.name === 'cursor');
  const body = requestBody as { contentTypes: readonly string[]; example: unknown } | null;
  const contentType = { 'Content-Type': body?.contentTypes[0] ?? json['Content-Type'] };
  const conditional = parameters.some((parameter) => parameter.in === 'header' && parameter.name === 'If-Match');
  const stale = { 'If-Match': '"999999"' };
  const derived: Triggers = {
    ...(scopes.length > 0 && credentialTriggers(id)),
    413: (request) => [tooLarge(request, method, nowhere())],
    // A body: one its schema refuses (every body is an object), and one of a media type it does not take.
    ...(body && {
      400: (request) => [
        request
          .fetch(path(nowhere()), { method, data: '[]', headers: contentType })
          .then((response) => ({ response, problem: 'validation-failed' as const })),
      ],
      415: (request) => [
        request
          .fetch(path(nowhere()), {
            method,
            data: 'name=x',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          })
          .then((response) => ({ response, problem: 'unsupported-media-type' as const })),
      ],
    }),
    // If-Match at a version the object is not at: a replace of nothing fails it too (RFC 9110), a patch or delete
    // of nothing is a 404, so those address a stored object.
    ...(conditional && {
      412: (request) => [
        method === 'PUT'
          ? request
              .fetch(path(nowhere()), { method, data: exampleOf(id), headers: { ...contentType, ...stale } })
              .then((response) => ({ response, problem: 'precondition-failed' as const }))
          : storedFor(request, id).then(async ({ target, remove }) => {
              const response = await request.fetch(target, {
                method,
                ...(body && { data: body.example }),
                headers: { ...(body && contentType), ...stale },
              });
              await remove();
              return { response, problem: 'precondition-failed' as const };
            }),
      ],
    }),
    // A list or query: a cursor it never issued (off the Cursor parameter's pattern, too).
    ...(paged && {
      400: (request) => [
        request
          .fetch(path(nowhere()), { method, params: { cursor: 'not a cursor!' } })
          .then((response) => ({ response, problem: 'validation-failed' as const })),
      ],
    }),
    ...(onItem && {
      400: (request) => [
        request
          .fetch(path(on(() => 'bad id!')), { method })
          .then((response) => ({ response, problem: 'validation-failed' as const })),
      ],
    }),
    // An object by its key (a patch with a valid body): a key nothing is stored under.
    ...(template.includes('{') && {
      404: (request) => [
        request
          .fetch(path(nowhere()), { method, ...(body && { data: body.example, headers: contentType }) })
          .then((response) => ({ response, problem: 'not-found' as const })),
      ],
    }),
  };
  const documented: readonly number[] = errorStatuses;
  return Object.fromEntries(Object.entries(derived).filter(([status]) => documented.includes(Number(status))));
}

/** The operations' triggers: the written ones here, and for any other status what derivedTriggers can provoke. */
const triggersOf = (id: OperationId): Triggers => ({ ...derivedTriggers(id), ...writtenTriggers[id] });

const writtenTriggers: {
  [Id in OperationId]?: Partial<Record<(typeof operations)[Id]['errorStatuses'][number], Trigger>>;
} = {
  getHealth: {
    413: (request) => [tooLarge(request, 'GET', '/health')],
  },
  listItems: {
    ...credentialTriggers('listItems'),
    400: (request) => [
      request
        .get(path('/items'), { params: { limit: 0 } })
        .then((response) => ({ response, problem: 'validation-failed' })),
      request
        .get(path('/items'), { params: { limit: 'many' } })
        .then((response) => ({ response, problem: 'validation-failed' })),
      request
        .get(path('/items'), { params: { limit: 101 } })
        .then((response) => ({ response, problem: 'validation-failed' })),
      request
        .get(path('/items'), { params: { cursor: 'not a cursor!' } })
        .then((response) => ({ response, problem: 'validation-failed' })),
      request
        .get(path('/items'), { params: { cursor: 'eyJub3QiOiJzaWduZWQifQ' } })
        .then((response) => ({ response, problem: 'validation-failed' })),
    ],
    413: (request) => [tooLarge(request, 'GET', '/items')],
  },
  createItem: {
    ...credentialTriggers('createItem'),
    400: (request) => [
      request
        .post(path('/items'), { data: { description: 'no name' }, headers: json })
        .then((response) => ({ response, problem: 'validation-failed' })),
      request
        .post(path('/items'), { data: { name: '' }, headers: json })
        .then((response) => ({ response, problem: 'validation-failed' })),
      request
        .post(path('/items'), { data: { name: 'x', tags: ['a', 'a'] }, headers: json })
        .then((response) => ({ response, problem: 'validation-failed' })),
      request
        .post(path('/items'), { data: Buffer.from('{"name": "unterminated'), headers: json })
        .then((response) => ({ response, problem: 'malformed-json' })),
    ],
    413: (request) => [
      tooLarge(request, 'POST', '/items'),
      request
        .post(path('/items'), { data: overItemSize(), headers: json })
        .then((response) => ({ response, problem: 'payload-too-large' })),
    ],
    415: (request) => [
      request
        .post(path('/items'), { data: JSON.stringify(newItem()), headers: { 'Content-Type': 'text/plain' } })
        .then((response) => ({ response, problem: 'unsupported-media-type' })),
      request
        .post(path('/items'), { data: JSON.stringify(newItem()), headers: mergePatch })
        .then((response) => ({ response, problem: 'unsupported-media-type' })),
    ],
  },
  getItem: {
    ...credentialTriggers('getItem'),
    400: (request) => [
      request
        .get(path('/items/not%20a%20valid%20id!'))
        .then((response) => ({ response, problem: 'validation-failed' })),
    ],
    404: (request) => [
      request.get(path(`/items/${missing()}`)).then((response) => ({ response, problem: 'not-found' })),
    ],
    413: (request) => [tooLarge(request, 'GET', `/items/${missing()}`)],
    415: (request, items) => [
      items
        .create()
        .then(({ item }) => request.get(path(`/items/${item.id}`), { headers: { 'Content-Type': 'text/plain' } }))
        .then((response) => ({ response, problem: 'unsupported-media-type' })),
    ],
  },
  putItem: {
    ...credentialTriggers('putItem'),
    400: (request) => [
      request
        .put(path(`/items/${missing()}`), { data: { name: 42 }, headers: json })
        .then((response) => ({ response, problem: 'validation-failed' })),
      request
        .put(path('/items/bad%20id'), { data: newItem(), headers: json })
        .then((response) => ({ response, problem: 'validation-failed' })),
    ],
    412: (request, items) => [
      items
        .create()
        .then(({ item }) =>
          request.put(path(`/items/${item.id}`), { data: newItem(), headers: { ...json, 'If-Match': '"7"' } }),
        )
        .then((response) => ({ response, problem: 'precondition-failed' })),
      items
        .create()
        .then(({ item }) =>
          request.put(path(`/items/${item.id}`), { data: newItem(), headers: { ...json, 'If-None-Match': '*' } }),
        )
        .then((response) => ({ response, problem: 'precondition-failed' })),
      request
        .put(path(`/items/${missing()}`), { data: newItem(), headers: { ...json, 'If-Match': '"1"' } })
        .then((response) => ({ response, problem: 'precondition-failed' })),
    ],
    413: (request) => [
      request
        .put(path(`/items/${missing()}`), { data: overGatewayLimit(), headers: json })
        .then((response) => ({ response, problem: 'payload-too-large' })),
    ],
    415: (request) => [
      request
        .put(path(`/items/${missing()}`), {
          data: 'name=x',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        })
        .then((response) => ({ response, problem: 'unsupported-media-type' })),
    ],
  },
  patchItem: {
    ...credentialTriggers('patchItem'),
    400: (request, items) => [
      items
        .create()
        .then(({ item }) => request.patch(path(`/items/${item.id}`), { data: {}, headers: mergePatch }))
        .then((response) => ({ response, problem: 'validation-failed' })),
      items
        .create()
        .then(({ item }) => request.patch(path(`/items/${item.id}`), { data: { name: null }, headers: mergePatch }))
        .then((response) => ({ response, problem: 'validation-failed' })),
    ],
    404: (request) => [
      request
        .patch(path(`/items/${missing()}`), { data: { name: 'x' }, headers: mergePatch })
        .then((response) => ({ response, problem: 'not-found' })),
    ],
    412: (request, items) => [
      items
        .create()
        .then(({ item }) =>
          request.patch(path(`/items/${item.id}`), {
            data: { name: 'x' },
            headers: { ...mergePatch, 'If-Match': '"2"' },
          }),
        )
        .then((response) => ({ response, problem: 'precondition-failed' })),
    ],
    413: (request, items) => [
      items
        .create()
        .then(({ item }) => request.patch(path(`/items/${item.id}`), { data: overGatewayLimit(), headers: mergePatch }))
        .then((response) => ({ response, problem: 'payload-too-large' })),
    ],
    415: (request, items) => [
      items
        .create()
        .then(({ item }) => request.patch(path(`/items/${item.id}`), { data: { name: 'x' }, headers: json }))
        .then((response) => ({ response, problem: 'unsupported-media-type' })),
    ],
  },
  deleteItem: {
    ...credentialTriggers('deleteItem'),
    400: (request) => [
      request.delete(path('/items/bad%20id!')).then((response) => ({ response, problem: 'validation-failed' })),
    ],
    404: (request) => [
      request.delete(path(`/items/${missing()}`)).then((response) => ({ response, problem: 'not-found' })),
    ],
    412: (request, items) => [
      items
        .create()
        .then(({ item }) => request.delete(path(`/items/${item.id}`), { headers: { 'If-Match': '"5"' } }))
        .then((response) => ({ response, problem: 'precondition-failed' })),
    ],
    413: (request) => [tooLarge(request, 'DELETE', `/items/${missing()}`)],
    415: (request, items) => [
      items
        .create()
        .then(({ item }) =>
          request.delete(path(`/items/${item.id}`), {
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          }),
        )
        .then((response) => ({ response, problem: 'unsupported-media-type' })),
    ],
  },
};

test('every documented error a client can cause has a trigger here', () => {
  for (const [id, operation] of Object.entries(operations)) {
    const expected = operation.errorStatuses.filter((status) => !notProvokable.has(status)).sort();
    expect(
      Object.keys(triggersOf(id as OperationId))
        .map(Number)
        .sort(),
      id,
    ).toEqual(expected);
  }
});

for (const id of Object.keys(operations) as OperationId[]) {
  for (const [status, trigger] of Object.entries(triggersOf(id)) as [string, Trigger][]) {
    test(`${id} answers ${status} as problem+json`, async ({ request, items, anonymous, access, allOnLambda }) => {
      test.skip(
        status === '415' && allOnLambda && operations[id].integration === 'dynamodb',
        'the 415 of a bodiless operation is API Gateway refusing to map a non-JSON request to DynamoDB; the Lambda ignores the Content-Type',
      );
      const refused = refusedRequests(anonymous, access);
      for (const { response, problem } of await Promise.all(trigger(request, items, refused))) {
        expect(response.status(), `${response.url()}: ${await response.text()}`).toBe(Number(status));
        await expectProblem(response, problem);
      }
    });
  }
}

test('a DELETE refused for its Content-Type (415) deletes nothing', async ({ request, items, allOnLambda }) => {
  test.skip(allOnLambda, 'served by the Lambda, which ignores the Content-Type of a DELETE');
  const { item } = await items.create();
  const refused = await request.delete(path(`/items/${item.id}`), { headers: { 'Content-Type': 'text/plain' } });
  await expectProblem(refused, 'unsupported-media-type');
  expect((await request.get(path(`/items/${item.id}`))).status()).toBe(200);
});

test('a failed precondition changes nothing', async ({ request, items }) => {
  const { item, etag: current } = await items.create();
  const refused = await request.patch(path(`/items/${item.id}`), {
    data: { name: 'not applied' },
    headers: { ...mergePatch, 'If-Match': '"9"' },
  });
  await expectProblem(refused, 'precondition-failed');
  const after = await request.get(path(`/items/${item.id}`));
  expect(await after.json()).toEqual(item);
  expect(etag(after)).toBe(current);
});
