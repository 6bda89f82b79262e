/**
 * The bad-credentials matrix over HTTP through the gateway with the generated body (every operation on a stub
 * function that counts its calls): each forged, stale, misdirected or unkeyed request is refused with the body's
 * gateway response (status, problem+json type, CORS header) and reaches no integration; what the contract admits
 * is admitted. Random tokens never get a 2xx (property). Statuses come from the body's gateway responses.
 */
import assert from 'node:assert/strict';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createPublicKey } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { base64url, decodeJwt, SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';
import {
  cors,
  infrastructure,
  operations,
  problemTypeUriPrefix,
  type OperationId,
} from '@items-api/openapi/operations';
import { createSigningKey } from '../src/auth/signing-key.ts';
import { createTokenIssuer } from '../src/auth/token-issuer.ts';
import { formatClaimDate } from '../src/gateway/authorizer-claims.ts';
import { createGateway, type AccessLogEntry } from '../src/gateway/gateway.ts';
import type { LambdaInvoker } from '../src/lambda/invoker.ts';
import {
  contractPlans,
  accessTokenClaims,
  createTestAccess,
  loadLambdaApi,
  signWith,
  statusOf,
  issuerUrl,
  keys,
  readScopes,
  scopesOf,
  type TestAccess,
} from './support/gateway-access.ts';
import { exampleRequest, resource } from './support/contract.ts';

const api = await loadLambdaApi();

/** A function that answers 200 and counts its invocations: a refused request must leave the count alone. */
function countingInvoker(): LambdaInvoker & { calls: number; lastEvent: APIGatewayProxyEvent | undefined } {
  const invoker = {
    calls: 0,
    lastEvent: undefined as APIGatewayProxyEvent | undefined,
    invoke: (event: APIGatewayProxyEvent) => {
      invoker.calls += 1;
      invoker.lastEvent = event;
      return Promise.resolve({ kind: 'result' as const, result: { statusCode: 200, body: '{}' } });
    },
    close: async () => {},
  };
  return invoker;
}

let testAccess: TestAccess;
let invoker: ReturnType<typeof countingInvoker>;
let server: Server;
let base: string;
const log: AccessLogEntry[] = [];

before(async () => {
  testAccess = await createTestAccess();
  invoker = countingInvoker();
  server = createServer(
    createGateway({ api, invoker, access: testAccess.access, accessLog: (entry) => log.push(entry) }),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => void server.close());

/** `operationId` on an object whose keys are all `x`, with the contract's example body if it takes one. */
function call(operationId: OperationId, headers: Record<string, string>): Promise<Response> {
  const { path, init } = exampleRequest(operationId, 'x', headers);
  return fetch(`${base}${path}`, init);
}

/** A read (the resource's list) and a write (its replace) with these headers. */
const read = (headers: Record<string, string>) => call(resource.operations.list, headers);
const write = (headers: Record<string, string>) => call(resource.operations.replace, headers);
const writeScopes = scopesOf(resource.operations.replace);

/** The claims the issuer signs for the writer, now (by the shared clock). */
function writerClaims(overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(testAccess.clock.now / 1000);
  return accessTokenClaims(issuerUrl, 'writer', writeScopes, now, overrides);
}

/** Headers with this token (as sent: raw Authorization value) and the writer's valid API key. */
const withToken = (authorization: string): Record<string, string> => ({
  Authorization: authorization,
  'x-api-key': keys.writer.value,
});

const problemKeys: Record<string, string> = {
  UNAUTHORIZED: 'unauthorized',
  INVALID_API_KEY: 'forbidden',
  THROTTLED: 'too-many-requests',
  QUOTA_EXCEEDED: 'too-many-requests',
};

/** The response is the body's gateway response for `type`, the integration was not called, the log says why. */
async function assertRefused(send: () => Promise<Response>, type: string, rule?: string): Promise<void> {
  const calls = invoker.calls;
  const response = await send();
  assert.equal(response.status, statusOf(type));
  assert.equal(response.headers.get('content-type'), 'application/problem+json');
  assert.equal(response.headers.get('access-control-allow-origin'), cors.allowOrigin);
  assert.equal(response.headers.get('x-amzn-errortype'), type);
  const problem = (await response.json()) as Record<string, unknown>;
  assert.equal(problem.type, `${problemTypeUriPrefix}${problemKeys[type]}`);
  assert.equal(problem.status, statusOf(type));
  assert.equal(invoker.calls, calls, 'the integration must not be invoked');
  const entry = log.at(-1)!;
  assert.equal(entry.errorType, type);
  assert.equal(entry.integration, null);
  if (type === 'UNAUTHORIZED') assert.equal(entry.clientId, null);
  assert.equal(entry.apiKeyId, null);
  if (rule !== undefined) assert.match(entry.authorizeError ?? '', new RegExp(`^${rule}: `));
}

async function assertAdmitted(send: () => Promise<Response>, clientId: string, keyId: string): Promise<void> {
  const calls = invoker.calls;
  const response = await send();
  assert.equal(response.status, 200, await response.text());
  assert.equal(invoker.calls, calls + 1);
  const entry = log.at(-1)!;
  assert.equal(entry.clientId, clientId);
  assert.equal(entry.apiKeyId, keyId);
  assert.equal(entry.authorizeError, null);
}

describe('the generated body as the gateway reads it', () => {
  it('secures each operation as infrastructure declares it, and nothing else (preflights, health)', () => {
    for (const [path, methods] of api.resources) {
      for (const [httpMethod, method] of methods) {
        const where = `${httpMethod} ${path}`;
        if (method.operationId === undefined) {
          assert.deepEqual(method.security, { authorizationScopes: undefined, apiKeyRequired: false }, where);
          continue;
        }
        const declared = infrastructure.operations[method.operationId as keyof typeof infrastructure.operations];
        const scopes = scopesOf(method.operationId as keyof typeof infrastructure.operations);
        assert.deepEqual(
          method.security,
          { authorizationScopes: scopes.length > 0 ? scopes : undefined, apiKeyRequired: declared.apiKeyRequired },
          where,
        );
      }
    }
  });
});

describe('the gateway enforces the body: bad credentials', () => {
  beforeEach(() => {
    // Each case starts from now, whatever a throttle or quota case did to the clock.
    testAccess.clock.now = Date.now();
  });

  it('admits the writer on reads and writes, and the read-only client on reads', async () => {
    await assertAdmitted(async () => write(await testAccess.headers('writer')), 'writer', keys.writer.id);
    await assertAdmitted(async () => read(await testAccess.headers('writer')), 'writer', keys.writer.id);
    await assertAdmitted(async () => read(await testAccess.headers('reader')), 'reader', keys.reader.id);
  });

  it('no token: 401', async () => {
    await assertRefused(() => write({ 'x-api-key': keys.writer.value }), 'UNAUTHORIZED', 'missing_token');
    await assertRefused(() => read({}), 'UNAUTHORIZED', 'missing_token');
  });

  it('a malformed token: 401', async () => {
    for (const token of ['abc', 'Bearer a.b.c', 'a.b', 'a.b.c.d.e', `${base64url.encode('[')}.e30.x`]) {
      await assertRefused(() => write(withToken(token)), 'UNAUTHORIZED', 'malformed');
    }
  });

  it('alg none, and HS256 signed with the public key: 401', async () => {
    await assertRefused(
      () => write(withToken(`Bearer ${new UnsecuredJWT(writerClaims()).encode()}`)),
      'UNAUTHORIZED',
      'disallowed_algorithm',
    );
    const publicPem = createPublicKey({ key: testAccess.issuer.jwks.keys[0]!, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    const confused = await new SignJWT(writerClaims())
      .setProtectedHeader({ alg: 'HS256', kid: testAccess.signingKey.kid })
      .sign(new TextEncoder().encode(publicPem));
    await assertRefused(() => write(withToken(`Bearer ${confused}`)), 'UNAUTHORIZED', 'disallowed_algorithm');
  });

  it("an unknown kid, and another key under the issuer's kid: 401", async () => {
    const foreign = await createSigningKey();
    const unknownKid = await signWith(foreign, writerClaims());
    await assertRefused(() => write(withToken(`Bearer ${unknownKid}`)), 'UNAUTHORIZED', 'unknown_key');
    const impostor = await signWith(foreign, writerClaims(), testAccess.signingKey.kid);
    await assertRefused(() => write(withToken(`Bearer ${impostor}`)), 'UNAUTHORIZED', 'bad_signature');
  });

  it('expired, and not yet valid: 401', async () => {
    const now = Math.floor(testAccess.clock.now / 1000);
    const expired = await signWith(testAccess.signingKey, writerClaims({ iat: now - 3700, exp: now - 60 }));
    await assertRefused(() => write(withToken(`Bearer ${expired}`)), 'UNAUTHORIZED', 'expired');
    // A token the issuer signed that outlived its hour on the gateway's clock.
    const headers = await testAccess.headers('writer');
    testAccess.clock.now += 3_700_000;
    await assertRefused(() => write(headers), 'UNAUTHORIZED', 'expired');
    testAccess.clock.now = Date.now();
    const early = await signWith(testAccess.signingKey, writerClaims({ nbf: now + 600 }));
    await assertRefused(() => write(withToken(`Bearer ${early}`)), 'UNAUTHORIZED', 'not_yet_valid');
  });

  it("the wrong issuer (the issuer's own key), and a client the verifier does not allow: 401", async () => {
    const other = await createTokenIssuer({
      issuer: 'http://localhost:4000',
      clients: [{ clientId: 'writer', clientSecret: 'writer-secret-0123456789', allowedScopes: writeScopes }],
      signingKey: testAccess.signingKey,
    });
    const foreignIssuer = await other.issueAccessToken('writer', writeScopes);
    await assertRefused(() => write(withToken(`Bearer ${foreignIssuer}`)), 'UNAUTHORIZED', 'wrong_issuer');
    const stranger = await testAccess.issuer.issueAccessToken('stranger', writeScopes);
    await assertRefused(() => write(withToken(`Bearer ${stranger}`)), 'UNAUTHORIZED', 'client_not_allowed');
  });

  it('an ID token: 401', async () => {
    const now = Math.floor(testAccess.clock.now / 1000);
    const idToken = await signWith(testAccess.signingKey, {
      sub: '5f1e4c1a-0000-4000-8000-000000000000',
      aud: 'writer',
      token_use: 'id',
      'cognito:username': 'someone',
      auth_time: now,
      iss: issuerUrl,
      iat: now,
      exp: now + 3600,
    });
    await assertRefused(() => read(withToken(`Bearer ${idToken}`)), 'UNAUTHORIZED', 'not_an_access_token');
  });

  it('the read-only token on every write: 401 (a Cognito authorizer never answers 403 for a scope)', async () => {
    const headers = await testAccess.headers('reader');
    const secured = (Object.keys(operations) as OperationId[]).filter((id) => operations[id].scopes.length > 0);
    const [reads, writes] = [
      secured.filter((id) => operations[id].method === 'GET'),
      secured.filter((id) => operations[id].method !== 'GET'),
    ];
    assert.ok(reads.length > 0 && writes.length > 0, secured.join());
    for (const id of writes) await assertRefused(() => call(id, headers), 'UNAUTHORIZED', 'insufficient_scope');
    // Its reads are admitted.
    for (const id of reads) await assertAdmitted(() => call(id, headers), 'reader', keys.reader.id);
  });

  it('a tampered payload (the read-only token widened to write): 401', async () => {
    const [header, , signature] = (await testAccess.issuer.issueAccessToken('reader', readScopes)).split('.');
    const widened = base64url.encode(JSON.stringify(writerClaims({ sub: 'reader', client_id: 'reader' })));
    await assertRefused(
      () => write(withToken(`Bearer ${header}.${widened}.${signature}`)),
      'UNAUTHORIZED',
      'bad_signature',
    );
  });

  it('a valid token without an API key, with a wrong one, or with a disabled one: 403', async () => {
    const { Authorization } = await testAccess.headers('writer');
    await assertRefused(() => write({ Authorization }), 'INVALID_API_KEY');
    for (const wrong of [`${keys.writer.value}x`, keys.writer.value.slice(1), keys.writer.value.toUpperCase()]) {
      await assertRefused(() => write({ Authorization, 'x-api-key': wrong }), 'INVALID_API_KEY');
    }
    await assertRefused(() => write({ Authorization, 'x-api-key': keys.disabled.value }), 'INVALID_API_KEY');
    assert.match(log.at(-1)!.authorizeError ?? '', /disabled/);
    // The token was checked first: a bad token with no key is the token's refusal.
    await assertRefused(() => write({}), 'UNAUTHORIZED', 'missing_token');
  });

  it("over the contract plan's throttle: 429 THROTTLED until the bucket refills", async () => {
    const throttle = contractPlans.find((plan) => plan.id === keys.unused.planId)?.throttle;
    assert.ok(throttle, "the contract's plan has a throttle");
    const headers = await testAccess.headers('writer', keys.unused);
    // A key no other case used: its bucket is full, so exactly the burst passes on a frozen clock.
    const calls = invoker.calls;
    const statuses = await Promise.all(
      Array.from({ length: throttle.burstLimit }, async () => (await read(headers)).status),
    );
    assert.deepEqual(new Set(statuses), new Set([200]));
    assert.equal(invoker.calls, calls + throttle.burstLimit);
    await assertRefused(() => read(headers), 'THROTTLED');
    testAccess.clock.now += Math.ceil(1000 / throttle.rateLimit);
    await assertAdmitted(() => read(headers), 'writer', keys.unused.id);
    await assertRefused(() => read(headers), 'THROTTLED');
  });

  it('over the quota: 429 QUOTA_EXCEEDED until the next period', async () => {
    const { Authorization } = await testAccess.headers('writer');
    const headers = { Authorization, 'x-api-key': keys.tinyQuota.value };
    await assertAdmitted(() => read(headers), 'writer', keys.tinyQuota.id);
    await assertAdmitted(() => read(headers), 'writer', keys.tinyQuota.id);
    await assertRefused(() => read(headers), 'QUOTA_EXCEEDED');
    // A refused token is counted by no plan.
    await assertRefused(() => read({ 'x-api-key': keys.tinyQuota.value }), 'UNAUTHORIZED', 'missing_token');
    testAccess.clock.now += 86_400_000;
    const renewed = {
      Authorization: (await testAccess.headers('writer')).Authorization,
      'x-api-key': keys.tinyQuota.value,
    };
    await assertAdmitted(() => read(renewed), 'writer', keys.tinyQuota.id);
  });

  it("hands the function the token's claims and the API key, as API Gateway does", async () => {
    const headers = await testAccess.headers('reader');
    await assertAdmitted(() => read(headers), 'reader', keys.reader.id);
    const { authorizer, identity } = invoker.lastEvent!.requestContext;
    const payload = decodeJwt(headers.Authorization.replace(/^Bearer /, ''));
    assert.deepEqual(authorizer, {
      claims: {
        ...Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, String(value)])),
        exp: formatClaimDate(payload.exp!),
        iat: formatClaimDate(payload.iat!),
      },
    });
    assert.deepEqual([identity.apiKey, identity.apiKeyId], [keys.reader.value, keys.reader.id]);
  });

  it("formats exp and iat as API Gateway's claims do (a reported sample: iat 1469814773)", () => {
    assert.equal(formatClaimDate(1469814773), 'Fri Jul 29 17:52:53 UTC 2016');
    assert.equal(formatClaimDate(1469818373), 'Fri Jul 29 18:52:53 UTC 2016');
    assert.equal(formatClaimDate(1770000000), 'Mon Feb 02 02:40:00 UTC 2026');
  });

  it('asks nothing of GET /health and the CORS preflights', async () => {
    const calls = invoker.calls;
    assert.equal((await fetch(`${base}/health`)).status, 200);
    assert.equal(invoker.calls, calls + 1);
    assert.equal(invoker.lastEvent!.requestContext.authorizer, null);
    assert.deepEqual([invoker.lastEvent!.requestContext.identity.apiKey, log.at(-1)!.clientId], [null, null]);
    const preflight = await fetch(`${base}${resource.collectionPath}`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://example.com', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(preflight.status, 204);
  });

  it('never logs a token or an API key value', () => {
    const text = JSON.stringify(log);
    assert.doesNotMatch(text, /eyJ/);
    for (const key of Object.values(keys)) assert.ok(!text.includes(key.value), key.id);
  });
});

describe('the gateway enforces the body: random tokens (property)', () => {
  const numRuns = Number(process.env.PROPERTY_RUNS ?? 100);
  const seed = process.env.PROPERTY_SEED === undefined ? 1414 : Number(process.env.PROPERTY_SEED);
  // Header values fetch can send: printable ASCII (fast-check's default string unit).
  const segment = fc.oneof(
    fc.string(),
    fc.base64String(),
    fc.json().map((text) => base64url.encode(text)),
  );
  const jsonObject = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 8 });
  const method = fc.constantFrom(read, write);

  /** Sends the token (with a valid API key) and checks it got the authorizer's 401 without reaching the function. */
  async function refusedOutright(send: typeof read, authorization: string): Promise<void> {
    const calls = invoker.calls;
    const response = await send(withToken(authorization));
    await response.arrayBuffer();
    assert.equal(response.status, statusOf('UNAUTHORIZED'), authorization);
    assert.equal(invoker.calls, calls);
  }

  beforeEach(() => {
    testAccess.clock.now = Date.now();
  });

  it('random text and random three-part tokens', async () => {
    await fc.assert(
      fc.asyncProperty(
        method,
        fc.oneof(
          fc.string(),
          fc.tuple(segment, segment, segment).map((parts) => parts.join('.')),
        ),
        fc.boolean(),
        async (send, token, bearer) => refusedOutright(send, bearer ? `Bearer ${token}` : token),
      ),
      { numRuns, seed },
    );
  });

  it('random headers and claims with a random signature, and well-formed claims signed by a foreign key', async () => {
    const foreign = await createSigningKey();
    await fc.assert(
      fc.asyncProperty(
        method,
        jsonObject,
        jsonObject,
        fc.uint8Array({ minLength: 0, maxLength: 300 }),
        fc.boolean(),
        async (send, header, claims, signature, signForeign) => {
          const token = signForeign
            ? // Claims the gateway would admit, were they signed by the issuer.
              await signWith(
                foreign,
                writerClaims(),
                typeof header.kid === 'string' ? header.kid : testAccess.signingKey.kid,
              )
            : `${base64url.encode(JSON.stringify({ alg: 'RS256', kid: testAccess.signingKey.kid, ...header }))}.${base64url.encode(JSON.stringify({ ...writerClaims(), ...claims }))}.${base64url.encode(signature)}`;
          await refusedOutright(send, `Bearer ${token}`);
        },
      ),
      { numRuns, seed },
    );
  });
});
