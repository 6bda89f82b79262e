/**
 * A local stand-in for a Cognito user pool's OAuth 2.0 endpoints, for machine clients: `POST /oauth2/token`
 * (client_credentials) issues RS256 access tokens with Cognito's claims, `GET /.well-known/jwks.json` publishes
 * the public key. What it decides is `decideTokenRequest`'s; this file signs and speaks HTTP.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, SignJWT, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { createSigningKey, signingAlgorithm, type SigningKey } from './signing-key.ts';
import { decideTokenRequest, type MachineClient, type TokenErrorCode } from './token-request.ts';

export const tokenPath = '/oauth2/token';
export const jwksPath = '/.well-known/jwks.json';

// Cognito's default access token validity (60 minutes); an app client may set 5 minutes to 1 day.
const defaultAccessTokenValiditySeconds = 3600;
const minimumValiditySeconds = 300;
const maximumValiditySeconds = 86_400;
// A form with three short fields; anything far larger is not a token request.
const maximumBodyBytes = 16 * 1024;

export interface TokenIssuerOptions {
  /** The `iss` claim: on AWS `https://cognito-idp.<region>.amazonaws.com/<user pool id>`. */
  issuer: string;
  clients: readonly MachineClient[];
  accessTokenValiditySeconds?: number;
  /** Milliseconds since the epoch; injectable so tests can mint tokens in the past or future. */
  now?: () => number;
  /** A key to sign with; a fresh one by default. Tests pass one to forge tokens with the issuer's own key. */
  signingKey?: SigningKey;
}

export interface TokenIssuer {
  issuer: string;
  jwks: JSONWebKeySet;
  /** The key set a verifier resolves `kid`s against, in process (what a remote JWKS fetch would give). */
  keys: JWTVerifyGetKey;
  /** Signs an access token for a client as the token endpoint would, without the HTTP round trip. */
  issueAccessToken(clientId: string, scopes: readonly string[]): Promise<string>;
  /** The node:http request listener serving both endpoints. */
  handle(request: IncomingMessage, response: ServerResponse): void;
  /** Replaces what a client may ask for from now on (as an app client's allowed scopes are updated). */
  allowScopes(clientId: string, scopes: readonly string[]): void;
}

export interface AccessTokenResponse {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
}

function validateOptions(options: TokenIssuerOptions, validity: number): void {
  if (!/^https?:\/\/[^\s/]+/.test(options.issuer)) {
    throw new Error(`token issuer: issuer must be an http(s) URL, got ${JSON.stringify(options.issuer)}`);
  }
  if (!Number.isInteger(validity) || validity < minimumValiditySeconds || validity > maximumValiditySeconds) {
    throw new Error(
      `token issuer: accessTokenValiditySeconds must be an integer from ${minimumValiditySeconds} to ${maximumValiditySeconds} (Cognito's range), got ${validity}`,
    );
  }
  const ids = options.clients.map((client) => client.clientId);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate !== undefined) throw new Error(`token issuer: client ${duplicate} is declared twice`);
  for (const client of options.clients) {
    if (client.clientId === '' || client.clientId.includes(':')) {
      throw new Error(`token issuer: client id ${JSON.stringify(client.clientId)} must be non-empty without ':'`);
    }
    if (client.clientSecret.length < 16)
      throw new Error(`token issuer: client ${client.clientId} needs a secret of at least 16 characters`);
    if (client.allowedScopes.length === 0)
      throw new Error(`token issuer: client ${client.clientId} has no allowed scopes`);
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, {
    'Content-Type': 'application/json;charset=UTF-8',
    // Cognito's token endpoint allows any origin; tokens and errors must never be cached.
    'Access-Control-Allow-Origin': '*',
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    ...headers,
  });
  response.end(JSON.stringify(body));
}

function sendTokenError(response: ServerResponse, error: TokenErrorCode, description: string): void {
  // Cognito's token endpoint page shows every error as 400 with {"error": ...}, invalid_client included (RFC 6749
  // would allow 401 with WWW-Authenticate there); the description is this emulator's addition for humans.
  sendJson(response, 400, { error, error_description: description });
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maximumBodyBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function createTokenIssuer(options: TokenIssuerOptions): Promise<TokenIssuer> {
  const validity = options.accessTokenValiditySeconds ?? defaultAccessTokenValiditySeconds;
  validateOptions(options, validity);
  const now = options.now ?? Date.now;
  const signingKey = options.signingKey ?? (await createSigningKey());
  const clients = [...options.clients];

  async function issueAccessToken(clientId: string, scopes: readonly string[]): Promise<string> {
    const issuedAt = Math.floor(now() / 1000);
    // Cognito's access token claims for a client_credentials grant: the client is its own subject.
    return new SignJWT({
      token_use: 'access',
      scope: scopes.join(' '),
      auth_time: issuedAt,
      version: 2,
      client_id: clientId,
    })
      .setProtectedHeader({ alg: signingAlgorithm, kid: signingKey.kid })
      .setSubject(clientId)
      .setIssuer(options.issuer)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + validity)
      .setJti(randomUUID())
      .sign(signingKey.privateKey);
  }

  async function serveToken(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    if (body === undefined) return sendTokenError(response, 'invalid_request', 'request body too large');
    const decision = decideTokenRequest(
      { contentType: request.headers['content-type'], authorization: request.headers.authorization, body },
      clients,
    );
    if (!decision.granted) return sendTokenError(response, decision.error, decision.description);
    const answer: AccessTokenResponse = {
      access_token: await issueAccessToken(decision.clientId, decision.scopes),
      expires_in: validity,
      token_type: 'Bearer',
    };
    sendJson(response, 200, answer);
  }

  function route(request: IncomingMessage, response: ServerResponse): Promise<void> | void {
    const path = (request.url ?? '/').split('?')[0];
    if (path === tokenPath) {
      if (request.method !== 'POST') return sendJson(response, 405, { error: 'invalid_request' }, { Allow: 'POST' });
      return serveToken(request, response);
    }
    if (path === jwksPath) {
      if (request.method !== 'GET') return sendJson(response, 405, { error: 'invalid_request' }, { Allow: 'GET' });
      return sendJson(response, 200, signingKey.jwks, { 'Cache-Control': 'max-age=300' });
    }
    sendJson(response, 404, { error: 'not_found' });
  }

  return {
    issuer: options.issuer,
    jwks: signingKey.jwks,
    keys: createLocalJWKSet(signingKey.jwks),
    issueAccessToken,
    handle(request, response) {
      Promise.resolve(route(request, response)).catch((error: unknown) => {
        // Nothing above throws on bad input; reaching here is a bug, reported as Cognito's internal error.
        console.error('token issuer:', error);
        if (!response.headersSent) sendJson(response, 500, { error: 'server_error' });
        else response.destroy();
      });
    },
    allowScopes(clientId, scopes) {
      const index = clients.findIndex((client) => client.clientId === clientId);
      const client = clients[index];
      if (!client) throw new Error(`token issuer: no client ${clientId}`);
      if (scopes.length === 0) throw new Error(`token issuer: client ${clientId} would have no allowed scopes`);
      clients[index] = { ...client, allowedScopes: [...scopes] };
    },
  };
}

export interface RunningTokenIssuer {
  /** Where the endpoints are served, e.g. `http://127.0.0.1:4567`; also the issuer (`iss`). */
  url: string;
  issuer: TokenIssuer;
  close(): Promise<void>;
}

/** Serves a token issuer on loopback; the issuer URL is the server's own, known once it listens. */
export async function startTokenIssuer(
  options: Omit<TokenIssuerOptions, 'issuer'> & { host?: string; port?: number },
): Promise<RunningTokenIssuer> {
  const host = options.host ?? '127.0.0.1';
  let issuer: TokenIssuer | undefined;
  const server = createServer((request, response) => {
    // A request racing the first key generation is answered, not crashed on.
    if (issuer === undefined) return sendJson(response, 503, { error: 'temporarily_unavailable' });
    issuer.handle(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  try {
    issuer = await createTokenIssuer({ ...options, issuer: url });
  } catch (error) {
    server.close();
    throw error;
  }
  return {
    url,
    issuer,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
