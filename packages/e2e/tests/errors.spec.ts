/**
 * Every documented error of every operation, provoked from outside. 429, 500, 502, 503 and 504 cannot be provoked
 * by a client (a usage plan's throttle or quota on a shared stage, a failing database, a function that crashes or
 * hangs) and are the only ones left out; a new documented error fails the first test until it has a trigger here
 * (401/403, 413, a list's or query's 400, a body's 400 and 415, If-Match's 412, an item's 404, a bodiless item's 400,
 * and the 415 of a bodiless operation served directly from DynamoDB are derived from the operations table). A
 * resource's own cases (its fields' rules) are in its folder, e.g. items/errors.spec.ts.
 * access.spec.ts has the bad-credentials matrix; here each secured operation answers 401 and 403 once.
 */
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { operations, type OperationId, type ProblemTypeKey } from '@items-api/openapi/operations';
import {
  contentTypeOf,
  credentialHeaders,
  etag,
  exampleOf,
  expect,
  expectProblem,
  json,
  nowhere,
  operationFor,
  operationsServing,
  path,
  pathTo,
  resourceOf,
  servedByDynamoDB,
  test,
  type ObjectsFixture,
  type StageAccess,
} from './support.ts';

const notProvokable = new Set([429, 500, 502, 503, 504]);

type Trigger = (
  request: APIRequestContext,
  objects: ObjectsFixture,
  refused: Refused,
) => Promise<{ response: APIResponse; problem: ProblemTypeKey | ProblemTypeKey[] }>[];

/** Requests to an operation with credentials missing: without a token (401), with a token but no API key (403). */
interface Refused {
  withoutToken(id: OperationId): Promise<APIResponse>;
  withoutApiKey(id: OperationId): Promise<APIResponse>;
}

/** Sends operation `id` (its method, its path at fresh keys) from the credential-less context with `headers`. */
const refusedRequests = (anonymous: APIRequestContext, access: StageAccess): Refused => {
  const send = (id: OperationId, headers: Record<string, string>) =>
    anonymous.fetch(nowhere(id, 'refused'), { method: operations[id].method, headers });
  return {
    withoutToken: (id) => send(id, credentialHeaders(undefined, access.full.apiKey)),
    withoutApiKey: (id) => send(id, credentialHeaders(access.full.token, undefined)),
  };
};

/** The 401 and 403 of a secured operation. */
const credentialTriggers = (id: OperationId): { 401: Trigger; 403: Trigger } => ({
  401: (_request, _objects, refused) => [
    refused.withoutToken(id).then((response) => ({ response, problem: 'unauthorized' as const })),
  ],
  403: (_request, _objects, refused) => [
    refused.withoutApiKey(id).then((response) => ({ response, problem: 'forbidden' as const })),
  ],
});

/** Over API Gateway's 10 MB payload limit, which any operation can meet (a GET with a body included). */
const overGatewayLimit = () => JSON.stringify({ name: 'too big', description: 'x'.repeat(10 * 1024 * 1024 + 1) });

/** A request to `route` with a body over the gateway's limit: 413 from API Gateway, whatever the operation. */
const tooLarge = (request: APIRequestContext, method: string, route: string) =>
  request
    .fetch(route, { method, data: overGatewayLimit(), headers: json })
    .then((response) => ({ response, problem: 'payload-too-large' as const }));

type Triggers = Partial<Record<number, Trigger>>;

/** A fresh stored object of operation `id`'s resource: `id`'s path to it (its deletion is the fixture's). */
async function storedFor(objects: ObjectsFixture, id: OperationId): Promise<string> {
  const resource = resourceOf(id)?.name;
  if (!resource) throw new Error(`${id} serves no resource to store an object of`);
  return pathTo(id, (await objects.store(resource)).object);
}

/**
 * The triggers an operation gets from what the operations table says of it, for an operation without a written
 * trigger: 401 and 403 when it is secured, 413 over the gateway's limit, on a list or query 400 for a cursor it never
 * issued, with a body 400 for one off its schema and 415 for another media type, with If-Match 412 for a stale one,
 * on an item without a body 400 for a key off the contract's pattern, on an item 404 for a missing one (of the key's
 * type: a number for a numeric key; a patch with its example body), and on one served directly from DynamoDB without
 * a body 415 for a non-JSON Content-Type (API Gateway maps only JSON to DynamoDB). Only the statuses it documents.
 */
function derivedTriggers(id: OperationId): Triggers {
  const { method, path: template, parameters, requestBody, scopes, errorStatuses } = operations[id];
  const onItem = template.includes('{') && requestBody === null;
  const paged = parameters.some((parameter) => parameter.in === 'query' && parameter.name === 'cursor');
  const body = requestBody as { contentTypes: readonly string[]; example: unknown } | null;
  const contentType = contentTypeOf(id);
  const conditional = parameters.some((parameter) => parameter.in === 'header' && parameter.name === 'If-Match');
  const stale = { 'If-Match': '"999999"' };
  const derived: Triggers = {
    ...(scopes.length > 0 && credentialTriggers(id)),
    413: (request) => [tooLarge(request, method, nowhere(id))],
    // A body: one its schema refuses (every body is an object), and one of a media type it does not take.
    ...(body && {
      400: (request) => [
        request
          .fetch(nowhere(id), { method, data: '[]', headers: contentType })
          .then((response) => ({ response, problem: 'validation-failed' as const })),
      ],
      415: (request) => [
        request
          .fetch(nowhere(id), {
            method,
            data: 'name=x',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          })
          .then((response) => ({ response, problem: 'unsupported-media-type' as const })),
      ],
    }),
    // No body, served by API Gateway calling DynamoDB: a non-JSON Content-Type has no mapping template.
    ...(!body &&
      servedByDynamoDB(id) && {
        415: (request, objects) => [
          storedFor(objects, id)
            .then((target) => request.fetch(target, { method, headers: { 'Content-Type': 'text/plain' } }))
            .then((response) => ({ response, problem: 'unsupported-media-type' as const })),
        ],
      }),
    // If-Match at a version the object is not at: a replace of nothing fails it too (RFC 9110), a patch or delete
    // of nothing is a 404, so those address a stored object.
    ...(conditional && {
      412: (request, objects) => [
        method === 'PUT'
          ? request
              .fetch(nowhere(id), { method, data: exampleOf(id), headers: { ...contentType, ...stale } })
              .then((response) => ({ response, problem: 'precondition-failed' as const }))
          : storedFor(objects, id)
              .then((target) =>
                request.fetch(target, {
                  method,
                  ...(body && { data: body.example }),
                  headers: { ...(body && contentType), ...stale },
                }),
              )
              .then((response) => ({ response, problem: 'precondition-failed' as const })),
      ],
    }),
    // A list or query: a cursor it never issued (off the Cursor parameter's pattern, too).
    ...(paged && {
      400: (request) => [
        request
          .fetch(nowhere(id), { method, params: { cursor: 'not a cursor!' } })
          .then((response) => ({ response, problem: 'validation-failed' as const })),
      ],
    }),
    ...(onItem && {
      400: (request) => [
        request
          .fetch(path(template.replace(/\{[^}]+\}/g, encodeURIComponent('bad id!'))), { method })
          .then((response) => ({ response, problem: 'validation-failed' as const })),
      ],
    }),
    // An object by its key (a patch with a valid body): a key nothing is stored under.
    ...(template.includes('{') && {
      404: (request) => [
        request
          .fetch(nowhere(id), { method, ...(body && { data: body.example, headers: contentType }) })
          .then((response) => ({ response, problem: 'not-found' as const })),
      ],
    }),
  };
  const documented: readonly number[] = errorStatuses;
  return Object.fromEntries(Object.entries(derived).filter(([status]) => documented.includes(Number(status))));
}

/** The operations' triggers: the written ones here, and for any other status what derivedTriggers can provoke. */
const triggersOf = (id: OperationId): Triggers => ({ ...derivedTriggers(id), ...writtenTriggers[id] });

/** The operations that are no resource's, whose errors the operations table cannot derive. */
const writtenTriggers: Partial<Record<OperationId, Triggers>> = {
  getHealth: {
    413: (request) => [tooLarge(request, 'GET', path('/health'))],
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
    test(`${id} answers ${status} as problem+json`, async ({ request, objects, anonymous, access, allOnLambda }) => {
      test.skip(
        status === '415' && allOnLambda && servedByDynamoDB(id),
        'the 415 of a bodiless operation is API Gateway refusing to map a non-JSON request to DynamoDB; the Lambda ignores the Content-Type',
      );
      const refused = refusedRequests(anonymous, access);
      for (const { response, problem } of await Promise.all(trigger(request, objects, refused))) {
        expect(response.status(), `${response.url()}: ${await response.text()}`).toBe(Number(status));
        await expectProblem(response, problem);
      }
    });
  }
}

// A delete served directly from DynamoDB that documents 415: the refusal happens before anything is deleted.
const refusedDeletes = operationsServing('delete').filter(
  ({ id }) => servedByDynamoDB(id) && (operations[id].errorStatuses as readonly number[]).includes(415),
);
for (const { id, resource } of refusedDeletes) {
  test(`${id}: a DELETE refused for its Content-Type (415) deletes nothing`, async ({
    request,
    objects,
    allOnLambda,
  }) => {
    test.skip(allOnLambda, 'served by the Lambda, which ignores the Content-Type of a DELETE');
    const read = operationFor(resource, 'read');
    if (!read) throw new Error(`${resource} declares no read to check the object is still there`);
    const { object } = await objects.store(resource);
    const refused = await request.delete(pathTo(id, object), { headers: { 'Content-Type': 'text/plain' } });
    await expectProblem(refused, 'unsupported-media-type');
    expect((await request.get(pathTo(read, object))).status()).toBe(200);
  });
}

// Every patch: a stale If-Match leaves the object as it was, ETag included.
for (const { id, resource } of operationsServing('patch')) {
  test(`${id}: a failed precondition changes nothing`, async ({ request, objects }) => {
    const read = operationFor(resource, 'read');
    if (!read) throw new Error(`${resource} declares no read to check the object is unchanged`);
    const { object, response } = await objects.store(resource);
    const refused = await request.patch(pathTo(id, object), {
      data: exampleOf(id),
      headers: { ...contentTypeOf(id), 'If-Match': '"9"' },
    });
    await expectProblem(refused, 'precondition-failed');
    const after = await request.get(pathTo(read, object));
    expect(await after.json()).toEqual(object);
    expect(etag(after)).toBe(etag(response));
  });
}
