/**
 * The local stage's access control, built once per start from the contract's `access` declarations
 * (infrastructure.json) and following its reloads: a token issuer with the local clients (src/local-clients.ts), the
 * verifier and the usage plan enforcer the gateway runs on every secured method, and the credentials the stage hands
 * out.
 */
import { randomBytes } from 'node:crypto';
import { createAccessTokenVerifier } from './auth/access-token-verifier.ts';
import { createTokenIssuer, tokenPath, type TokenIssuer } from './auth/token-issuer.ts';
import { createUsagePlanEnforcer, type UsagePlan } from './auth/usage-plans.ts';
import type { GatewayAccess } from './gateway/gateway.ts';
import { localClients, type LocalClientDeclaration } from './local-clients.ts';

/** A usage plan as the contract declares it: `UsagePlan` without its id (the id is the plan's name). */
export type DeclaredUsagePlan = Omit<UsagePlan, 'id'>;

/** What the stage reads from infrastructure.json's `access`. */
export interface AccessDeclarations {
  /** The Cognito resource server identifier: tokens carry `<resourceServer>/<scope>`. */
  resourceServer: string;
  /** Short scope name → description. */
  scopes: Readonly<Record<string, string>>;
  usagePlans: Readonly<Record<string, DeclaredUsagePlan>>;
}

/** One client's credentials: what it posts to the token endpoint and sends as `x-api-key`. */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  apiKey: string;
}

/** What `LocalStage.credentials` holds: the full-access client, and the read-only one under `reader`. */
export interface StageCredentials extends ClientCredentials {
  tokenUrl: string;
  reader: ClientCredentials;
}

export interface StageAccess {
  /** Serves `/oauth2/token` and `/.well-known/jwks.json`. */
  issuer: TokenIssuer;
  /**
   * Follows a reloaded contract: each local client may ask for the scopes its patterns match now (a resource added
   * while the stage runs gets its scopes), as Terraform's `api_clients` follow a deploy; keys and usage counts stay.
   */
  follow(access: AccessDeclarations): void;
  /** What the gateway enforces; the same object across contract reloads, so usage counts survive them. */
  gateway: GatewayAccess;
  credentials: StageCredentials;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The `access` declarations of a parsed infrastructure.json. Only the shape is checked here: the contract's
 * generator validated the values, and the issuer and the enforcer check what they use.
 */
export function accessDeclarationsOf(declarations: unknown): AccessDeclarations {
  const access = isRecord(declarations) ? declarations.access : undefined;
  if (!isRecord(access))
    throw new Error('infrastructure.json declares no access (regenerate it: npx nx run openapi:generate)');
  const { resourceServer, scopes, usagePlans } = access;
  if (typeof resourceServer !== 'string' || resourceServer === '')
    throw new Error('infrastructure.json: access.resourceServer must be a non-empty string');
  if (!isRecord(scopes) || Object.keys(scopes).length === 0)
    throw new Error('infrastructure.json: access.scopes must name at least one scope');
  if (!isRecord(usagePlans) || !Object.values(usagePlans).every(isRecord))
    throw new Error('infrastructure.json: access.usagePlans must map plan names to plans');
  return {
    resourceServer,
    scopes: scopes as Record<string, string>,
    usagePlans: usagePlans as Record<string, DeclaredUsagePlan>,
  };
}

/** The full scope names a local client may ask for; a scope or plan the contract does not declare stops the start. */
export function allowedScopes(name: string, client: LocalClientDeclaration, access: AccessDeclarations): string[] {
  const declared = Object.keys(access.scopes);
  const matching = (entry: string) =>
    entry === '*'
      ? declared
      : entry.startsWith('*:')
        ? declared.filter((scope) => scope.endsWith(entry.slice(1)))
        : declared.filter((scope) => scope === entry);
  const unknown = client.scopes.filter((entry) => matching(entry).length === 0);
  if (unknown.length > 0)
    throw new Error(
      `The local client ${client.clientId} (${name}) is declared with ${unknown.join(', ')}, which matches no scope the contract declares (its scopes: ${declared.join(', ')}); fix src/local-clients.ts or the contract`,
    );
  const scopes = [...new Set(client.scopes.flatMap(matching))];
  return scopes.map((scope) => `${access.resourceServer}/${scope}`);
}

/** A random value safe in a shell, an env file and a header: base64url of `bytes` random bytes. */
const randomToken = (bytes: number) => randomBytes(bytes).toString('base64url');

export interface StageAccessOptions {
  /** The stage's origin (`http://localhost:3000`): the tokens' `iss`, where the token endpoint is served. */
  origin: string;
  access: AccessDeclarations;
  /** Replaces the contract's usage plans (e.g. a benchmark without the throttle); default the contract's. */
  usagePlans?: Readonly<Record<string, DeclaredUsagePlan>>;
}

export async function createStageAccess(options: StageAccessOptions): Promise<StageAccess> {
  const { access, origin } = options;
  const plans = options.usagePlans ?? access.usagePlans;
  const clients = Object.entries(localClients).map(([name, client]) => {
    if (!Object.hasOwn(plans, client.usagePlan))
      throw new Error(
        `The local client ${client.clientId} (${name}) is on usage plan ${client.usagePlan}, which is not declared (plans: ${Object.keys(plans).join(', ') || 'none'})`,
      );
    return {
      name,
      clientId: client.clientId,
      // Longer than Cognito's generated secrets and API Gateway's 20-character minimum for keys.
      clientSecret: randomToken(32),
      apiKey: randomToken(30),
      allowedScopes: allowedScopes(name, client, access),
      usagePlan: client.usagePlan,
    };
  });
  const issuer = await createTokenIssuer({ issuer: origin, clients });
  const gateway: GatewayAccess = {
    // Like a Cognito authorizer, any client of the pool is accepted: the issuer only knows the local ones.
    verifier: createAccessTokenVerifier({ issuer: origin, keys: issuer.keys }),
    usagePlans: createUsagePlanEnforcer({
      plans: Object.entries(plans).map(([id, plan]) => ({ ...plan, id })),
      keys: clients.map((client) => ({ id: client.clientId, value: client.apiKey, planId: client.usagePlan })),
    }),
  };
  const credentialsOf = (name: keyof typeof localClients): ClientCredentials => {
    const { clientId, clientSecret, apiKey } = clients.find((client) => client.name === name)!;
    return { clientId, clientSecret, apiKey };
  };
  return {
    issuer,
    gateway,
    follow(next) {
      const allowed = clients.map(
        (client) =>
          [
            client.clientId,
            allowedScopes(client.name, localClients[client.name as keyof typeof localClients], next),
          ] as const,
      );
      for (const [clientId, scopes] of allowed) issuer.allowScopes(clientId, scopes);
    },
    credentials: { tokenUrl: `${origin}${tokenPath}`, ...credentialsOf('default'), reader: credentialsOf('reader') },
  };
}
