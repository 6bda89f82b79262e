/**
 * The bad-credentials matrix, from outside, against any stage (local or AWS): every refusal is the contract's
 * problem+json with CORS headers — a token problem 401 (API Gateway's UNAUTHORIZED: a Cognito authorizer answers
 * 401 for a missing scope too, see docs/access-control.md "401 or 403?"), an API key problem 403
 * (INVALID_API_KEY) — and a refused write writes nothing. Forged tokens start from a real one of the stage (same
 * claims, same issuer), so only the one defect under test differs.
 *
 * Not here, because they need the issuer's private key (expired, not yet valid, wrong issuer, wrong client, an ID
 * token) or a tiny usage plan (throttle and quota, 429): the local gateway's tests cover them
 * (packages/local-stage/test/gateway-access.test.ts over HTTP, auth-*.test.ts per building block).
 */
import { createPublicKey, randomUUID, type JsonWebKey } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { base64url, decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT, type JWK } from 'jose';
import type { ItemPage } from '@items-api/openapi/schema';
import {
  credentialHeaders,
  expect,
  expectProblem,
  json,
  mergePatch,
  newItem,
  path,
  test,
  uniqueId,
} from './support.ts';

const origin = 'https://app.example.com';

/** A JWT from parts: header and payload objects, signature as given (base64url). */
const jwt = (header: object, payload: object, signature: string) =>
  [base64url.encode(JSON.stringify(header)), base64url.encode(JSON.stringify(payload)), signature].join('.');

/** The parts of a real token, decoded. */
function partsOf(token: string) {
  const [, , signature] = token.split('.');
  return { header: decodeProtectedHeader(token), payload: decodeJwt(token), signature: signature as string };
}

/** The issuer's published keys: `<iss>/.well-known/jwks.json`, as for a Cognito user pool. */
async function issuerKeys(anonymous: APIRequestContext, token: string): Promise<JWK[]> {
  const response = await anonymous.get(`${decodeJwt(token).iss as string}/.well-known/jwks.json`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { keys: JWK[] }).keys;
}

/** GET /items with these credentials, from a browser's origin, expecting the refusal `problem`. */
async function refusedList(
  anonymous: APIRequestContext,
  headers: Record<string, string>,
  problem: 'unauthorized' | 'forbidden',
) {
  const response = await anonymous.get(path('/items'), { headers: { Origin: origin, ...headers } });
  await expectProblem(response, problem);
  return response;
}

test.describe('token problems: 401 problem+json with CORS headers', () => {
  test('no token', async ({ anonymous, access }) => {
    await refusedList(anonymous, credentialHeaders(undefined, access.full.apiKey), 'unauthorized');
  });

  test('no token and no API key: the authorizer answers first', async ({ anonymous }) => {
    await refusedList(anonymous, {}, 'unauthorized');
  });

  test('malformed tokens', async ({ anonymous, access }) => {
    for (const token of ['abc', 'a.b.c', 'a.b', `${access.full.token}.extra`, '']) {
      await refusedList(anonymous, credentialHeaders(token, access.full.apiKey), 'unauthorized');
    }
  });

  test('alg none', async ({ anonymous, access }) => {
    const { header, payload } = partsOf(access.full.token);
    const token = jwt({ ...header, alg: 'none' }, payload, '');
    await refusedList(anonymous, credentialHeaders(token, access.full.apiKey), 'unauthorized');
  });

  test("HS256 signed with the issuer's public key (algorithm confusion)", async ({ anonymous, access }) => {
    const { header, payload } = partsOf(access.full.token);
    const keys = await issuerKeys(anonymous, access.full.token);
    const jwk = keys.find((key) => key.kid === header.kid);
    expect(jwk, `the JWKS publishes the token's kid ${header.kid}`).toBeTruthy();
    const pem = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }).export({
      type: 'spki',
      format: 'pem',
    });
    const token = await new SignJWT(payload)
      .setProtectedHeader({ ...header, alg: 'HS256' })
      .sign(new TextEncoder().encode(pem.toString()));
    await refusedList(anonymous, credentialHeaders(token, access.full.apiKey), 'unauthorized');
  });

  test('an unknown kid (signed with a key the issuer never published)', async ({ anonymous, access }) => {
    const { header, payload } = partsOf(access.full.token);
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT(payload)
      .setProtectedHeader({ ...header, alg: 'RS256', kid: `e2e-${randomUUID()}` })
      .sign(privateKey);
    await refusedList(anonymous, credentialHeaders(token, access.full.apiKey), 'unauthorized');
  });

  test("another key under the issuer's kid", async ({ anonymous, access }) => {
    const { header, payload } = partsOf(access.full.token);
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT(payload).setProtectedHeader({ ...header, alg: 'RS256' }).sign(privateKey);
    await refusedList(anonymous, credentialHeaders(token, access.full.apiKey), 'unauthorized');
  });

  test('a tampered payload (the reader grants itself items:write)', async ({ anonymous, access, request }) => {
    const { header, payload, signature } = partsOf(access.reader.token);
    const writeScopes = (partsOf(access.full.token).payload.scope as string).split(' ');
    const token = jwt(header, { ...payload, scope: [payload.scope, ...writeScopes].join(' ') }, signature);
    const headers = credentialHeaders(token, access.reader.apiKey);
    await refusedList(anonymous, headers, 'unauthorized');
    const id = uniqueId('tampered');
    const refused = await anonymous.put(path(`/items/${id}`), { data: newItem(), headers: { ...json, ...headers } });
    await expectProblem(refused, 'unauthorized');
    expect((await request.get(path(`/items/${id}`))).status()).toBe(404);
  });
});

test.describe('scopes: the read-only client', () => {
  test('reads: 200', async ({ reader, items }) => {
    const { item } = await items.create();
    const list = await reader.get(path('/items'), { params: { limit: 1 } });
    expect(list.status()).toBe(200);
    const read = await reader.get(path(`/items/${item.id}`));
    expect(read.status()).toBe(200);
    expect(await read.json()).toEqual(item);
  });

  test('writes: 401 for every write, and nothing is written', async ({ reader, request, items }) => {
    const { item } = await items.create();
    const id = uniqueId('reader-put');
    const refusals = [
      await reader.post(path('/items'), { data: newItem({ name: id }), headers: json }),
      await reader.put(path(`/items/${id}`), { data: newItem(), headers: json }),
      await reader.put(path(`/items/${item.id}`), { data: newItem({ name: 'replaced' }), headers: json }),
      await reader.patch(path(`/items/${item.id}`), { data: { name: 'patched' }, headers: mergePatch }),
      await reader.delete(path(`/items/${item.id}`)),
    ];
    for (const response of refusals) await expectProblem(response, 'unauthorized');
    expect((await request.get(path(`/items/${id}`))).status()).toBe(404);
    const after = await request.get(path(`/items/${item.id}`));
    expect(await after.json()).toEqual(item);
    // The POST named its item `id`: no listed item carries that name.
    let cursor: string | undefined;
    do {
      const listed = await request.get(path('/items'), { params: { limit: 100, ...(cursor && { cursor }) } });
      const page = (await listed.json()) as ItemPage;
      expect(page.items.some((other) => other.name === id)).toBe(false);
      cursor = page.nextCursor;
    } while (cursor);
  });
});

test.describe('API key problems: 403 problem+json', () => {
  test('a valid token without an API key', async ({ anonymous, access }) => {
    await refusedList(anonymous, credentialHeaders(access.full.token, undefined), 'forbidden');
  });

  test('a valid token with a wrong API key', async ({ anonymous, access }) => {
    for (const key of [`${access.full.apiKey}x`, access.full.apiKey.slice(0, -1), randomUUID().repeat(2)]) {
      await refusedList(anonymous, credentialHeaders(access.full.token, key), 'forbidden');
    }
  });

  test('a refused write writes nothing', async ({ anonymous, access, request }) => {
    const id = uniqueId('keyless');
    const refused = await anonymous.put(path(`/items/${id}`), {
      data: newItem(),
      headers: { ...json, ...credentialHeaders(access.full.token, undefined) },
    });
    await expectProblem(refused, 'forbidden');
    expect((await request.get(path(`/items/${id}`))).status()).toBe(404);
  });
});

test('the token URL refuses a wrong secret: 400 invalid_client', async ({ anonymous, access }) => {
  const { clientId } = access.full.credentials;
  const response = await anonymous.post(access.tokenUrl, {
    headers: {
      Authorization: `Basic ${Buffer.from(`${clientId}:wrong-${randomUUID()}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    data: 'grant_type=client_credentials',
  });
  expect(response.status()).toBe(400);
  expect(((await response.json()) as { error?: string }).error).toBe('invalid_client');
});

test.describe('public without credentials', () => {
  test('GET /health', async ({ anonymous }) => {
    expect((await anonymous.get(path('/health'))).status()).toBe(200);
  });

  test('the CORS preflight of a secured route', async ({ anonymous }) => {
    const response = await anonymous.fetch(path('/items'), {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type,x-api-key',
      },
    });
    expect(response.status()).toBe(204);
    expect(response.headers()['access-control-allow-origin']).toBeTruthy();
  });
});
