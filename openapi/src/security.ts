/**
 * Who may call what: the contract's two security schemes (an OAuth 2.0 client-credentials scheme whose scopes a
 * Cognito resource server defines, and an API key with usage plans) and each operation's `security`.
 *
 * Only what API Gateway can enforce, and the local gateway emulate, is accepted: one requirement object per
 * operation (API Gateway has no alternatives), at most one scope in it (API Gateway grants a method when ANY of
 * its scopes is in the token, OpenAPI means ALL of them: with one scope both readings agree), an API key in the
 * `x-api-key` header (the only header API Gateway reads it from). Every operation states its `security`, `[]` for
 * a public one, so a new operation is never public by accident.
 */
import {
  ContractError,
  describeOperation,
  isObject,
  objectAt,
  readApiName,
  type ContractOperation,
  type Json,
  type JsonObject,
} from './contract.ts';

export type QuotaPeriod = 'DAY' | 'WEEK' | 'MONTH';

const quotaPeriods: readonly QuotaPeriod[] = ['DAY', 'WEEK', 'MONTH'];

/** A usage plan's limits, as API Gateway's usage plan takes them (the local stage's `UsagePlan` without `id`). */
export interface UsagePlanDeclaration {
  throttle?: { rateLimit: number; burstLimit: number };
  /** `offset`: requests subtracted from `limit` in the first period. */
  quota?: { limit: number; period: QuotaPeriod; offset?: number };
}

export interface AccessDeclaration {
  /** The `oauth2` scheme: its name in the contract, the Cognito resource server and its scopes (short name → description). */
  oauth: { scheme: string; resourceServer: string; scopes: Record<string, string> };
  /** The `apiKey` scheme: its name in the contract, the header and the usage plans keys belong to. */
  apiKey: { scheme: string; header: string; usagePlans: Record<string, UsagePlanDeclaration> };
}

/** What one operation requires: its scopes (short names; none for a public operation) and whether it needs an API key. */
export interface OperationAccess {
  scopes: string[];
  apiKeyRequired: boolean;
}

/** The one header API Gateway reads an API key from (`x-amazon-apigateway-api-key-source: HEADER`). */
export const apiKeyHeader = 'x-api-key';

// Cognito's character sets: resource server identifiers and scope names are printable ASCII without spaces, '"'
// and '\' (scope names also without '/', which separates them from the identifier in a token).
const scopeNamePattern = /^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]{1,256}$/;
const usagePlanNamePattern = /^[a-z][a-z0-9-]*$/;

function unknownKeys(value: JsonObject, allowed: readonly string[], where: string): void {
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length > 0)
    throw new ContractError(`${where} has ${unknown.map((k) => `"${k}"`).join(', ')}; it takes ${allowed.join(', ')}`);
}

function wholeNumber(value: Json | undefined, minimum: number, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum)
    throw new ContractError(
      `${where} must be a whole number >= ${minimum}, found ${JSON.stringify(value) ?? '(none)'}`,
    );
  return value;
}

function readUsagePlan(value: Json, where: string): UsagePlanDeclaration {
  if (!isObject(value)) throw new ContractError(`${where} must be an object`);
  unknownKeys(value, ['throttle', 'quota'], where);
  const plan: UsagePlanDeclaration = {};
  if (value.throttle !== undefined) {
    const throttle = objectAt(value, 'throttle', where);
    unknownKeys(throttle, ['rateLimit', 'burstLimit'], `${where}.throttle`);
    const { rateLimit } = throttle;
    if (typeof rateLimit !== 'number' || !Number.isFinite(rateLimit) || rateLimit <= 0)
      throw new ContractError(
        `${where}.throttle.rateLimit must be a number of requests per second > 0, found ${JSON.stringify(rateLimit) ?? '(none)'}`,
      );
    plan.throttle = { rateLimit, burstLimit: wholeNumber(throttle.burstLimit, 1, `${where}.throttle.burstLimit`) };
  }
  if (value.quota !== undefined) {
    const quota = objectAt(value, 'quota', where);
    unknownKeys(quota, ['limit', 'period', 'offset'], `${where}.quota`);
    const limit = wholeNumber(quota.limit, 1, `${where}.quota.limit`);
    const { period } = quota;
    if (typeof period !== 'string' || !quotaPeriods.includes(period as QuotaPeriod))
      throw new ContractError(
        `${where}.quota.period must be one of ${quotaPeriods.join(', ')}, found ${JSON.stringify(period) ?? '(none)'}`,
      );
    plan.quota = { limit, period: period as QuotaPeriod };
    if (quota.offset !== undefined) {
      const offset = wholeNumber(quota.offset, 0, `${where}.quota.offset`);
      if (offset >= limit) throw new ContractError(`${where}.quota.offset (${offset}) must be below limit (${limit})`);
      plan.quota.offset = offset;
    }
  }
  return plan;
}

/** The OAuth scheme; its Cognito resource server is the API's name (`x-api-name`), so tokens carry `<name>/<scope>`. */
function readOAuthScheme(
  name: string,
  scheme: JsonObject,
  where: string,
  resourceServer: string,
): AccessDeclaration['oauth'] {
  const flows = objectAt(scheme, 'flows', where);
  unknownKeys(flows, ['clientCredentials'], `${where}.flows`);
  const flow = objectAt(flows, 'clientCredentials', `${where}.flows`);
  const rawScopes = objectAt(flow, 'scopes', `${where}.flows.clientCredentials`);
  const scopes: Record<string, string> = {};
  for (const [scope, description] of Object.entries(rawScopes)) {
    const at = `${where}.flows.clientCredentials.scopes["${scope}"]`;
    if (!scopeNamePattern.test(scope))
      throw new ContractError(
        `${at}: a scope name is 1-256 printable ASCII characters without spaces, '"', '/' or '\\'`,
      );
    if (typeof description !== 'string' || description.length < 1 || description.length > 256)
      throw new ContractError(`${at} must be a description of 1-256 characters (Cognito requires one)`);
    scopes[scope] = description;
  }
  if (Object.keys(scopes).length === 0) throw new ContractError(`${where}.flows.clientCredentials.scopes is empty`);
  return { scheme: name, resourceServer, scopes };
}

function readApiKeyScheme(name: string, scheme: JsonObject, where: string): AccessDeclaration['apiKey'] {
  if (scheme.in !== 'header' || typeof scheme.name !== 'string' || scheme.name.toLowerCase() !== apiKeyHeader)
    throw new ContractError(
      `${where} must be "in: header" with "name: ${apiKeyHeader}": API Gateway reads API keys only there`,
    );
  const rawPlans = objectAt(scheme, 'x-api-key-usage-plans', where);
  const usagePlans: Record<string, UsagePlanDeclaration> = {};
  for (const [plan, value] of Object.entries(rawPlans)) {
    if (!usagePlanNamePattern.test(plan))
      throw new ContractError(`${where}.x-api-key-usage-plans key "${plan}" must be kebab-case`);
    usagePlans[plan] = readUsagePlan(value, `${where}.x-api-key-usage-plans.${plan}`);
  }
  if (Object.keys(usagePlans).length === 0)
    throw new ContractError(`${where}.x-api-key-usage-plans is empty: an API key works only in a usage plan`);
  return { scheme: name, header: apiKeyHeader, usagePlans };
}

/** `components.securitySchemes`: exactly one OAuth 2.0 client-credentials scheme and one API key scheme. */
export function readAccess(document: JsonObject): AccessDeclaration {
  const schemes = objectAt(objectAt(document, 'components', '#'), 'securitySchemes', '#.components');
  let oauth: AccessDeclaration['oauth'] | undefined;
  let apiKey: AccessDeclaration['apiKey'] | undefined;
  for (const [name, scheme] of Object.entries(schemes)) {
    const where = `#.components.securitySchemes.${name}`;
    if (!isObject(scheme)) throw new ContractError(`${where} must be an object`);
    if (scheme.type === 'oauth2' && oauth === undefined)
      oauth = readOAuthScheme(name, scheme, where, readApiName(document));
    else if (scheme.type === 'apiKey' && apiKey === undefined) apiKey = readApiKeyScheme(name, scheme, where);
    else
      throw new ContractError(
        `${where} (type ${JSON.stringify(scheme.type) ?? '(none)'}) cannot be enforced: the API takes one oauth2 scheme (a Cognito user pool) and one apiKey scheme`,
      );
  }
  if (!oauth) throw new ContractError('#.components.securitySchemes declares no oauth2 scheme');
  if (!apiKey) throw new ContractError('#.components.securitySchemes declares no apiKey scheme');
  return { oauth, apiKey };
}

/** The scope as tokens carry it and API Gateway methods require it: `<resource server>/<scope>`. */
export function fullScopeName(access: AccessDeclaration, scope: string): string {
  return `${access.oauth.resourceServer}/${scope}`;
}

/** The operation's own `security`: `[]` (public) or one requirement object with at most one scope. */
export function readOperationAccess(access: AccessDeclaration, operation: ContractOperation): OperationAccess {
  const where = `${describeOperation(operation)}: security`;
  const security = operation.operation.security;
  if (security === undefined)
    throw new ContractError(
      `${where} is missing (every operation states who may call it; \`security: []\` when public)`,
    );
  if (!Array.isArray(security)) throw new ContractError(`${where} must be a list of requirement objects`);
  if (security.length === 0) return { scopes: [], apiKeyRequired: false };
  if (security.length > 1)
    throw new ContractError(
      `${where} lists ${security.length} requirement objects (alternatives); API Gateway enforces exactly one`,
    );
  const [requirement] = security;
  if (!isObject(requirement)) throw new ContractError(`${where}[0] must be an object`);
  if (Object.keys(requirement).length === 0)
    throw new ContractError(`${where}[0] is empty (anonymous access); write \`security: []\` for a public operation`);
  const result: OperationAccess = { scopes: [], apiKeyRequired: false };
  for (const [scheme, scopes] of Object.entries(requirement)) {
    if (!Array.isArray(scopes) || !scopes.every((s): s is string => typeof s === 'string'))
      throw new ContractError(`${where}[0].${scheme} must be a list of scope names`);
    if (scheme === access.oauth.scheme) {
      if (scopes.length !== 1)
        throw new ContractError(
          `${where}[0].${scheme} names ${scopes.length} scopes; exactly one is enforceable (API Gateway grants a method on ANY of its scopes, OpenAPI means ALL; without one the authorizer wants ID tokens)`,
        );
      const [scope] = scopes as [string];
      if (!Object.hasOwn(access.oauth.scopes, scope))
        throw new ContractError(
          `${where}[0].${scheme}: "${scope}" is not a scope of ${scheme} (one of: ${Object.keys(access.oauth.scopes).join(', ')})`,
        );
      result.scopes = [scope];
    } else if (scheme === access.apiKey.scheme) {
      if (scopes.length > 0) throw new ContractError(`${where}[0].${scheme} must be [] (an API key has no scopes)`);
      result.apiKeyRequired = true;
    } else {
      throw new ContractError(
        `${where}[0] names "${scheme}", which is not a scheme of #.components.securitySchemes (${access.oauth.scheme}, ${access.apiKey.scheme})`,
      );
    }
  }
  return result;
}
