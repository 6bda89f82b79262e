/**
 * Credentials on every request: a bearer access token (static, from the caller's provider, or fetched with OAuth 2.0
 * client credentials and cached) and the API key header of the contract's API key scheme.
 */
import { infrastructure } from '@items-api/openapi/operations';

/** A fetch as openapi-fetch calls it. */
export type Fetch = (request: Request) => Promise<Response>;

/** OAuth 2.0 client credentials (RFC 6749 section 4.4) at a token endpoint such as Cognito's `/oauth2/token`. */
export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Full scope names, e.g. `items-api/items:read`; without them the token carries every scope the client may have. */
  scopes?: string[];
}

/** How the client gets the access token it sends as `Authorization: Bearer <token>`. */
export type ItemsAuth =
  /** A static access token. */
  | { token: string }
  /** Called for every request; caching is the caller's business. */
  | { tokenProvider: () => string | Promise<string> }
  /** Fetched from the token URL, cached until 60 s before it expires, fetched again once when the API answers 401. */
  | { clientCredentials: ClientCredentials };

/** A token endpoint that refused or could not be reached; names the status and the OAuth error, never the secret. */
export class TokenEndpointError extends Error {
  override name = 'TokenEndpointError';
  /** The HTTP status, or undefined when the endpoint gave no answer. */
  readonly status: number | undefined;
  /** The OAuth `error` code (e.g. `invalid_client`), when the endpoint sent one. */
  readonly error: string | undefined;

  constructor(message: string, status?: number, error?: string, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
    this.error = error;
  }
}

/** A token is renewed this long before it expires, so it does not expire in flight. */
export const tokenRenewalMarginMs = 60_000;

export interface AccessToken {
  value: string;
  /** Seconds the token is valid for, as the endpoint said (`expires_in`); undefined when it did not say. */
  expiresInSeconds: number | undefined;
}

/** `btoa` over UTF-8, for the HTTP Basic credentials. */
const base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

/** The OAuth error fields of a token endpoint's answer, if it is JSON that has them. */
async function oauthError(response: Response): Promise<{ error?: string; description?: string }> {
  try {
    const body = (await response.json()) as { error?: unknown; error_description?: unknown };
    return {
      ...(typeof body.error === 'string' && { error: body.error }),
      ...(typeof body.error_description === 'string' && { description: body.error_description }),
    };
  } catch {
    return {};
  }
}

/**
 * One token request: HTTP Basic client authentication (client_secret_basic; the ID and secret as they are, as
 * Cognito takes them), `grant_type=client_credentials` and the optional `scope`.
 */
export async function requestAccessToken(credentials: ClientCredentials, fetch: Fetch): Promise<AccessToken> {
  const { tokenUrl, clientId, clientSecret, scopes } = credentials;
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (scopes && scopes.length > 0) form.set('scope', scopes.join(' '));
  let response: Response;
  try {
    response = await fetch(
      new Request(tokenUrl, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${base64(`${clientId}:${clientSecret}`)}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: form.toString(),
      }),
    );
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new TokenEndpointError(`token endpoint ${tokenUrl} could not be reached: ${reason}`, undefined, undefined, {
      cause,
    });
  }
  if (!response.ok) {
    const { error, description } = await oauthError(response);
    const what = error ? `${error}${description ? ` (${description})` : ''}` : response.statusText || 'no OAuth error';
    throw new TokenEndpointError(
      `token endpoint ${tokenUrl} answered ${response.status} for client ${clientId}: ${what}`,
      response.status,
      error,
    );
  }
  let body: { access_token?: unknown; expires_in?: unknown };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new TokenEndpointError(
      `token endpoint ${tokenUrl} answered ${response.status} without JSON`,
      response.status,
    );
  }
  if (typeof body.access_token !== 'string' || body.access_token === '') {
    throw new TokenEndpointError(`token endpoint ${tokenUrl} answered without an access_token`, response.status);
  }
  const expiresIn = Number(body.expires_in);
  return { value: body.access_token, expiresInSeconds: Number.isFinite(expiresIn) ? expiresIn : undefined };
}

/** Where the access token of a request comes from. */
interface TokenSource {
  token(): Promise<string>;
  /**
   * Present when a refused request is worth sending again with a new token: drops `used` if it is still the cached
   * one (so concurrent refusals of one token renew it once).
   */
  renewAfterRefusal?(used: string): void;
}

/** Client credentials with a cache: one token until `tokenRenewalMarginMs` before it expires, one fetch in flight. */
export function clientCredentialsSource(
  credentials: ClientCredentials,
  fetch: Fetch,
  now: () => number = Date.now,
): TokenSource {
  if (!/^https?:\/\//.test(credentials.tokenUrl)) {
    throw new TypeError(`clientCredentials.tokenUrl must be an http(s) URL, got "${credentials.tokenUrl}"`);
  }
  let cached: { value: string; renewAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  const fetchToken = async (): Promise<string> => {
    const { value, expiresInSeconds } = await requestAccessToken(credentials, fetch);
    // Without `expires_in` the token is kept until the API refuses it.
    const renewAt = expiresInSeconds === undefined ? Infinity : now() + expiresInSeconds * 1000 - tokenRenewalMarginMs;
    cached = { value, renewAt };
    return value;
  };
  return {
    token() {
      if (cached && now() < cached.renewAt) return Promise.resolve(cached.value);
      inFlight ??= fetchToken().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    renewAfterRefusal(used) {
      if (cached?.value === used) cached = undefined;
    },
  };
}

function tokenSource(auth: ItemsAuth, fetch: Fetch): TokenSource {
  if ('token' in auth) return { token: () => Promise.resolve(auth.token) };
  if ('tokenProvider' in auth) return { token: async () => auth.tokenProvider() };
  return clientCredentialsSource(auth.clientCredentials, fetch);
}

/** The header the contract's API key scheme names (API Gateway's `x-api-key`). */
export const apiKeyHeader: string = infrastructure.access.apiKeyHeader;

/**
 * A fetch that adds the API key and the bearer token to every request; when the token source can renew, a 401 renews
 * the token and sends the request once more (from a copy taken before the first send, so its body can be replayed).
 */
export function authorizedFetch(fetch: Fetch, auth: ItemsAuth | undefined, apiKey: string | undefined): Fetch {
  const source = auth && tokenSource(auth, fetch);
  const send = async (request: Request): Promise<{ response: Response; token: string | undefined }> => {
    if (apiKey !== undefined) request.headers.set(apiKeyHeader, apiKey);
    const token = source && (await source.token());
    if (token !== undefined) request.headers.set('Authorization', `Bearer ${token}`);
    return { response: await fetch(request), token };
  };
  return async (request) => {
    const replay = source?.renewAfterRefusal ? request.clone() : undefined;
    const first = await send(request);
    if (first.response.status !== 401 || !replay || first.token === undefined) return first.response;
    source?.renewAfterRefusal?.(first.token);
    // The refused answer is dropped unread: release its body.
    await first.response.body?.cancel();
    return (await send(replay)).response;
  };
}
