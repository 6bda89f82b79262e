import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { infrastructure, operations } from '@items-api/openapi/operations';
import { clientCredentialsSource } from '../src/auth.ts';
import {
  apiKeyHeader,
  createItemsClient,
  requestAccessToken,
  TokenEndpointError,
  tokenRenewalMarginMs,
  type ClientCredentials,
} from '../src/index.ts';
import { call, findOperation, needs, takes } from './contract.ts';

const tokenUrl = 'http://issuer.test/oauth2/token';
const credentials: ClientCredentials = { tokenUrl, clientId: 'writer', clientSecret: 's3cret-value' };

interface Seen {
  url: string;
  method: string;
  headers: Headers;
  body: string;
}

/**
 * A stub of a token endpoint and the API: the endpoint hands out `token-1`, `token-2`, … (valid `expiresIn` s);
 * the API answers `api(seen)` (200 by default).
 */
function stubFetch(
  options: {
    expiresIn?: number | undefined;
    token?: (seen: Seen) => Response | undefined;
    api?: (seen: Seen) => Response;
    tokenDelayMs?: number;
  } = {},
) {
  const tokenRequests: Seen[] = [];
  const apiRequests: Seen[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const seen = { url: request.url, method: request.method, headers: request.headers, body: await request.text() };
    if (request.url === tokenUrl) {
      tokenRequests.push(seen);
      if (options.tokenDelayMs) await new Promise((resolve) => setTimeout(resolve, options.tokenDelayMs));
      const scripted = options.token?.(seen);
      if (scripted) return scripted;
      const expiresIn = 'expiresIn' in options ? options.expiresIn : 3600;
      return Response.json({
        access_token: `token-${tokenRequests.length}`,
        ...(expiresIn !== undefined && { expires_in: expiresIn }),
        token_type: 'Bearer',
      });
    }
    apiRequests.push(seen);
    return options.api?.(seen) ?? Response.json({ status: 'ok', version: '1' });
  };
  return { fetch, tokenRequests, apiRequests };
}

// A GET the contract secures (/health in a contract without resources) and a write with a JSON body: the client
// sends its credentials with every request alike.
const secured = findOperation((op) => op.method === 'GET' && op.scopes.length > 0) ?? operations.getHealth;
const jsonBody = findOperation((op) => takes(op, 'application/json'));
/** The contract's scopes by their full names (`<resource server>/<scope>`), as a client asks for them. */
const fullScopes = Object.keys(infrastructure.access.scopes).map(
  (scope) => `${infrastructure.access.resourceServer}/${scope}`,
);

const bearer = (seen: Seen | undefined) => seen?.headers.get('Authorization');
const unauthorized = () =>
  new Response(JSON.stringify({ type: 'urn:items-api:problem:unauthorized', title: 'Unauthorized', status: 401 }), {
    status: 401,
    headers: { 'Content-Type': 'application/problem+json' },
  });

describe('auth: static token and token provider', () => {
  it('sends a static token as a bearer token and the API key in the contract header', async () => {
    const { fetch, apiRequests } = stubFetch();
    const api = createItemsClient({ baseUrl: 'http://api.test', fetch, auth: { token: 'abc' }, apiKey: 'key-1' });
    await call(api, secured);
    assert.equal(bearer(apiRequests[0]), 'Bearer abc');
    assert.equal(apiKeyHeader, infrastructure.access.apiKeyHeader);
    assert.equal(apiRequests[0]?.headers.get(apiKeyHeader), 'key-1');
  });

  it('auth wins over an Authorization given in headers', async () => {
    const { fetch, apiRequests } = stubFetch();
    const api = createItemsClient({
      baseUrl: 'http://api.test',
      fetch,
      headers: { Authorization: 'Bearer old' },
      auth: { token: 'new' },
    });
    await api.GET('/health');
    assert.equal(bearer(apiRequests[0]), 'Bearer new');
  });

  it('sends neither header without auth and apiKey', async () => {
    const { fetch, apiRequests } = stubFetch();
    await createItemsClient({ baseUrl: 'http://api.test', fetch }).GET('/health');
    assert.equal(bearer(apiRequests[0]), null);
    assert.equal(apiRequests[0]?.headers.get(apiKeyHeader), null);
  });

  it('calls the token provider for every request and does not retry a 401 with it', async () => {
    let calls = 0;
    const { fetch, apiRequests } = stubFetch({ api: unauthorized });
    const api = createItemsClient({
      baseUrl: 'http://api.test',
      fetch,
      auth: { tokenProvider: () => Promise.resolve(`provided-${++calls}`) },
    });
    const first = await call(api, secured);
    await call(api, secured);
    assert.equal(first.response.status, 401);
    assert.deepEqual(apiRequests.map(bearer), ['Bearer provided-1', 'Bearer provided-2']);
  });

  it('does not retry a 401 with a static token', async () => {
    const { fetch, apiRequests } = stubFetch({ api: unauthorized });
    const api = createItemsClient({ baseUrl: 'http://api.test', fetch, auth: { token: 'stale' } });
    assert.equal((await call(api, secured)).response.status, 401);
    assert.equal(apiRequests.length, 1);
  });
});

describe('auth: client credentials', () => {
  it(
    'asks the token endpoint with HTTP Basic, grant_type and the scopes, then sends the token',
    { skip: fullScopes.length === 0 && 'the contract declares no scopes' },
    async () => {
      const { fetch, tokenRequests, apiRequests } = stubFetch();
      const api = createItemsClient({
        baseUrl: 'http://api.test',
        fetch,
        auth: { clientCredentials: { ...credentials, scopes: fullScopes } },
      });
      await call(api, secured);
      const request = tokenRequests[0];
      assert.equal(request?.method, 'POST');
      assert.equal(request?.headers.get('Authorization'), `Basic ${btoa('writer:s3cret-value')}`);
      assert.equal(request?.headers.get('Content-Type'), 'application/x-www-form-urlencoded');
      assert.deepEqual(Object.fromEntries(new URLSearchParams(request?.body)), {
        grant_type: 'client_credentials',
        scope: fullScopes.join(' '),
      });
      assert.equal(bearer(apiRequests[0]), 'Bearer token-1');
    },
  );

  it('sends no scope parameter when no scopes are asked for', async () => {
    const { fetch, tokenRequests } = stubFetch();
    await call(
      createItemsClient({ baseUrl: 'http://api.test', fetch, auth: { clientCredentials: credentials } }),
      secured,
    );
    assert.deepEqual(Object.fromEntries(new URLSearchParams(tokenRequests[0]?.body)), {
      grant_type: 'client_credentials',
    });
  });

  it('reuses the token for later requests', async () => {
    const { fetch, tokenRequests, apiRequests } = stubFetch();
    const api = createItemsClient({ baseUrl: 'http://api.test', fetch, auth: { clientCredentials: credentials } });
    for (let i = 0; i < 3; i++) await call(api, secured);
    assert.equal(tokenRequests.length, 1);
    assert.deepEqual(apiRequests.map(bearer), Array(3).fill('Bearer token-1'));
  });

  it('concurrent first requests share one token request', async () => {
    const { fetch, tokenRequests, apiRequests } = stubFetch({ tokenDelayMs: 20 });
    const api = createItemsClient({ baseUrl: 'http://api.test', fetch, auth: { clientCredentials: credentials } });
    await Promise.all(Array.from({ length: 5 }, () => call(api, secured)));
    assert.equal(tokenRequests.length, 1);
    assert.deepEqual(apiRequests.map(bearer), Array(5).fill('Bearer token-1'));
  });

  it(
    'on a 401 fetches a new token and sends the request once more, body and all',
    needs(jsonBody, 'JSON body'),
    async () => {
      assert.ok(jsonBody);
      const { fetch, tokenRequests, apiRequests } = stubFetch({
        api: (seen) =>
          bearer(seen) === 'Bearer token-1' ? unauthorized() : Response.json({ id: 'a' }, { status: 201 }),
      });
      const api = createItemsClient({ baseUrl: 'http://api.test', fetch, auth: { clientCredentials: credentials } });
      const body = jsonBody.requestBody?.example;
      const created = await call(api, jsonBody, { body });
      assert.equal(created.response.status, 201);
      assert.equal(tokenRequests.length, 2);
      assert.deepEqual(apiRequests.map(bearer), ['Bearer token-1', 'Bearer token-2']);
      assert.deepEqual(
        apiRequests.map((r) => JSON.parse(r.body) as unknown),
        [body, body],
      );
      assert.equal(apiRequests[1]?.headers.get('Content-Type'), 'application/json');
    },
  );

  it('retries a 401 once, not twice: the second 401 is the answer', async () => {
    const { fetch, tokenRequests, apiRequests } = stubFetch({ api: unauthorized });
    const api = createItemsClient({ baseUrl: 'http://api.test', fetch, auth: { clientCredentials: credentials } });
    const result = await call(api, secured);
    assert.equal(result.response.status, 401);
    assert.equal(result.error?.status, 401);
    assert.equal(apiRequests.length, 2);
    assert.equal(tokenRequests.length, 2);
  });

  it('concurrent 401s of one token renew it once', async () => {
    const { fetch, tokenRequests } = stubFetch({
      api: (seen) => (bearer(seen) === 'Bearer token-1' ? unauthorized() : Response.json({ items: [] })),
    });
    const api = createItemsClient({ baseUrl: 'http://api.test', fetch, auth: { clientCredentials: credentials } });
    await call(api, secured); // caches token-1
    const results = await Promise.all(Array.from({ length: 4 }, () => call(api, secured)));
    assert.deepEqual(
      results.map((r) => r.response.status),
      [200, 200, 200, 200],
    );
    assert.equal(tokenRequests.length, 2);
  });

  it('does not retry other refusals (403 for the API key)', async () => {
    const { fetch, tokenRequests, apiRequests } = stubFetch({ api: () => new Response('{}', { status: 403 }) });
    const api = createItemsClient({ baseUrl: 'http://api.test', fetch, auth: { clientCredentials: credentials } });
    assert.equal((await call(api, secured)).response.status, 403);
    assert.equal(apiRequests.length, 1);
    assert.equal(tokenRequests.length, 1);
  });

  it('refuses a token URL that is not http(s)', () => {
    assert.throws(
      () =>
        createItemsClient({
          baseUrl: 'http://api.test',
          auth: { clientCredentials: { ...credentials, tokenUrl: 'x' } },
        }),
      /tokenUrl must be an http\(s\) URL/,
    );
  });
});

describe('client credentials: the token cache on a clock', () => {
  it('keeps a token until 60 s before it expires, then fetches a new one', async () => {
    let now = 1_000_000;
    const { fetch, tokenRequests } = stubFetch({ expiresIn: 300 });
    const source = clientCredentialsSource(credentials, fetch, () => now);
    assert.equal(await source.token(), 'token-1');
    now += 300_000 - tokenRenewalMarginMs - 1;
    assert.equal(await source.token(), 'token-1');
    now += 1;
    assert.equal(await source.token(), 'token-2');
    assert.equal(tokenRequests.length, 2);
  });

  it('fetches every time a token lives no longer than the margin', async () => {
    const { fetch, tokenRequests } = stubFetch({ expiresIn: 30 });
    const source = clientCredentialsSource(credentials, fetch, () => 0);
    await source.token();
    await source.token();
    assert.equal(tokenRequests.length, 2);
  });

  it('keeps a token without expires_in until it is refused', async () => {
    let now = 0;
    const { fetch, tokenRequests } = stubFetch({ expiresIn: undefined });
    const source = clientCredentialsSource(credentials, fetch, () => now);
    await source.token();
    now += 365 * 24 * 3600_000;
    assert.equal(await source.token(), 'token-1');
    source.renewAfterRefusal?.('token-1');
    assert.equal(await source.token(), 'token-2');
    assert.equal(tokenRequests.length, 2);
  });

  it('a failed token request is not cached: the next call asks again', async () => {
    let fail = true;
    const { fetch, tokenRequests } = stubFetch({
      token: () => (fail ? Response.json({ error: 'server_error' }, { status: 500 }) : undefined),
    });
    const source = clientCredentialsSource(credentials, fetch);
    await assert.rejects(source.token(), TokenEndpointError);
    fail = false;
    assert.equal(await source.token(), 'token-2');
    assert.equal(tokenRequests.length, 2);
  });
});

describe('token endpoint errors', () => {
  const refusing = (response: () => Response) => stubFetch({ token: response }).fetch;

  it('names the status and the OAuth error and description, never the secret', async () => {
    const fetch = refusing(() =>
      Response.json({ error: 'invalid_client', error_description: 'Client authentication failed' }, { status: 400 }),
    );
    await assert.rejects(requestAccessToken(credentials, fetch), (e: unknown) => {
      assert.ok(e instanceof TokenEndpointError);
      assert.equal(e.status, 400);
      assert.equal(e.error, 'invalid_client');
      assert.equal(
        e.message,
        `token endpoint ${tokenUrl} answered 400 for client writer: invalid_client (Client authentication failed)`,
      );
      assert.doesNotMatch(e.message, /s3cret-value/);
      return true;
    });
  });

  it('an answer without OAuth error names the status text', async () => {
    const fetch = refusing(() => new Response('<html>', { status: 502, statusText: 'Bad Gateway' }));
    await assert.rejects(requestAccessToken(credentials, fetch), /answered 502 for client writer: Bad Gateway/);
  });

  it('an unreachable endpoint names the URL and the cause', async () => {
    const fetch = () => Promise.reject(new TypeError('fetch failed'));
    await assert.rejects(
      requestAccessToken(credentials, fetch),
      (e: unknown) =>
        e instanceof TokenEndpointError &&
        e.status === undefined &&
        e.message === `token endpoint ${tokenUrl} could not be reached: fetch failed`,
    );
  });

  it('a 200 without JSON or without an access_token is an error', async () => {
    await assert.rejects(
      requestAccessToken(
        credentials,
        refusing(() => new Response('ok')),
      ),
      /answered 200 without JSON/,
    );
    await assert.rejects(
      requestAccessToken(
        credentials,
        refusing(() => Response.json({ token_type: 'Bearer' })),
      ),
      /without an access_token/,
    );
  });

  it('reaches the caller of the API as the token endpoint error, with no request sent to the API', async () => {
    const { fetch, apiRequests } = stubFetch({
      token: () => Response.json({ error: 'invalid_client' }, { status: 400 }),
    });
    const api = createItemsClient({ baseUrl: 'http://api.test', fetch, auth: { clientCredentials: credentials } });
    await assert.rejects(call(api, secured), (e: unknown) => e instanceof TokenEndpointError && e.status === 400);
    assert.equal(apiRequests.length, 0);
  });
});
