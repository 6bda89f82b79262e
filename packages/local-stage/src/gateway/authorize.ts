/**
 * The authorize step of a secured method, in API Gateway's order: the Cognito user pool authorizer checks the
 * token against the method's scopes, then the API key is looked up and its usage plan counts the request (quota,
 * then throttle). A refusal is the gateway response API Gateway raises for it (UNAUTHORIZED, INVALID_API_KEY,
 * QUOTA_EXCEEDED, THROTTLED); a refused request reaches neither request validation nor the integration.
 */
import type { AccessTokenVerifier } from '../auth/access-token-verifier.ts';
import type { UsagePlanEnforcer } from '../auth/usage-plans.ts';
import { authorizerClaims } from './authorizer-claims.ts';
import type { Caller } from './caller.ts';
import type { Exchange } from './exchange.ts';
import type { GatewayError } from './gateway-error.ts';
import { gatewayResponseDefaults, type GatewayResponseType } from './gateway-responses.ts';
import { lastHeaderValue } from './http.ts';
import { apiKeyHeader, authorizationHeader, type MethodSecurity } from './method-security.ts';

/** What the gateway checks secured methods' requests with. */
export interface GatewayAccess {
  /** Verifies the token of every method with a cognito_user_pools authorizer (every pool maps to the local issuer). */
  verifier: AccessTokenVerifier;
  /** API keys and usage plans of methods that require an API key. */
  usagePlans: UsagePlanEnforcer;
}

function refusal(exchange: Exchange, type: GatewayResponseType, why: string): GatewayError {
  exchange.authorizeError = why;
  // The client gets API Gateway's message only; why it was refused stays in the log.
  return { type, message: gatewayResponseDefaults[type].message };
}

/** Admits the request (recording its caller in the exchange) or returns the gateway error refusing it. */
export async function authorize(
  exchange: Exchange,
  security: MethodSecurity,
  access: GatewayAccess,
): Promise<GatewayError | undefined> {
  const { request } = exchange;
  let claims: Caller['claims'] = null;
  if (security.authorizationScopes !== undefined) {
    const verification = await access.verifier.verify(
      lastHeaderValue(request, authorizationHeader.toLowerCase()),
      security.authorizationScopes,
    );
    if (!verification.ok) {
      return refusal(exchange, verification.responseType, `${verification.rejection}: ${verification.detail}`);
    }
    claims = authorizerClaims(verification.payload);
  }
  let apiKey: Caller['apiKey'] = null;
  if (security.apiKeyRequired) {
    const value = lastHeaderValue(request, apiKeyHeader);
    const admission = access.usagePlans.admit(value);
    if (!admission.admitted) return refusal(exchange, admission.responseType, admission.detail);
    apiKey = { id: admission.keyId, value: value! };
  }
  exchange.caller = { claims, apiKey };
  return undefined;
}
