/**
 * A body's security as the local gateway enforces it per method: API Gateway's Cognito user pool authorizer (an
 * `apiKey`-typed scheme with `x-amazon-apigateway-authtype: cognito_user_pools`) with the method's authorization
 * scopes, and the API key requirement (an `apiKey` scheme on the `x-api-key` header). Every other construct
 * (IAM, Lambda or JWT authorizers, API keys from an authorizer, alternatives, ID-token methods...) is refused when
 * the body is loaded, naming the scheme or the method: a security construct the gateway skipped would let locally
 * through what AWS refuses.
 */

/** A body's `components.securitySchemes` entry, as found (checked when loaded). */
export type SecuritySchemeObject = Readonly<Record<string, unknown>>;

/** What a method requires before its integration runs. */
export interface MethodSecurity {
  /**
   * The authorization scopes of the method's Cognito user pool authorizer (full names, e.g. `items-api/items:read`;
   * a token with any one of them is authorized, as on API Gateway); undefined when the method has no authorizer.
   */
  authorizationScopes: readonly string[] | undefined;
  /** Whether the method requires an API key (`x-api-key`) and so its usage plan. */
  apiKeyRequired: boolean;
}

export const unsecured: MethodSecurity = { authorizationScopes: undefined, apiKeyRequired: false };

/** Whether a request must pass the authorize step before this method's validation and integration. */
export const isSecured = (security: MethodSecurity): boolean =>
  security.authorizationScopes !== undefined || security.apiKeyRequired;

type Scheme = { kind: 'cognito_user_pools'; userPoolArn: string } | { kind: 'api_key' };

/** The body's declared schemes, checked, by name. */
export type SecuritySchemes = ReadonlyMap<string, Scheme>;

/** What the body says about security outside its methods. */
export interface BodySecurityFields {
  components?: { securitySchemes?: Record<string, SecuritySchemeObject> };
  security?: unknown;
  'x-amazon-apigateway-api-key-source'?: string;
}

// The header API Gateway reads a Cognito authorizer's token from, and the one it reads API keys from (source HEADER).
export const authorizationHeader = 'Authorization';
export const apiKeyHeader = 'x-api-key';
const cognitoIdentitySource = `method.request.header.${authorizationHeader}`;
const userPoolArnPattern = /^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[\w-]+$/;

const cognitoSchemeFields = new Set([
  'type',
  'name',
  'in',
  'description',
  'x-amazon-apigateway-authtype',
  'x-amazon-apigateway-authorizer',
]);
const cognitoAuthorizerFields = new Set(['type', 'providerARNs', 'identitySource']);
const apiKeySchemeFields = new Set(['type', 'name', 'in', 'description']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function rejectFields(object: Record<string, unknown>, supported: ReadonlySet<string>, where: string): void {
  for (const field of Object.keys(object)) {
    if (!supported.has(field)) throw new Error(`${where}: the local gateway cannot emulate ${field}`);
  }
}

function headerScheme(scheme: Record<string, unknown>, header: string, where: string): void {
  const name = scheme.name;
  if (scheme.in !== 'header' || typeof name !== 'string' || name.toLowerCase() !== header.toLowerCase()) {
    throw new Error(`${where} must read the ${header} header (in: header, name: ${header})`);
  }
}

function cognitoScheme(scheme: Record<string, unknown>, where: string): Scheme {
  const authorizer = scheme['x-amazon-apigateway-authorizer'];
  if (!isRecord(authorizer)) throw new Error(`${where}: x-amazon-apigateway-authorizer must be an object`);
  const type = String(authorizer.type).toLowerCase();
  if (type !== 'cognito_user_pools') {
    throw new Error(
      `${where}: the local gateway cannot emulate a ${JSON.stringify(authorizer.type)} authorizer (Lambda, JWT and IAM authorizers are not emulated; it emulates cognito_user_pools)`,
    );
  }
  const authType = scheme['x-amazon-apigateway-authtype'];
  if (typeof authType !== 'string' || authType.toLowerCase() !== 'cognito_user_pools') {
    throw new Error(`${where}: a cognito_user_pools authorizer needs x-amazon-apigateway-authtype cognito_user_pools`);
  }
  rejectFields(scheme, cognitoSchemeFields, where);
  rejectFields(authorizer, cognitoAuthorizerFields, `${where} (x-amazon-apigateway-authorizer)`);
  headerScheme(scheme, authorizationHeader, where);
  if (authorizer.identitySource !== undefined && authorizer.identitySource !== cognitoIdentitySource) {
    throw new Error(
      `${where}: the local gateway emulates the identity source ${cognitoIdentitySource} only, not ${JSON.stringify(authorizer.identitySource)}`,
    );
  }
  const arns = authorizer.providerARNs;
  if (!Array.isArray(arns) || arns.length === 0 || !arns.every((arn) => typeof arn === 'string')) {
    throw new Error(`${where}: providerARNs must list the user pool's ARN`);
  }
  const bad = arns.find((arn) => !userPoolArnPattern.test(arn));
  if (bad !== undefined) throw new Error(`${where}: ${JSON.stringify(bad)} in providerARNs is not a user pool ARN`);
  // The local issuer stands for one user pool; tokens of two pools would need two issuers.
  if (new Set(arns).size > 1) throw new Error(`${where}: providerARNs names several user pools: ${arns.join(', ')}`);
  return { kind: 'cognito_user_pools', userPoolArn: arns[0] as string };
}

function loadScheme(scheme: SecuritySchemeObject, where: string): Scheme {
  if (!isRecord(scheme)) throw new Error(`${where} must be an object`);
  if (scheme.type !== 'apiKey') {
    throw new Error(
      `${where}: the local gateway emulates apiKey-typed schemes only (a Cognito user pool authorizer, or API keys), not ${JSON.stringify(scheme.type)}`,
    );
  }
  if (scheme['x-amazon-apigateway-authorizer'] !== undefined) return cognitoScheme(scheme, where);
  if (scheme['x-amazon-apigateway-authtype'] !== undefined) {
    throw new Error(
      `${where}: the local gateway cannot emulate x-amazon-apigateway-authtype ${JSON.stringify(scheme['x-amazon-apigateway-authtype'])} (IAM authorization is not emulated)`,
    );
  }
  rejectFields(scheme, apiKeySchemeFields, where);
  headerScheme(scheme, apiKeyHeader, where);
  return { kind: 'api_key' };
}

/** Checks what the body declares about security outside its methods, and its schemes. Throws on anything not emulated. */
export function loadSecuritySchemes(body: BodySecurityFields): SecuritySchemes {
  if (body.security !== undefined) {
    throw new Error('The body has a top-level security; the local gateway reads security per method only');
  }
  const source = body['x-amazon-apigateway-api-key-source'];
  if (source !== undefined && source !== 'HEADER') {
    throw new Error(
      `x-amazon-apigateway-api-key-source ${JSON.stringify(source)}: the local gateway emulates HEADER (the x-api-key header) only`,
    );
  }
  const schemes = new Map<string, Scheme>();
  for (const [name, scheme] of Object.entries(body.components?.securitySchemes ?? {})) {
    schemes.set(name, loadScheme(scheme, `Security scheme ${name}`));
  }
  const pools = new Set(
    [...schemes.values()].flatMap((scheme) => (scheme.kind === 'cognito_user_pools' ? [scheme.userPoolArn] : [])),
  );
  if (pools.size > 1) {
    throw new Error(
      `The body's Cognito authorizers name several user pools (${[...pools].join(', ')}); the local gateway has one issuer`,
    );
  }
  return schemes;
}

/** A method's `security`, checked against the body's schemes. `where` names the method in errors. */
export function loadMethodSecurity(security: unknown, schemes: SecuritySchemes, where: string): MethodSecurity {
  if (security === undefined) return unsecured;
  if (!Array.isArray(security)) throw new Error(`${where}: security must be a list of requirement objects`);
  if (security.length === 0) return unsecured;
  if (security.length > 1) {
    throw new Error(
      `${where}: the local gateway cannot emulate several security requirement objects (alternatives); give the method one`,
    );
  }
  const requirement: unknown = security[0];
  if (!isRecord(requirement) || Object.keys(requirement).length === 0) {
    throw new Error(`${where}: an empty security requirement (optional security) is not emulated`);
  }
  let authorizationScopes: string[] | undefined;
  let apiKeyRequired = false;
  for (const [name, scopes] of Object.entries(requirement)) {
    const scheme = schemes.get(name);
    if (scheme === undefined) {
      throw new Error(`${where}: security names the scheme ${name}, which components.securitySchemes does not declare`);
    }
    if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === 'string')) {
      throw new Error(`${where}: the scopes of ${name} must be a list of strings`);
    }
    if (scheme.kind === 'api_key') {
      if (scopes.length > 0) throw new Error(`${where}: the API key scheme ${name} takes no scopes`);
      apiKeyRequired = true;
      continue;
    }
    if (authorizationScopes !== undefined) throw new Error(`${where}: a method has one authorizer, not several`);
    // Without scopes a Cognito authorizer takes ID tokens, which the local issuer does not issue.
    if (scopes.length === 0) {
      throw new Error(
        `${where}: ${name} without authorization scopes would take ID tokens, which the local gateway does not emulate`,
      );
    }
    authorizationScopes = scopes;
  }
  return { authorizationScopes, apiKeyRequired };
}
