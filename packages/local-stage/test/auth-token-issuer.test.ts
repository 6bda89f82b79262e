/**
 * The local token issuer over real HTTP on loopback: Cognito's client_credentials grant (HTTP Basic and
 * client_secret_post), each documented error answer, and the JWKS the verifier resolves keys from.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { createAccessTokenVerifier } from '../src/auth/access-token-verifier.ts';
import {
  createTokenIssuer,
  jwksPath,
  startTokenIssuer,
  tokenPath,
  type RunningTokenIssuer,
} from '../src/auth/token-issuer.ts';
import type { MachineClient } from '../src/auth/token-request.ts';

const reader: MachineClient = {
  clientId: 'reader-client',
  clientSecret: 'reader-secret-0123456789',
  allowedScopes: ['items/items:read'],
};
const writer: MachineClient = {
  clientId: 'writer-client',
  clientSecret: 'writer-secret-0123456789',
  allowedScopes: ['items/items:read', 'items/items:write'],
};
const form = 'application/x-www-form-urlencoded';

let running: RunningTokenIssuer;

before(async () => {
  running = await startTokenIssuer({ clients: [reader, writer] });
});
after(() => running.close());

function basic(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
}

async function requestToken(
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${running.url}${tokenPath}`, { method: 'POST', headers, body });
  return {
    status: response.status,
    json: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

async function assertTokenError(body: string, headers: Record<string, string>, error: string): Promise<void> {
  const answer = await requestToken(body, headers);
  assert.equal(answer.status, 400, JSON.stringify(answer.json));
  assert.equal(answer.json.error, error);
  assert.equal(answer.json.access_token, undefined);
  assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
}

describe('token endpoint: client_credentials', () => {
  it('issues a Cognito-shaped RS256 access token with all allowed scopes when none are requested', async () => {
    const before = Math.floor(Date.now() / 1000);
    const answer = await requestToken('grant_type=client_credentials', {
      'Content-Type': form,
      Authorization: basic(writer.clientId, writer.clientSecret),
    });
    assert.equal(answer.status, 200);
    assert.deepEqual(Object.keys(answer.json).sort(), ['access_token', 'expires_in', 'token_type']);
    assert.equal(answer.json.token_type, 'Bearer');
    assert.equal(answer.json.expires_in, 3600);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    const token = answer.json.access_token as string;
    const header = decodeProtectedHeader(token);
    assert.equal(header.alg, 'RS256');
    assert.equal(header.kid, running.issuer.jwks.keys[0]!.kid);
    const claims = decodeJwt(token);
    assert.deepEqual(Object.keys(claims).sort(), [
      'auth_time',
      'client_id',
      'exp',
      'iat',
      'iss',
      'jti',
      'scope',
      'sub',
      'token_use',
      'version',
    ]);
    assert.equal(claims.sub, writer.clientId);
    assert.equal(claims.client_id, writer.clientId);
    assert.equal(claims.token_use, 'access');
    assert.equal(claims.scope, 'items/items:read items/items:write');
    assert.equal(claims.iss, running.url);
    assert.equal(claims.version, 2);
    assert.ok(claims.iat! >= before && claims.exp === claims.iat! + 3600 && claims.auth_time === claims.iat);
    const verifier = createAccessTokenVerifier({ issuer: running.issuer.issuer, keys: running.issuer.keys });
    assert.equal((await verifier.verify(`Bearer ${token}`, ['items/items:write'])).ok, true);
  });

  it('grants only the requested scopes', async () => {
    const answer = await requestToken('grant_type=client_credentials&scope=items%2Fitems%3Aread', {
      'Content-Type': `${form}; charset=UTF-8`,
      Authorization: basic(writer.clientId, writer.clientSecret),
    });
    assert.equal(answer.status, 200);
    assert.equal(decodeJwt(answer.json.access_token as string).scope, 'items/items:read');
  });

  it('accepts client_id and client_secret in the body (client_secret_post), as Cognito does', async () => {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: reader.clientId,
      client_secret: reader.clientSecret,
    });
    const answer = await requestToken(body.toString(), { 'Content-Type': form });
    assert.equal(answer.status, 200);
    assert.equal(decodeJwt(answer.json.access_token as string).client_id, reader.clientId);
  });

  it('gives every token a distinct jti', async () => {
    const tokens = await Promise.all(
      [1, 2].map(() => running.issuer.issueAccessToken(reader.clientId, reader.allowedScopes)),
    );
    assert.notEqual(decodeJwt(tokens[0]!).jti, decodeJwt(tokens[1]!).jti);
  });
});

describe('token endpoint: errors as Cognito answers them (400 with {"error": ...})', () => {
  const headers = { 'Content-Type': form, Authorization: basic(reader.clientId, reader.clientSecret) };

  it('a wrong secret is invalid_client', () =>
    assertTokenError(
      'grant_type=client_credentials',
      { ...headers, Authorization: basic(reader.clientId, 'not-the-secret-at-all') },
      'invalid_client',
    ));
  it('a secret that is a prefix of the right one is invalid_client', () =>
    assertTokenError(
      'grant_type=client_credentials',
      { ...headers, Authorization: basic(reader.clientId, reader.clientSecret.slice(0, -1)) },
      'invalid_client',
    ));
  it('an unknown client is invalid_client', () =>
    assertTokenError(
      'grant_type=client_credentials',
      { ...headers, Authorization: basic('nobody', reader.clientSecret) },
      'invalid_client',
    ));
  it('no client authentication is invalid_client', () =>
    assertTokenError('grant_type=client_credentials', { 'Content-Type': form }, 'invalid_client'));
  it('a client_id without its secret is invalid_client', () =>
    assertTokenError(
      `grant_type=client_credentials&client_id=${reader.clientId}`,
      { 'Content-Type': form },
      'invalid_client',
    ));
  it('a non-Basic Authorization header is invalid_client', () =>
    assertTokenError('grant_type=client_credentials', { ...headers, Authorization: 'Bearer abc' }, 'invalid_client'));
  it('Basic credentials without a colon are invalid_client', () =>
    assertTokenError(
      'grant_type=client_credentials',
      { ...headers, Authorization: `Basic ${Buffer.from('nocolon').toString('base64')}` },
      'invalid_client',
    ));
  it('a body client_id other than the Basic one is invalid_client', () =>
    assertTokenError(`grant_type=client_credentials&client_id=${writer.clientId}`, headers, 'invalid_client'));
  it('Basic and a body secret together are invalid_request', () =>
    assertTokenError(`grant_type=client_credentials&client_secret=${reader.clientSecret}`, headers, 'invalid_request'));
  it('a scope the client is not allowed is invalid_scope', () =>
    assertTokenError('grant_type=client_credentials&scope=items%2Fitems%3Awrite', headers, 'invalid_scope'));
  it('an allowed scope next to a foreign one is invalid_scope', () =>
    assertTokenError('grant_type=client_credentials&scope=items%2Fitems%3Aread+openid', headers, 'invalid_scope'));
  it('an unknown grant type is unsupported_grant_type', () =>
    assertTokenError('grant_type=password', headers, 'unsupported_grant_type'));
  it("another flow's grant type is unauthorized_client for a machine client", () =>
    assertTokenError('grant_type=authorization_code&code=x', headers, 'unauthorized_client'));
  it('no grant_type is invalid_request', () =>
    assertTokenError('scope=items%2Fitems%3Aread', headers, 'invalid_request'));
  it('a repeated parameter is invalid_request', () =>
    assertTokenError('grant_type=client_credentials&grant_type=client_credentials', headers, 'invalid_request'));
  it('a JSON body is invalid_request', () =>
    assertTokenError(
      JSON.stringify({ grant_type: 'client_credentials' }),
      { ...headers, 'Content-Type': 'application/json' },
      'invalid_request',
    ));
  it('a body without Content-Type is invalid_request', async () => {
    const response = await fetch(`${running.url}${tokenPath}`, {
      method: 'POST',
      headers: { Authorization: headers.Authorization },
      body: new Blob(['grant_type=client_credentials']),
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_request');
  });
  it('an oversized body is invalid_request', () =>
    assertTokenError(`grant_type=client_credentials&pad=${'x'.repeat(20_000)}`, headers, 'invalid_request'));
  it('GET on the token endpoint is 405 with Allow: POST', async () => {
    const response = await fetch(`${running.url}${tokenPath}`);
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'POST');
  });
  it('an unknown path is 404', async () => {
    const response = await fetch(`${running.url}/oauth2/authorize`);
    assert.equal(response.status, 404);
    await response.body?.cancel();
  });
});

describe('JWKS endpoint', () => {
  it('publishes exactly the public RSA signing key, by kid', async () => {
    const response = await fetch(`${running.url}${jwksPath}`);
    assert.equal(response.status, 200);
    const jwks = (await response.json()) as { keys: Record<string, unknown>[] };
    assert.equal(jwks.keys.length, 1);
    const [key] = jwks.keys;
    assert.deepEqual(Object.keys(key!).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
    assert.equal(key!.kty, 'RSA');
    assert.equal(key!.alg, 'RS256');
    assert.equal(key!.use, 'sig');
    assert.equal(key!.e, 'AQAB');
    assert.ok(Buffer.from(key!.n as string, 'base64url').length >= 256, '2048-bit modulus');
    assert.deepEqual(jwks, running.issuer.jwks);
  });

  it('a new issuer has a new key', async () => {
    const other = await createTokenIssuer({ issuer: 'http://127.0.0.1:1', clients: [reader] });
    assert.notEqual(other.jwks.keys[0]!.kid, running.issuer.jwks.keys[0]!.kid);
    assert.notEqual(other.jwks.keys[0]!.n, running.issuer.jwks.keys[0]!.n);
  });
});

describe('token issuer configuration', () => {
  const cases: [string, Parameters<typeof createTokenIssuer>[0], RegExp][] = [
    ['a non-URL issuer', { issuer: 'issuer', clients: [reader] }, /issuer must be an http\(s\) URL/],
    [
      'a validity outside Cognito range',
      { issuer: 'http://x', clients: [reader], accessTokenValiditySeconds: 60 },
      /5 minutes|from 300 to 86400/,
    ],
    ['a client declared twice', { issuer: 'http://x', clients: [reader, reader] }, /declared twice/],
    ['a short secret', { issuer: 'http://x', clients: [{ ...reader, clientSecret: 'short' }] }, /at least 16/],
    [
      'a client without scopes',
      { issuer: 'http://x', clients: [{ ...reader, allowedScopes: [] }] },
      /no allowed scopes/,
    ],
    ['a client id with a colon', { issuer: 'http://x', clients: [{ ...reader, clientId: 'a:b' }] }, /without ':'/],
  ];
  for (const [name, options, message] of cases) {
    it(`refuses ${name}`, () => assert.rejects(createTokenIssuer(options), message));
  }
});
