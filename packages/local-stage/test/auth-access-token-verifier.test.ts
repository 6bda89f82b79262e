/**
 * The bad-credentials matrix against the access token verifier: each forged, stale or misdirected token is
 * refused with the rule it broke and API Gateway's answer for a Cognito authorizer (UNAUTHORIZED, 401); a
 * read-only token passes the read check and fails the write check; random tokens never verify.
 */
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { base64url, generateKeyPair, SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';
import {
  createAccessTokenVerifier,
  type AccessTokenVerifier,
  type TokenRejection,
} from '../src/auth/access-token-verifier.ts';
import { createSigningKey, type SigningKey } from '../src/auth/signing-key.ts';
import { createTokenIssuer, type TokenIssuer } from '../src/auth/token-issuer.ts';
import { accessTokenClaims, signWith } from './support/gateway-access.ts';

const issuerUrl = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_local';
const read = 'items/items:read';
const write = 'items/items:write';
const clients = [
  { clientId: 'reader', clientSecret: 'reader-secret-0123456789', allowedScopes: [read] },
  { clientId: 'writer', clientSecret: 'writer-secret-0123456789', allowedScopes: [read, write] },
  { clientId: 'stranger', clientSecret: 'stranger-secret-012345', allowedScopes: [read, write] },
];

let key: SigningKey;
let issuer: TokenIssuer;
let verifier: AccessTokenVerifier;

before(async () => {
  key = await createSigningKey();
  issuer = await createTokenIssuer({ issuer: issuerUrl, clients, signingKey: key });
  verifier = createAccessTokenVerifier({
    issuer: issuerUrl,
    keys: issuer.keys,
    allowedClientIds: ['reader', 'writer'],
  });
});

/** Claims as the issuer would sign them for `writer`, now. */
function accessClaims(overrides: JWTPayload = {}): JWTPayload {
  return accessTokenClaims(issuerUrl, 'writer', [read, write], Math.floor(Date.now() / 1000), overrides);
}

async function assertRefused(
  authorization: string | undefined,
  rejection: TokenRejection,
  scopes = [write],
): Promise<void> {
  const result = await verifier.verify(authorization, scopes);
  assert.equal(result.ok, false, 'must not verify');
  if (result.ok) return;
  assert.equal(result.rejection, rejection, result.detail);
  assert.equal(result.responseType, 'UNAUTHORIZED');
  assert.equal(result.statusCode, 401);
}

describe('access token verifier: the bad-credentials matrix', () => {
  it('accepts a token from the issuer, raw or as Bearer', async () => {
    const token = await issuer.issueAccessToken('writer', [read, write]);
    for (const authorization of [`Bearer ${token}`, token, `bearer  ${token}`]) {
      const result = await verifier.verify(authorization, [write]);
      assert.equal(result.ok, true, JSON.stringify(result));
      if (result.ok) assert.deepEqual(result.claims.scopes, [read, write]);
    }
  });

  it('no token: missing_token', async () => {
    await assertRefused(undefined, 'missing_token');
    await assertRefused('', 'missing_token');
    await assertRefused('Bearer ', 'malformed');
  });

  it('malformed: not a JWS', async () => {
    for (const text of ['abc', 'a.b.c', 'Bearer x.y', `${base64url.encode('{"alg":"RS256"}')}.e30`, 'a.b.c.d.e']) {
      await assertRefused(text, 'malformed');
    }
  });

  it('alg none: disallowed_algorithm', async () => {
    await assertRefused(new UnsecuredJWT(accessClaims()).encode(), 'disallowed_algorithm');
  });

  it('HS256 signed with the public key (algorithm confusion): disallowed_algorithm', async () => {
    const publicPem = createPublicKey({ key: key.jwks.keys[0]!, format: 'jwk' }).export({
      type: 'spki',
      format: 'pem',
    });
    const token = await new SignJWT(accessClaims())
      .setProtectedHeader({ alg: 'HS256', kid: key.kid })
      .sign(new TextEncoder().encode(publicPem.toString()));
    await assertRefused(token, 'disallowed_algorithm');
  });

  it('RS384/PS256 under the issuer kid are outside the allow-list too', async () => {
    for (const alg of ['RS384', 'PS256']) {
      const { privateKey } = await generateKeyPair(alg);
      const token = await new SignJWT(accessClaims()).setProtectedHeader({ alg, kid: key.kid }).sign(privateKey);
      await assertRefused(token, 'disallowed_algorithm');
    }
  });

  it('unknown kid: unknown_key', async () => {
    const foreign = await createSigningKey();
    await assertRefused(await signWith(foreign, accessClaims()), 'unknown_key');
    await assertRefused(
      await new SignJWT(accessClaims()).setProtectedHeader({ alg: 'RS256' }).sign(foreign.privateKey),
      'bad_signature',
    );
  });

  it("another key under the issuer's kid: bad_signature", async () => {
    const foreign = await createSigningKey();
    await assertRefused(await signWith(foreign, accessClaims(), key.kid), 'bad_signature');
  });

  it('expired: expired (beyond the clock skew), accepted within it', async () => {
    const now = Math.floor(Date.now() / 1000);
    await assertRefused(await signWith(key, accessClaims({ iat: now - 3700, exp: now - 60 })), 'expired');
    const withinSkew = await verifier.verify(await signWith(key, accessClaims({ iat: now - 3600, exp: now - 2 })), [
      write,
    ]);
    assert.equal(withinSkew.ok, true);
    const past = await createTokenIssuer({
      issuer: issuerUrl,
      clients,
      signingKey: key,
      now: () => Date.now() - 7_200_000,
    });
    await assertRefused(await past.issueAccessToken('writer', [write]), 'expired');
  });

  it('not yet valid: not_yet_valid', async () => {
    const now = Math.floor(Date.now() / 1000);
    await assertRefused(await signWith(key, accessClaims({ nbf: now + 600 })), 'not_yet_valid');
  });

  it('wrong issuer: wrong_issuer, even signed by the right key', async () => {
    const other = await createTokenIssuer({
      issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_other',
      clients,
      signingKey: key,
    });
    await assertRefused(await other.issueAccessToken('writer', [write]), 'wrong_issuer');
  });

  it('wrong client: client_not_allowed', async () => {
    await assertRefused(await issuer.issueAccessToken('stranger', [read, write]), 'client_not_allowed');
  });

  it('an id token instead of an access token: not_an_access_token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const idToken = await signWith(key, {
      sub: '5f1e4c1a-0000-4000-8000-000000000000',
      aud: 'writer',
      token_use: 'id',
      'cognito:username': 'someone',
      auth_time: now,
      iss: issuerUrl,
      iat: now,
      exp: now + 3600,
    });
    await assertRefused(idToken, 'not_an_access_token');
  });

  it('missing required claims: missing_claim', async () => {
    for (const name of ['exp', 'iat', 'sub', 'client_id', 'scope']) {
      const claims = accessClaims();
      delete claims[name];
      await assertRefused(await signWith(key, claims), 'missing_claim');
    }
  });

  it('missing scope: insufficient_scope', async () => {
    await assertRefused(await issuer.issueAccessToken('reader', [read]), 'insufficient_scope', [write]);
    await assertRefused(await issuer.issueAccessToken('writer', [read]), 'insufficient_scope', [write]);
  });

  it('a tampered payload: bad_signature', async () => {
    const [header, , signature] = (await issuer.issueAccessToken('reader', [read])).split('.');
    const widened = base64url.encode(JSON.stringify({ ...accessClaims({ sub: 'reader', client_id: 'reader' }) }));
    await assertRefused(`${header}.${widened}.${signature}`, 'bad_signature');
  });
});

describe('access token verifier: scopes per method', () => {
  it('a read-only token passes the read check and fails the write check', async () => {
    const token = await issuer.issueAccessToken('reader', [read]);
    assert.equal((await verifier.verify(token, [read])).ok, true);
    await assertRefused(token, 'insufficient_scope', [write]);
  });

  it('like API Gateway, a method with several scopes admits a token holding any one of them', async () => {
    const token = await issuer.issueAccessToken('reader', [read]);
    assert.equal((await verifier.verify(token, [write, read])).ok, true);
  });

  it('a method without scopes is a caller error (ID-token authorization is not emulated)', async () => {
    await assert.rejects(verifier.verify(await issuer.issueAccessToken('reader', [read]), []), /at least one scope/);
  });

  it('refuses an out-of-range clock skew at construction', () => {
    assert.throws(
      () => createAccessTokenVerifier({ issuer: issuerUrl, keys: issuer.keys, clockSkewSeconds: -1 }),
      /0 to 300/,
    );
  });
});

describe('access token verifier: a token verified before', () => {
  it('expires on time: the clock is checked on every request, not only the first', async () => {
    let clock = Date.now();
    const clocked = createAccessTokenVerifier({ issuer: issuerUrl, keys: issuer.keys, now: () => clock });
    const seconds = Math.floor(clock / 1000);
    const token = await signWith(key, accessClaims({ iat: seconds, exp: seconds + 60 }));
    assert.equal((await clocked.verify(token, [write])).ok, true);
    clock += 64_000; // within the 5 s skew
    assert.equal((await clocked.verify(token, [write])).ok, true);
    clock += 2_000;
    const late = await clocked.verify(token, [write]);
    assert.equal(late.ok ? 'verified' : late.rejection, 'expired');
  });

  it('is not yet valid again when the clock goes back before its nbf', async () => {
    let clock = Date.now();
    const clocked = createAccessTokenVerifier({ issuer: issuerUrl, keys: issuer.keys, now: () => clock });
    const token = await signWith(key, accessClaims({ nbf: Math.floor(clock / 1000) }));
    assert.equal((await clocked.verify(token, [write])).ok, true);
    clock -= 60_000;
    const early = await clocked.verify(token, [write]);
    assert.equal(early.ok ? 'verified' : early.rejection, 'not_yet_valid');
  });

  it("still needs the method's scope and an allowed client each time", async () => {
    const readOnly = await issuer.issueAccessToken('reader', [read]);
    assert.equal((await verifier.verify(readOnly, [read])).ok, true);
    await assertRefused(readOnly, 'insufficient_scope');
    const stranger = await issuer.issueAccessToken('stranger', [read]);
    await assertRefused(stranger, 'client_not_allowed', [read]);
    await assertRefused(stranger, 'client_not_allowed', [read]);
  });

  it('vouches for its exact text only: one changed byte is verified afresh and refused', async () => {
    const token = await issuer.issueAccessToken('writer', [write]);
    assert.equal((await verifier.verify(token, [write])).ok, true);
    // A byte in the middle of the signature: the last character of its base64url text holds padding bits too.
    const at = token.length - 20;
    const changed = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
    await assertRefused(changed, 'bad_signature');
  });
});

describe('access token verifier: random tokens never verify (property)', () => {
  const numRuns = Number(process.env.PROPERTY_RUNS ?? 150);
  const seed = process.env.PROPERTY_SEED === undefined ? 1414 : Number(process.env.PROPERTY_SEED);
  const segment = fc.oneof(
    fc.string(),
    fc.base64String(),
    fc.json().map((text) => base64url.encode(text)),
  );
  const jsonObject = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 8 });

  it('random text and random three-part tokens', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.tuple(segment, segment, segment).map((parts) => parts.join('.')),
        ),
        async (token) => {
          const result = await verifier.verify(token, [read]);
          assert.equal(result.ok, false);
        },
      ),
      { numRuns, seed },
    );
  });

  it('random headers and claims with a random signature, and random claims signed by a foreign key', async () => {
    const foreign = await createSigningKey();
    await fc.assert(
      fc.asyncProperty(
        jsonObject,
        jsonObject,
        fc.uint8Array({ minLength: 0, maxLength: 300 }),
        fc.boolean(),
        async (header, claims, signature, signForeign) => {
          const payload = { ...accessClaims(), ...claims };
          const token = signForeign
            ? await signWith(foreign, payload, typeof header.kid === 'string' ? header.kid : key.kid)
            : `${base64url.encode(JSON.stringify({ alg: 'RS256', kid: key.kid, ...header }))}.${base64url.encode(JSON.stringify(payload))}.${base64url.encode(signature)}`;
          const result = await verifier.verify(`Bearer ${token}`, [read]);
          assert.equal(result.ok, false);
          if (!result.ok) assert.equal(result.statusCode, 401);
        },
      ),
      { numRuns, seed },
    );
  });
});
