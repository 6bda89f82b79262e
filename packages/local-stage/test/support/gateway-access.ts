/**
 * Access for gateway tests: an in-process token issuer (no HTTP) with a client holding every contract scope, a
 * read-only one and one the verifier does not allow, their API keys, and the verifier and usage plans the gateway
 * checks them with. Scopes and the usage plan come from the contract (infrastructure's `access`); the clock is
 * shared and movable, so throttle and quota tests do not sleep.
 */
import body from '@items-api/openapi/apigateway-body.json' with { type: 'json' };
import { infrastructure, operations } from '@items-api/openapi/operations';
import { SignJWT, type JWTPayload } from 'jose';
import { loadStageApi } from '../../src/api-source.ts';
import { createAccessTokenVerifier } from '../../src/auth/access-token-verifier.ts';
import { createSigningKey, type SigningKey } from '../../src/auth/signing-key.ts';
import { createTokenIssuer, type TokenIssuer } from '../../src/auth/token-issuer.ts';
import { createUsagePlanEnforcer, type ApiKey, type UsagePlan } from '../../src/auth/usage-plans.ts';
import type { GatewayAccess } from '../../src/gateway/gateway.ts';
import type { ApiGatewayBody, RestApi } from '../../src/gateway/rest-api.ts';
import { defaultWatchOptions } from '../../src/paths.ts';
import { localTableNames } from '../../src/table.ts';

/** The `iss` of the local stage's tokens: its origin. */
export const issuerUrl = 'http://localhost:3000';

const fullName = (scope: string) => `${infrastructure.access.resourceServer}/${scope}`;
/** Every scope the contract declares, full names. */
export const everyScope = Object.keys(infrastructure.access.scopes).map(fullName);
/** The scopes of one operation, full names (what its method's authorizer asks for). */
export const scopesOf = (operationId: keyof typeof infrastructure.operations): string[] =>
  infrastructure.operations[operationId].scopes.map(fullName);
/** The scopes of every GET of the contract, full names: what a read-only client holds. */
export const readScopes = [
  ...new Set(Object.values(operations).flatMap((operation) => (operation.method === 'GET' ? operation.scopes : []))),
].map(fullName);

/** The contract's usage plans, as the enforcer takes them. */
export const contractPlans: UsagePlan[] = Object.entries(infrastructure.access.usagePlans).map(([id, plan]) => ({
  id,
  ...plan,
}));
const [standardPlan] = contractPlans;
if (standardPlan === undefined) throw new Error('the contract declares no usage plan');

/** A plan of this file's own, small enough to run out of in a test. */
export const tinyQuotaPlan: UsagePlan = { id: 'tiny-quota', quota: { limit: 2, period: 'DAY' } };

export const keys = {
  writer: { id: 'writer-key', value: 'writer-key-0123456789abcdef', planId: standardPlan.id },
  reader: { id: 'reader-key', value: 'reader-key-0123456789abcdef', planId: standardPlan.id },
  unused: { id: 'unused-key', value: 'unused-key-0123456789abcdef', planId: standardPlan.id },
  disabled: { id: 'disabled-key', value: 'disabled-key-0123456789abcd', planId: standardPlan.id, enabled: false },
  tinyQuota: { id: 'tiny-quota-key', value: 'tiny-quota-key-0123456789ab', planId: tinyQuotaPlan.id },
} satisfies Record<string, ApiKey>;

const clients = [
  { clientId: 'writer', clientSecret: 'writer-secret-0123456789', allowedScopes: everyScope },
  { clientId: 'reader', clientSecret: 'reader-secret-0123456789', allowedScopes: readScopes },
  { clientId: 'stranger', clientSecret: 'stranger-secret-0123456', allowedScopes: everyScope },
];

export interface CredentialHeaders {
  [name: string]: string;
  Authorization: string;
  'x-api-key': string;
}

export interface TestAccess {
  access: GatewayAccess;
  issuer: TokenIssuer;
  signingKey: SigningKey;
  /** Milliseconds since the epoch, as the verifier and the usage plans see it; tests move it. */
  clock: { now: number };
  /** Headers of an authorized request: a token of `clientId` with `scopes`, and the API key. */
  headers(clientId: 'writer' | 'reader', apiKey?: ApiKey, scopes?: readonly string[]): Promise<CredentialHeaders>;
}

export async function createTestAccess(): Promise<TestAccess> {
  const clock = { now: Date.now() };
  const now = () => clock.now;
  const signingKey = await createSigningKey();
  const issuer = await createTokenIssuer({ issuer: issuerUrl, clients, signingKey, now });
  const access: GatewayAccess = {
    verifier: createAccessTokenVerifier({
      issuer: issuerUrl,
      keys: issuer.keys,
      allowedClientIds: ['writer', 'reader'],
      now,
    }),
    usagePlans: createUsagePlanEnforcer({
      plans: [...contractPlans, tinyQuotaPlan],
      keys: Object.values(keys),
      now,
    }),
  };
  return {
    access,
    issuer,
    signingKey,
    clock,
    async headers(clientId, apiKey = keys[clientId], scopes) {
      const granted = scopes ?? clients.find((client) => client.clientId === clientId)!.allowedScopes;
      const token = await issuer.issueAccessToken(clientId, granted);
      return { Authorization: `Bearer ${token}`, 'x-api-key': apiKey.value };
    },
  };
}

/** The contract's API with every operation on the Lambda, as the gateway tests serve it. */
export function loadLambdaApi(): Promise<RestApi> {
  return loadStageApi({
    integrations: { all: 'lambda' },
    generatedDirectory: defaultWatchOptions.generatedDirectory,
    contractPath: defaultWatchOptions.contractPath,
    tableNames: localTableNames(),
  });
}

const gatewayResponses = (body as ApiGatewayBody)['x-amazon-apigateway-gateway-responses'] ?? {};
/** The status the generated body answers a gateway response type with. */
export const statusOf = (type: string): number => Number(gatewayResponses[type]?.statusCode);

/** The claims a Cognito user pool signs into a client_credentials access token for `clientId`, at `nowSeconds`. */
export function accessTokenClaims(
  issuer: string,
  clientId: string,
  scopes: readonly string[],
  nowSeconds: number,
  overrides: JWTPayload = {},
): JWTPayload {
  return {
    sub: clientId,
    client_id: clientId,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: nowSeconds,
    iss: issuer,
    iat: nowSeconds,
    exp: nowSeconds + 3600,
    jti: 'jti-1',
    version: 2,
    ...overrides,
  };
}

/** `claims` signed RS256 with `key`, under `kid` (the key's own by default). */
export function signWith(key: SigningKey, claims: JWTPayload, kid = key.kid): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(key.privateKey);
}
