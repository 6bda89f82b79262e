/**
 * The bad-credentials matrix, from outside, against any stage (local or AWS), on operations the contract secures
 * (found in the operations table, whatever its resources): every refusal is the contract's
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
import { operations, resources, type OperationId, type ResourceName } from '@items-api/openapi/operations';
import {
  contentTypeOf,
  credentialHeaders,
  exampleOf,
  expect,
  expectProblem,
  freshKey,
  nowhere,
  operationFor,
  operationsServing,
  path,
  pathTo,
  resourceOf,
  test,
  type Stored,
} from './support.ts';

const origin = 'https://app.example.com';

/** The secured read every credential problem is tried on: the contract's first secured GET (a list, if any). */
const securedReads = (Object.keys(operations) as OperationId[]).filter(
  (id) => operations[id].scopes.length > 0 && operations[id].method === 'GET',
);
const guarded = securedReads.find((id) => resourceOf(id)?.action === 'list') ?? securedReads[0];
const noGuarded = 'the contract secures no GET operation';

/** A replace with a read beside it: a refused PUT at a fresh key must leave nothing to read there. */
const replacement = operationsServing('replace').find(({ resource }) => operationFor(resource, 'read'));
const noReplacement = 'the contract declares no resource with a replace and a read';

/** Operation `id` on `object` (its example body, none for a bodiless one) from `context` with further `headers`. */
const send = (context: APIRequestContext, id: OperationId, object: Stored, headers: Record<string, string> = {}) =>
  context.fetch(pathTo(id, object), {
    method: operations[id].method,
    ...(operations[id].requestBody && { data: exampleOf(id) }),
    headers: { ...(operations[id].requestBody && contentTypeOf(id)), ...headers },
  });

/** A refused PUT at a fresh key of `replacement` (without the right credentials) stored nothing there. */
async function nothingStored(request: APIRequestContext, refused: (id: OperationId, key: Stored) => Promise<unknown>) {
  const { id, resource } = replacement as NonNullable<typeof replacement>;
  const key = freshKey(resource, 'refused');
  await refused(id, key);
  expect((await request.get(pathTo(operationFor(resource, 'read') as OperationId, key))).status()).toBe(404);
}

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

/** The guarded read with these credentials, from a browser's origin, expecting the refusal `problem`. */
async function refusedList(
  anonymous: APIRequestContext,
  headers: Record<string, string>,
  problem: 'unauthorized' | 'forbidden',
) {
  const response = await anonymous.get(nowhere(guarded as OperationId), { headers: { Origin: origin, ...headers } });
  await expectProblem(response, problem);
  return response;
}

test.describe('token problems: 401 problem+json with CORS headers', () => {
  test.skip(!guarded, noGuarded);

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

  test("a tampered payload (the reader grants itself the full client's scopes)", async ({
    anonymous,
    access,
    request,
  }) => {
    test.skip(!replacement, noReplacement);
    const { header, payload, signature } = partsOf(access.reader.token);
    const writeScopes = (partsOf(access.full.token).payload.scope as string).split(' ');
    const token = jwt(header, { ...payload, scope: [payload.scope, ...writeScopes].join(' ') }, signature);
    const headers = credentialHeaders(token, access.reader.apiKey);
    await refusedList(anonymous, headers, 'unauthorized');
    await nothingStored(request, async (id, key) =>
      expectProblem(await send(anonymous, id, key, headers), 'unauthorized'),
    );
  });
});

test.describe('scopes: the read-only client', () => {
  for (const resource of Object.keys(resources) as ResourceName[]) {
    const list = operationFor(resource, 'list') ?? operationFor(resource, 'query');
    const read = operationFor(resource, 'read');
    const writes = (Object.keys(operations) as OperationId[]).filter(
      (id) => resourceOf(id)?.name === resource && operations[id].method !== 'GET',
    );

    test(`${resource}: reads: 200`, async ({ reader, objects }) => {
      const { object } = await objects.store(resource);
      if (list) {
        const listed = await reader.get(pathTo(list, object), { params: { limit: 1 } });
        expect(listed.status()).toBe(200);
      }
      if (read) {
        const response = await reader.get(pathTo(read, object));
        expect(response.status()).toBe(200);
        expect(await response.json()).toEqual(object);
      }
    });

    test(`${resource}: writes: 401 for every write, and nothing is written`, async ({ reader, request, objects }) => {
      const { object } = await objects.store(resource);
      // Every write on the stored object (a create on its collection), and a PUT at a fresh key.
      for (const id of writes) await expectProblem(await send(reader, id, object), 'unauthorized');
      const replace = operationFor(resource, 'replace');
      if (replace && read) {
        const key = freshKey(resource, 'reader-put');
        await expectProblem(await send(reader, replace, key), 'unauthorized');
        expect((await request.get(pathTo(read, key))).status()).toBe(404);
      }
      if (read) expect(await (await request.get(pathTo(read, object))).json()).toEqual(object);
    });
  }
});

test.describe('API key problems: 403 problem+json', () => {
  test.skip(!guarded, noGuarded);

  test('a valid token without an API key', async ({ anonymous, access }) => {
    await refusedList(anonymous, credentialHeaders(access.full.token, undefined), 'forbidden');
  });

  test('a valid token with a wrong API key', async ({ anonymous, access }) => {
    for (const key of [`${access.full.apiKey}x`, access.full.apiKey.slice(0, -1), randomUUID().repeat(2)]) {
      await refusedList(anonymous, credentialHeaders(access.full.token, key), 'forbidden');
    }
  });

  test('a refused write writes nothing', async ({ anonymous, access, request }) => {
    test.skip(!replacement, noReplacement);
    await nothingStored(request, async (id, key) =>
      expectProblem(await send(anonymous, id, key, credentialHeaders(access.full.token, undefined)), 'forbidden'),
    );
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
    test.skip(!guarded, noGuarded);
    const response = await anonymous.fetch(nowhere(guarded as OperationId), {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization,content-type,x-api-key',
      },
    });
    expect(response.status()).toBe(204);
    expect(response.headers()['access-control-allow-origin']).toBeTruthy();
  });
});
