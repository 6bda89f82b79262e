/**
 * The differential test on items of its own (test/differential.test.ts runs the conformance harness): getItem and
 * deleteItem served directly from DynamoDB and by the Lambda on the same table, compared on boundary items
 * (absent optional fields, mixed attribute types, hard strings, numbers) and on every documented error.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiRequest, ApiResponse } from '@items-api/openapi/conformance';
import { compare, directOperations, startDifferential, type Differential } from '../support/differential.ts';

let differential: Differential;
let lambdaUrl: URL;
let send: (url: URL, request: ApiRequest) => Promise<ApiResponse>;
let bothAnswers: Differential['bothAnswers'];

before(async () => {
  differential = await startDifferential();
  ({ lambdaUrl, send, bothAnswers } = differential);
});

after(() => differential?.stop());

const getRequest = (id: string, headers: Record<string, string> = {}): ApiRequest => ({
  operationId: 'getItem',
  method: 'GET',
  path: `/items/${encodeURIComponent(id)}`,
  pathParameters: { id },
  query: [],
  headers,
});
const deleteRequest = (id: string, headers: Record<string, string> = {}): ApiRequest => ({
  ...getRequest(id, headers),
  operationId: 'deleteItem',
  method: 'DELETE',
});

describe(`the direct integrations (${directOperations.join(', ')}) answer as the Lambda does`, () => {
  it('serves at least getItem and deleteItem directly', () => {
    assert.ok(directOperations.includes('getItem') && directOperations.includes('deleteItem'), directOperations.join());
  });

  /** Items at the edges of what is stored: absent optional fields, mixed attribute types, hard strings, numbers. */
  const boundaryItems: Record<string, unknown>[] = [
    { name: 'only a name' },
    { name: 'with attributes', attributes: { text: 'x', count: 3, ratio: -0.5, flag: false, zero: 0, empty: '' } },
    { name: 'unicode é ü 中文 😀 \u2028\u2029', attributes: { ключ: 'значение', emoji: '🙂' } },
    { name: `quotes ' " and \\ backslashes \\" and /slashes/`, attributes: { q: `'"\\` } },
    { name: 'control \n\t\r\b\f \u0001\u001f chars', attributes: { c: '\u0007\u007f' } },
    {
      name: 'big and small numbers',
      attributes: { max: Number.MAX_SAFE_INTEGER, min: -Number.MAX_SAFE_INTEGER, fraction: -123456.789, tiny: 1e-7 },
    },
    { name: 'no attributes', attributes: {} },
  ];

  it('reads boundary items the same way', async (t) => {
    let byteCompared = 0;
    for (const item of boundaryItems) {
      const created = await send(lambdaUrl, {
        operationId: 'createItem',
        method: 'POST',
        path: '/items',
        pathParameters: {},
        query: [],
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(item),
      });
      assert.equal(created.status, 201, `${JSON.stringify(item)}: ${created.body}`);
      const { id } = JSON.parse(created.body) as { id: string };
      const { direct: d, lambda: l } = await bothAnswers(getRequest(id));
      const { differences, bytes } = compare(d, l);
      assert.deepEqual(differences, [], JSON.stringify(item));
      assert.equal(l.status, 200);
      if (bytes) byteCompared += 1;
    }
    t.diagnostic(`${byteCompared} of ${boundaryItems.length} bodies compared byte for byte`);
    assert.ok(byteCompared >= boundaryItems.length - 1, 'only the item with exponent numbers is not byte-compared');
  });

  it('answers the documented errors the same way: 404, 400 (bad id, bad If-Match), 412, and deletes alike', async () => {
    // Each case on an item of its own, at version 1.
    const cases: [string, (id: string) => ApiRequest, number][] = [
      ['an absent id', () => getRequest('absent-item'), 404],
      ['a bad id', () => getRequest('not an id!'), 400],
      ['an id too long', () => getRequest('x'.repeat(129)), 400],
      ['delete of an absent id', () => deleteRequest('absent-item'), 404],
      ['delete with a bad id', () => deleteRequest('bad id'), 400],
      ['delete with a stale If-Match', (id) => deleteRequest(id, { 'If-Match': '"7"' }), 412],
      ['delete with several stale tags', (id) => deleteRequest(id, { 'If-Match': '"7", "8"' }), 412],
      ['delete with a weak tag', (id) => deleteRequest(id, { 'If-Match': 'W/"1"' }), 412],
      ['delete with a malformed If-Match', (id) => deleteRequest(id, { 'If-Match': 'not-a-tag' }), 400],
      ['delete of an absent id with If-Match', () => deleteRequest('absent-item', { 'If-Match': '"1"' }), 404],
      ['delete with the current tag among others', (id) => deleteRequest(id, { 'If-Match': '"9", "1"' }), 204],
      ['delete with If-Match *', (id) => deleteRequest(id, { 'If-Match': '*' }), 204],
      ['delete without If-Match', (id) => deleteRequest(id), 204],
    ];
    for (const [what, request, status] of cases) {
      const created = await send(lambdaUrl, {
        operationId: 'createItem',
        method: 'POST',
        path: '/items',
        pathParameters: {},
        query: [],
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: what }),
      });
      const { id } = JSON.parse(created.body) as { id: string };
      const { direct: d, lambda: l } = await bothAnswers(request(id));
      assert.deepEqual(compare(d, l).differences, [], what);
      assert.equal(l.status, status, `${what}: ${l.body}`);
    }
  });
});
