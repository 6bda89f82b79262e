/**
 * The items resource's own error cases, beyond the ones ../errors.spec.ts derives for every operation from the
 * operations table: its query parameters' and fields' rules, its size limit, and the media types and conditions
 * of its writes.
 */
import type { APIRequestContext, APIResponse } from '@playwright/test';
import type { OperationId, operations, ProblemTypeKey } from '@items-api/openapi/operations';
import {
  expect,
  expectProblem,
  json,
  mergePatch,
  newItem,
  path,
  test,
  uniqueId,
  type ItemsFixture,
} from './support.ts';

type Trigger = (
  request: APIRequestContext,
  items: ItemsFixture,
) => Promise<{ response: APIResponse; problem: ProblemTypeKey | ProblemTypeKey[] }>[];

/** Seven attribute names of 60,000 bytes: each within DynamoDB's limit for a name, together over an item's 400 KB. */
const overItemSize = () => ({
  name: 'heavy',
  attributes: Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`${i}`.padEnd(60_000, 'n'), i])),
});

const missing = () => uniqueId('missing');

const writtenTriggers: {
  [Id in OperationId]?: Partial<Record<(typeof operations)[Id]['errorStatuses'][number], Trigger>>;
} = {
  listItems: {
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
        .get(path('/items'), { params: { cursor: 'eyJub3QiOiJzaWduZWQifQ' } })
        .then((response) => ({ response, problem: 'validation-failed' })),
    ],
  },
  createItem: {
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
  putItem: {
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
  },
  patchItem: {
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
    415: (request, items) => [
      items
        .create()
        .then(({ item }) => request.patch(path(`/items/${item.id}`), { data: { name: 'x' }, headers: json }))
        .then((response) => ({ response, problem: 'unsupported-media-type' })),
    ],
  },
};

for (const [id, triggers] of Object.entries(writtenTriggers)) {
  for (const [status, trigger] of Object.entries<Trigger>(triggers)) {
    test(`${id} answers ${status} as problem+json`, async ({ request, items }) => {
      for (const { response, problem } of await Promise.all(trigger(request, items))) {
        expect(response.status(), `${response.url()}: ${await response.text()}`).toBe(Number(status));
        await expectProblem(response, problem);
      }
    });
  }
}
