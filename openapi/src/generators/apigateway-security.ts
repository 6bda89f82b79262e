/**
 * The contract's security, as API Gateway's OpenAPI import takes it: the OAuth 2.0 scheme becomes a Cognito user
 * pool authorizer (the pool's ARN is a Terraform template variable: one pool every Region trusts), the API key
 * scheme an `x-api-key` requirement, and each secured operation a `security` requirement with the scope's full name
 * (`<resource server>/<scope>`, what the access token's `scope` claim holds). A public operation gets no `security`.
 */
import type { JsonObject } from '../contract.ts';
import { fullScopeName, type AccessDeclaration, type OperationAccess } from '../security.ts';

const cognitoUserPoolArnVariable = 'cognito_user_pool_arn';

/** The variables Terraform's `templatefile()` fills into the body's security schemes. */
export const securityTemplateVariables: readonly string[] = [cognitoUserPoolArnVariable];

/** `components.securitySchemes` of the body. */
export function gatewaySecuritySchemes(access: AccessDeclaration): JsonObject {
  return {
    [access.oauth.scheme]: {
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      'x-amazon-apigateway-authtype': 'cognito_user_pools',
      'x-amazon-apigateway-authorizer': {
        type: 'cognito_user_pools',
        providerARNs: [`\${${cognitoUserPoolArnVariable}}`],
      },
    },
    [access.apiKey.scheme]: { type: 'apiKey', name: access.apiKey.header, in: 'header' },
  };
}

/** A method's `security`, or undefined for a public method (API Gateway: no authorizer, no API key). */
export function methodSecurity(access: AccessDeclaration, required: OperationAccess): JsonObject[] | undefined {
  if (required.scopes.length === 0 && !required.apiKeyRequired) return undefined;
  const requirement: JsonObject = {};
  if (required.scopes.length > 0)
    requirement[access.oauth.scheme] = required.scopes.map((scope) => fullScopeName(access, scope));
  if (required.apiKeyRequired) requirement[access.apiKey.scheme] = [];
  return [requirement];
}
