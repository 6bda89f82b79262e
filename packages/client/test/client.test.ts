import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { operations } from '@items-api/openapi/operations';
import type { Item } from '@items-api/openapi/schema';
import {
  createItemsClient,
  etagOf,
  ifMatch,
  ifNoneMatchAny,
  isProblem,
  ItemsApiError,
  unwrap,
  versionOf,
  type PagedPath,
  type PageOf,
  type Schema,
} from '../src/index.ts';

interface Seen {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

/** A fetch that records requests and answers from a script. */
function fakeFetch(answer: (seen: Seen) => Response) {
  const requests: Seen[] = [];
  const fetch = async (request: Request) => {
    const seen = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: await request.text(),
    };
    requests.push(seen);
    return answer(seen);
  };
  return { fetch, requests };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const problem = (status: number, title: string, detail?: string) =>
  new Response(JSON.stringify({ type: 'urn:items-api:problem:x', title, status, ...(detail ? { detail } : {}) }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });

const item = (id: string, version = 1): Item => ({
  id,
  name: `item ${id}`,
  version,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
});

describe('createItemsClient', () => {
  it('sends typed requests to the base URL with default headers', async () => {
    const { fetch, requests } = fakeFetch(() => json(200, item('a', 3), { ETag: '"3"' }));
    const api = createItemsClient({ baseUrl: 'http://api.test/dev/', fetch, headers: { Authorization: 'Bearer t' } });
    const { data, response } = await api.GET('/items/{id}', { params: { path: { id: 'a' } } });
    assert.equal(data?.version, 3);
    assert.equal(etagOf(response), '"3"');
    assert.equal(requests[0]?.url.href, 'http://api.test/dev/items/a');
    assert.equal(requests[0]?.headers.get('Authorization'), 'Bearer t');
  });

  it('sends PATCH bodies with the media type the contract declares (merge patch)', async () => {
    const { fetch, requests } = fakeFetch(() => json(200, item('a', 2)));
    const api = createItemsClient({ baseUrl: 'http://api.test', fetch });
    await api.PATCH('/items/{id}', {
      params: { path: { id: 'a' }, header: ifMatch(1) },
      body: { description: null },
    });
    const declared = operations.patchItem.requestBody.contentTypes[0];
    assert.equal(requests[0]?.headers.get('Content-Type'), declared);
    assert.equal(requests[0]?.headers.get('If-Match'), '"1"');
    assert.deepEqual(JSON.parse(requests[0]?.body ?? ''), { description: null });
  });

  it('keeps application/json for operations that take it', async () => {
    const { fetch, requests } = fakeFetch(() => json(201, item('b')));
    const api = createItemsClient({ baseUrl: 'http://api.test', fetch });
    await api.POST('/items', { body: { name: 'b' } });
    assert.equal(requests[0]?.headers.get('Content-Type'), 'application/json');
  });

  it('types problem+json answers as errors and unwrap() throws them as ItemsApiError', async () => {
    const { fetch } = fakeFetch(() => problem(404, 'Not found', 'No item has the id "x".'));
    const api = createItemsClient({ baseUrl: 'http://api.test', fetch });
    const result = await api.GET('/items/{id}', { params: { path: { id: 'x' } } });
    assert.equal(result.data, undefined);
    assert.equal(result.error?.status, 404);
    assert.throws(
      () => unwrap(result),
      (e: unknown) =>
        e instanceof ItemsApiError &&
        e.status === 404 &&
        e.problem?.title === 'Not found' &&
        e.message === '404 Not found: No item has the id "x".',
    );
  });

  it('reports a non-problem error answer with its status', async () => {
    const { fetch } = fakeFetch(
      () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    const api = createItemsClient({ baseUrl: 'http://api.test', fetch });
    const result = await api.GET('/health');
    assert.throws(
      () => unwrap(result),
      (e: unknown) => e instanceof ItemsApiError && e.status === 502 && e.problem === undefined,
    );
  });

  it('pages through every item following nextCursor, passing limit', async () => {
    const pages: Record<string, { items: Item[]; nextCursor?: string }> = {
      '': { items: [item('1'), item('2')], nextCursor: 'c1' },
      c1: { items: [], nextCursor: 'c2' },
      c2: { items: [item('3')] },
    };
    const { fetch, requests } = fakeFetch(({ url }) => json(200, pages[url.searchParams.get('cursor') ?? '']));
    const api = createItemsClient({ baseUrl: 'http://api.test', fetch });
    const ids: string[] = [];
    for await (const it of api.listAll('/items', { limit: 2 })) ids.push(it.id);
    assert.deepEqual(ids, ['1', '2', '3']);
    assert.deepEqual(
      requests.map((r) => r.url.search),
      ['?limit=2', '?limit=2&cursor=c1', '?limit=2&cursor=c2'],
    );
  });

  it("pages a query: the partition key fills the path, and each page's cursor follows", async () => {
    const { fetch, requests } = fakeFetch(({ url }) =>
      json(200, url.searchParams.has('cursor') ? { items: [item('2')] } : { items: [item('1')], nextCursor: 'c1' }),
    );
    const api = createItemsClient({ baseUrl: 'http://api.test', fetch });
    // A query's path (a resource with a sort key) as the contract of such an API types it.
    const query = (path: string, options: { path: Record<string, string>; limit: number }) =>
      (api as unknown as { listAll: (p: string, o: object) => AsyncGenerator<Item> }).listAll(path, options);
    const ids: string[] = [];
    for await (const it of query('/configs/{id}', { path: { id: 'a b' }, limit: 1 })) ids.push(it.id);
    assert.deepEqual(ids, ['1', '2']);
    assert.deepEqual(
      requests.map((r) => `${r.url.pathname}${r.url.search}`),
      ['/configs/a%20b?limit=1', '/configs/a%20b?limit=1&cursor=c1'],
    );
  });

  it('takes only the paths whose GET answers a page', () => {
    const list: PagedPath = '/items';
    // @ts-expect-error GET /items/{id} answers one item, not a page
    const one: PagedPath = '/items/{id}';
    // @ts-expect-error GET /health answers the API's health
    const health: PagedPath = '/health';
    assert.deepEqual([list, one, health], ['/items', '/items/{id}', '/health']);
    // A page and a schema by name are the contract's own types.
    const page: PageOf<'/items'> = { items: [] };
    const status: Schema<'Health'>['status'] = 'ok';
    assert.deepEqual([page, status], [{ items: [] }, 'ok']);
    // @ts-expect-error the contract names no such schema
    assert.equal(((): Schema<'Nowhere'> => undefined)(), undefined);
  });

  it('stops paging with an ItemsApiError when a page fails', async () => {
    const { fetch } = fakeFetch(({ url }) =>
      url.searchParams.has('cursor')
        ? problem(400, 'Request validation failed', 'bad cursor')
        : json(200, { items: [item('1')], nextCursor: 'zz' }),
    );
    const api = createItemsClient({ baseUrl: 'http://api.test', fetch });
    const seen: string[] = [];
    await assert.rejects(
      async () => {
        for await (const it of api.listAll('/items')) seen.push(it.id);
      },
      (e: unknown) => e instanceof ItemsApiError && e.status === 400,
    );
    assert.deepEqual(seen, ['1']);
  });

  it('rejects a base URL that is not http(s)', () => {
    assert.throws(() => createItemsClient({ baseUrl: 'localhost:3000' }), /baseUrl must be an http\(s\) URL/);
  });
});

describe('conditional request helpers', () => {
  it('builds If-Match from a version or an ETag, and If-None-Match: *', () => {
    assert.deepEqual(ifMatch(3), { 'If-Match': '"3"' });
    assert.deepEqual(ifMatch('"7"'), { 'If-Match': '"7"' });
    assert.deepEqual(ifNoneMatchAny, { 'If-None-Match': '*' });
  });

  it('reads the version out of a strong ETag only', () => {
    assert.equal(versionOf('"12"'), 12);
    assert.equal(versionOf('W/"12"'), undefined);
    assert.equal(versionOf(undefined), undefined);
  });

  it('recognises problem+json bodies', () => {
    assert.ok(isProblem({ type: 't', title: 'x', status: 400 }));
    assert.ok(!isProblem({ message: 'Missing Authentication Token' }));
    assert.ok(!isProblem(null));
  });
});
