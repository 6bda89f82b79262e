import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { operations } from '@items-api/openapi/operations';
import {
  createItemsClient,
  etagOf,
  ifMatch,
  ifNoneMatchAny,
  isProblem,
  ItemsApiError,
  unwrap,
  versionOf,
  type ItemsClient,
  type PagedPath,
  type PageOf,
  type Schema,
} from '../src/index.ts';
import { call, concretePath, findOperation, needs, takes } from './contract.ts';

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

/** A stored object as an answer holds it; the client passes objects through, whatever their fields. */
interface Stored {
  id: string;
  version: number;
}
const stored = (id: string, version = 1): Stored => ({ id, version });

// The operations these tests send, whichever resources the contract declares: the client treats them all alike.
const read = findOperation((op) => op.resource?.action === 'read');
const list = findOperation((op) => op.resource?.action === 'list');
const jsonBody = findOperation((op) => takes(op, 'application/json'));
const otherBody = findOperation((op) => op.requestBody !== null && !takes(op, 'application/json'));

/** listAll over a path given as a string: the client types it per literal path, which these tests cannot name. */
const listAll = (api: ItemsClient, path: string, options: object = {}) =>
  (api as unknown as { listAll: (p: string, o: object) => AsyncGenerator<Stored> }).listAll(path, options);

type Operation = (typeof operations)[keyof typeof operations];
/** The paths of the contract's lists and queries, and the schemas their pages are. */
type Paged = Extract<Operation, { resource: { action: 'list' | 'query' } }>;
/** True exactly when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

describe('createItemsClient', () => {
  it('sends requests to the base URL with path parameters and default headers', needs(read, 'read'), async () => {
    assert.ok(read);
    const { fetch, requests } = fakeFetch(() => json(200, stored('a b', 3), { ETag: '"3"' }));
    const api = createItemsClient({ baseUrl: 'http://api.test/dev/', fetch, headers: { Authorization: 'Bearer t' } });
    const { data, response } = await call(api, read, { value: 'a b' });
    assert.deepEqual(data, stored('a b', 3));
    assert.equal(etagOf(response), '"3"');
    assert.equal(requests[0]?.url.href, `http://api.test/dev${concretePath(read, 'a b')}`);
    assert.equal(requests[0]?.headers.get('Authorization'), 'Bearer t');
  });

  it(
    'sends PATCH bodies with the media type the contract declares (merge patch)',
    needs(otherBody, 'body in a media type other than application/json'),
    async () => {
      assert.ok(otherBody?.requestBody);
      const { fetch, requests } = fakeFetch(() => json(200, stored('a', 2)));
      const api = createItemsClient({ baseUrl: 'http://api.test', fetch });
      const body = otherBody.requestBody.example;
      await call(api, otherBody, { header: ifMatch(1), body });
      assert.equal(requests[0]?.method, otherBody.method);
      assert.equal(requests[0]?.headers.get('Content-Type'), otherBody.requestBody.contentTypes[0]);
      assert.equal(requests[0]?.headers.get('If-Match'), '"1"');
      assert.deepEqual(JSON.parse(requests[0]?.body ?? ''), body);
    },
  );

  it('keeps application/json for operations that take it', needs(jsonBody, 'JSON body'), async () => {
    assert.ok(jsonBody);
    const { fetch, requests } = fakeFetch(() => json(201, stored('b')));
    const api = createItemsClient({ baseUrl: 'http://api.test', fetch });
    await call(api, jsonBody, { body: jsonBody.requestBody?.example });
    assert.equal(requests[0]?.headers.get('Content-Type'), 'application/json');
  });

  it('types problem+json answers as errors and unwrap() throws them as ItemsApiError', async () => {
    // /health is in every contract; its error answers are typed as every operation's are.
    const { fetch } = fakeFetch(() => problem(500, 'Internal Server Error', 'Something failed.'));
    const api = createItemsClient({ baseUrl: 'http://api.test', fetch });
    const result = await api.GET('/health');
    assert.equal(result.data, undefined);
    assert.equal(result.error?.status, 500);
    assert.throws(
      () => unwrap(result),
      (e: unknown) =>
        e instanceof ItemsApiError &&
        e.status === 500 &&
        e.problem?.title === 'Internal Server Error' &&
        e.message === '500 Internal Server Error: Something failed.',
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

  it('pages through every item following nextCursor, passing limit', needs(list, 'list'), async () => {
    assert.ok(list);
    const pages: Record<string, { items: Stored[]; nextCursor?: string }> = {
      '': { items: [stored('1'), stored('2')], nextCursor: 'c1' },
      c1: { items: [], nextCursor: 'c2' },
      c2: { items: [stored('3')] },
    };
    const { fetch, requests } = fakeFetch(({ url }) => json(200, pages[url.searchParams.get('cursor') ?? '']));
    const api = createItemsClient({ baseUrl: 'http://api.test', fetch });
    const ids: string[] = [];
    for await (const it of listAll(api, list.path, { limit: 2 })) ids.push(it.id);
    assert.deepEqual(ids, ['1', '2', '3']);
    assert.deepEqual(
      requests.map((r) => `${r.url.pathname}${r.url.search}`),
      [`${list.path}?limit=2`, `${list.path}?limit=2&cursor=c1`, `${list.path}?limit=2&cursor=c2`],
    );
  });

  it("pages a query: the partition key fills the path, and each page's cursor follows", async () => {
    const { fetch, requests } = fakeFetch(({ url }) =>
      json(200, url.searchParams.has('cursor') ? { items: [stored('2')] } : { items: [stored('1')], nextCursor: 'c1' }),
    );
    const api = createItemsClient({ baseUrl: 'http://api.test', fetch });
    // A query's path (a resource with a sort key) as the contract of such an API types it.
    const ids: string[] = [];
    for await (const it of listAll(api, '/configs/{id}', { path: { id: 'a b' }, limit: 1 })) ids.push(it.id);
    assert.deepEqual(ids, ['1', '2']);
    assert.deepEqual(
      requests.map((r) => `${r.url.pathname}${r.url.search}`),
      ['/configs/a%20b?limit=1', '/configs/a%20b?limit=1&cursor=c1'],
    );
  });

  it('takes only the paths whose GET answers a page', () => {
    // Checked by tsc: exactly the contract's lists and queries are paged paths, each paging its page schema.
    const pagedPaths: Equal<PagedPath, Paged['path']> = true;
    const pageTypes: Equal<
      { [P in PagedPath]: PageOf<P> },
      { [O in Paged as O['path']]: Schema<O['successSchemas']['200']> }
    > = true;
    // @ts-expect-error GET /health answers the API's health
    const health: PagedPath = '/health';
    const status: Schema<'Health'>['status'] = 'ok';
    assert.deepEqual([pagedPaths, pageTypes, health, status], [true, true, '/health', 'ok']);
    // @ts-expect-error the contract names no such schema
    assert.equal(((): Schema<'Nowhere'> => undefined)(), undefined);
  });

  it('stops paging with an ItemsApiError when a page fails', needs(list, 'list'), async () => {
    assert.ok(list);
    const { fetch } = fakeFetch(({ url }) =>
      url.searchParams.has('cursor')
        ? problem(400, 'Request validation failed', 'bad cursor')
        : json(200, { items: [stored('1')], nextCursor: 'zz' }),
    );
    const api = createItemsClient({ baseUrl: 'http://api.test', fetch });
    const seen: string[] = [];
    await assert.rejects(
      async () => {
        for await (const it of listAll(api, list.path)) seen.push(it.id);
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
