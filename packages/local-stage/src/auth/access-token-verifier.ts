/**
 * Verifies a bearer token the way API Gateway's Cognito user pool authorizer (COGNITO_USER_POOLS) does for a
 * method with authorization scopes: an RS256 signature by a key of the issuer's JWKS, picked by `kid`; `exp`
 * (and `nbf` when present) with a small clock skew; the issuer; `token_use: access`; the app client (when a set
 * is configured); and at least one of the method's scopes in the token's `scope`. Every refusal names the rule
 * that failed and the gateway response API Gateway answers it with.
 */
import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { signingAlgorithm } from './signing-key.ts';

/** Which rule a token broke. */
export type TokenRejection =
  | 'missing_token'
  | 'malformed'
  | 'disallowed_algorithm'
  | 'unknown_key'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_issuer'
  | 'missing_claim'
  | 'not_an_access_token'
  | 'client_not_allowed'
  | 'insufficient_scope';

/**
 * API Gateway answers every Cognito authorizer refusal with the UNAUTHORIZED gateway response (401 Unauthorized),
 * insufficient scope included: ACCESS_DENIED (403) is what a Lambda authorizer's Deny policy or a resource policy
 * raises, not the Cognito authorizer (docs/access-control.md says what this rests on).
 */
export const authorizerRefusal = { responseType: 'UNAUTHORIZED', statusCode: 401 } as const;

/** The claims of a Cognito access token from a client_credentials grant. */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  client_id: string;
  token_use: 'access';
  scopes: readonly string[];
  exp: number;
  iat: number;
  jti?: string;
}

export type TokenVerification =
  | {
      ok: true;
      claims: AccessTokenClaims;
      /** Every claim as signed, for what API Gateway hands on to the integration. */
      payload: JWTPayload;
    }
  | {
      ok: false;
      rejection: TokenRejection;
      /** For logs; never sent to the client (API Gateway only says "Unauthorized"). */
      detail: string;
      responseType: typeof authorizerRefusal.responseType;
      statusCode: typeof authorizerRefusal.statusCode;
    };

export interface AccessTokenPolicy {
  issuer: string;
  /** The issuer's key set: the local issuer's `keys`, or jose's `createRemoteJWKSet` over a user pool's JWKS URL. */
  keys: JWTVerifyGetKey;
  /** App client ids whose tokens are accepted; every client of the issuer when absent. */
  allowedClientIds?: readonly string[];
  /** Leeway for `exp`/`nbf`, in seconds. */
  clockSkewSeconds?: number;
  /** Injectable clock (milliseconds since the epoch). */
  now?: () => number;
}

const defaultClockSkewSeconds = 5;

function refuse(rejection: TokenRejection, detail: string): TokenVerification {
  return { ok: false, rejection, detail, ...authorizerRefusal };
}

/** The token from the Authorization header: Cognito authorizers take the raw token or `Bearer <token>`. */
function tokenFrom(authorization: string | undefined): string | undefined {
  const value = authorization?.trim();
  if (value === undefined || value === '') return undefined;
  const bearer = /^Bearer\s+(\S+)$/i.exec(value);
  return bearer ? bearer[1] : value;
}

/** Maps jose's verification errors onto the rule that failed. */
function rejectionOf(error: unknown): TokenVerification {
  if (error instanceof errors.JWTExpired) return refuse('expired', error.message);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return refuse('not_yet_valid', error.message);
    if (error.claim === 'iss') return refuse('wrong_issuer', error.message);
    if (error.reason === 'missing') return refuse('missing_claim', error.message);
    return refuse('malformed', error.message);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return refuse('disallowed_algorithm', error.message);
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return refuse('unknown_key', error.message);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return refuse('bad_signature', error.message);
  if (error instanceof errors.JOSEError) return refuse('malformed', error.message);
  throw error;
}

function claimsOf(payload: JWTPayload): AccessTokenClaims | TokenVerification {
  if (payload.token_use !== 'access') {
    return refuse('not_an_access_token', `token_use is ${JSON.stringify(payload.token_use)}, not "access"`);
  }
  const { client_id: clientId, scope } = payload;
  if (typeof clientId !== 'string' || typeof scope !== 'string' || typeof payload.sub !== 'string') {
    return refuse('missing_claim', 'an access token needs string client_id, scope and sub claims');
  }
  return {
    iss: payload.iss!,
    sub: payload.sub,
    client_id: clientId,
    token_use: 'access',
    scopes: scope.split(' ').filter((name) => name !== ''),
    exp: payload.exp!,
    iat: payload.iat!,
    ...(typeof payload.jti === 'string' ? { jti: payload.jti } : {}),
  };
}

// Enough for every token a local run mints; the oldest is dropped beyond it.
const verifiedTokensKept = 10_000;

/** jose's own time rules (`exp` must be after now − tolerance, `nbf` at most now + tolerance), for a known token. */
function timeRejection(payload: JWTPayload, nowSeconds: number, tolerance: number): TokenVerification | undefined {
  if (typeof payload.exp === 'number' && payload.exp <= nowSeconds - tolerance) {
    return refuse('expired', '"exp" claim timestamp check failed');
  }
  if (typeof payload.nbf === 'number' && payload.nbf > nowSeconds + tolerance) {
    return refuse('not_yet_valid', '"nbf" claim timestamp check failed');
  }
  return undefined;
}

export interface AccessTokenVerifier {
  /**
   * Verifies the Authorization header's token for a method with these authorization scopes. Like API Gateway, the
   * method is authorized when the token holds any one of them.
   */
  verify(authorization: string | undefined, methodScopes: readonly string[]): Promise<TokenVerification>;
}

export function createAccessTokenVerifier(policy: AccessTokenPolicy): AccessTokenVerifier {
  const clockTolerance = policy.clockSkewSeconds ?? defaultClockSkewSeconds;
  if (!Number.isFinite(clockTolerance) || clockTolerance < 0 || clockTolerance > 300) {
    throw new Error(`access token verifier: clockSkewSeconds must be 0 to 300, got ${clockTolerance}`);
  }
  const now = policy.now ?? Date.now;
  // Tokens whose signature, key, algorithm, issuer and required claims passed, by their text: the same bytes
  // against the same key set (the local issuer never rotates) verify the same way, and RS256 through jose costs
  // ~220 µs a request. What changes with time (exp, nbf) and per method (client, scopes) is checked every time.
  const verified = new Map<string, JWTPayload>();
  const signatureChecked = async (token: string): Promise<{ payload: JWTPayload } | { refusal: TokenVerification }> => {
    const known = verified.get(token);
    if (known !== undefined) {
      const refusal = timeRejection(known, now() / 1000, clockTolerance);
      return refusal === undefined ? { payload: known } : { refusal };
    }
    try {
      const { payload } = await jwtVerify(token, policy.keys, {
        algorithms: [signingAlgorithm],
        issuer: policy.issuer,
        clockTolerance,
        currentDate: new Date(now()),
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      if (verified.size >= verifiedTokensKept) verified.delete(verified.keys().next().value as string);
      verified.set(token, payload);
      return { payload };
    } catch (error) {
      return { refusal: rejectionOf(error) };
    }
  };
  return {
    async verify(authorization, methodScopes) {
      // Without scopes a Cognito authorizer expects an ID token instead: not emulated, so a caller bug.
      if (methodScopes.length === 0) throw new Error('access token verifier: a method needs at least one scope');
      const token = tokenFrom(authorization);
      if (token === undefined) return refuse('missing_token', 'no Authorization header');
      let algorithm: unknown;
      try {
        algorithm = decodeProtectedHeader(token).alg;
      } catch (error) {
        // jose throws a plain TypeError for a header that is not base64url JSON.
        return refuse('malformed', error instanceof Error ? error.message : 'unreadable protected header');
      }
      // Checked before any key is looked up, so `none` and HMAC-with-the-public-key never reach a verifier.
      if (algorithm !== signingAlgorithm) {
        return refuse('disallowed_algorithm', `alg ${JSON.stringify(algorithm)} is not ${signingAlgorithm}`);
      }
      const checked = await signatureChecked(token);
      if ('refusal' in checked) return checked.refusal;
      const { payload } = checked;
      const claims = claimsOf(payload);
      if ('ok' in claims) return claims;
      if (policy.allowedClientIds !== undefined && !policy.allowedClientIds.includes(claims.client_id)) {
        return refuse('client_not_allowed', `client ${claims.client_id} is not allowed`);
      }
      if (!methodScopes.some((scope) => claims.scopes.includes(scope))) {
        return refuse('insufficient_scope', `needs one of ${methodScopes.join(' ')}; has ${claims.scopes.join(' ')}`);
      }
      return { ok: true, claims, payload };
    },
  };
}
