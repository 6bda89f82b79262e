/**
 * Decides a request to the token endpoint the way Amazon Cognito's `/oauth2/token` does for the client_credentials
 * grant: which client it is, whether it may have a token, and with which scopes. Pure: no keys, no clock, no
 * socket, so every error path is a plain function call in tests.
 */
import { timingSafeEqual } from 'node:crypto';

/** A machine client as a user pool app client with a secret and the client_credentials flow declares it. */
export interface MachineClient {
  clientId: string;
  clientSecret: string;
  /** Full scope names (`<resource server identifier>/<scope>`), like the app client's allowed OAuth scopes. */
  allowedScopes: readonly string[];
}

/** The token endpoint's error codes (RFC 6749 section 5.2) that Cognito answers the client_credentials grant with. */
export type TokenErrorCode =
  'invalid_request' | 'invalid_client' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope';

export type TokenDecision =
  | { granted: true; clientId: string; scopes: readonly string[] }
  | { granted: false; error: TokenErrorCode; description: string };

export interface TokenRequest {
  /** The Content-Type header, if any. */
  contentType: string | undefined;
  /** The Authorization header, if any. */
  authorization: string | undefined;
  body: string;
}

const formMediaType = 'application/x-www-form-urlencoded';
// Grants Cognito knows but a machine client (client_credentials only) is not allowed: unauthorized_client.
const grantsOfOtherFlows = new Set(['authorization_code', 'refresh_token']);

function refuse(error: TokenErrorCode, description: string): TokenDecision {
  return { granted: false, error, description };
}

/** Constant-time comparison, so the time an answer takes says nothing about how much of a secret was right. */
function secretsEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // Compare against itself on a length mismatch so both branches do the same work.
  return timingSafeEqual(a, a.length === b.length ? b : a) && a.length === b.length;
}

interface PresentedCredentials {
  clientId: string;
  clientSecret: string | undefined;
}

/** HTTP Basic (`client_secret_basic`) or `client_id`/`client_secret` in the body (`client_secret_post`), never both. */
function presentedCredentials(
  authorization: string | undefined,
  form: URLSearchParams,
): PresentedCredentials | TokenDecision {
  const bodyId = form.get('client_id') ?? undefined;
  const bodySecret = form.get('client_secret') ?? undefined;
  if (authorization === undefined) {
    if (bodyId === undefined)
      return refuse('invalid_client', 'no client authentication: send HTTP Basic client_id:client_secret');
    return { clientId: bodyId, clientSecret: bodySecret };
  }
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
  if (match === null) return refuse('invalid_client', 'the Authorization header is not HTTP Basic');
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return refuse('invalid_client', 'HTTP Basic credentials must be client_id:client_secret');
  if (bodySecret !== undefined) {
    return refuse('invalid_request', 'client authentication in both the Authorization header and the body');
  }
  const clientId = decoded.slice(0, colon);
  if (bodyId !== undefined && bodyId !== clientId) {
    return refuse('invalid_client', 'client_id in the body differs from the one in the Authorization header');
  }
  return { clientId, clientSecret: decoded.slice(colon + 1) };
}

function isDecision(value: PresentedCredentials | TokenDecision): value is TokenDecision {
  return 'granted' in value;
}

/** Grants the requested scopes, or all the client's allowed scopes when it asks for none (Cognito's rule). */
function grantScopes(client: MachineClient, requested: string | null): TokenDecision {
  const names = [...new Set((requested ?? '').split(' ').filter((name) => name !== ''))];
  if (names.length === 0) return { granted: true, clientId: client.clientId, scopes: client.allowedScopes };
  const notAllowed = names.filter((name) => !client.allowedScopes.includes(name));
  if (notAllowed.length > 0)
    return refuse('invalid_scope', `scope not allowed for this client: ${notAllowed.join(' ')}`);
  return { granted: true, clientId: client.clientId, scopes: names };
}

export function decideTokenRequest(request: TokenRequest, clients: readonly MachineClient[]): TokenDecision {
  const mediaType = request.contentType?.split(';')[0]!.trim().toLowerCase();
  if (mediaType !== formMediaType) return refuse('invalid_request', `Content-Type must be ${formMediaType}`);
  const form = new URLSearchParams(request.body);
  const repeated = [...new Set([...form.keys()].filter((name) => form.getAll(name).length > 1))];
  if (repeated.length > 0) return refuse('invalid_request', `parameter repeated: ${repeated.join(', ')}`);
  const grantType = form.get('grant_type');
  if (grantType === null) return refuse('invalid_request', 'grant_type is required');
  if (grantType !== 'client_credentials' && !grantsOfOtherFlows.has(grantType)) {
    return refuse('unsupported_grant_type', `grant_type ${grantType} is not supported`);
  }
  const credentials = presentedCredentials(request.authorization, form);
  if (isDecision(credentials)) return credentials;
  const client = clients.find((candidate) => candidate.clientId === credentials.clientId);
  // An unknown client and a wrong secret get the same answer, so the endpoint does not confirm client ids.
  if (
    client === undefined ||
    credentials.clientSecret === undefined ||
    !secretsEqual(credentials.clientSecret, client.clientSecret)
  ) {
    return refuse('invalid_client', 'client authentication failed');
  }
  if (grantType !== 'client_credentials') {
    return refuse('unauthorized_client', `this client may only use grant_type client_credentials`);
  }
  return grantScopes(client, form.get('scope'));
}
