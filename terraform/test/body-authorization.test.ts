// What checkov's CKV_AWS_59 (API Gateway methods need authorization) cannot see: the methods here are imported
// through the generated body, not declared as aws_api_gateway_method, so that check passes whatever the body says.
// This reads the body Terraform imports and holds every method to what the contract declares for it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { repoRoot } from './support/hcl.ts';

type SecurityRequirement = Record<string, string[]>;
interface Operation {
  security?: SecurityRequirement[];
  'x-amazon-apigateway-integration'?: { type?: string };
}
interface Document {
  security?: SecurityRequirement[];
  components?: { securitySchemes?: Record<string, Record<string, unknown>> };
  paths: Record<string, Record<string, Operation>>;
}

const methods = new Set(['get', 'put', 'post', 'delete', 'patch', 'head']);

/**
 * The body's methods whose authorization differs from the contract's: a secured operation the body leaves open (or
 * secures with a scheme API Gateway does not know), or a method the contract does not declare that is not a CORS
 * preflight (OPTIONS answered by a mock integration).
 */
export function authorizationGaps(contract: Document, body: Document): string[] {
  const gaps: string[] = [];
  const schemes = body.components?.securitySchemes ?? {};
  for (const [route, item] of Object.entries(body.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${route}`;
      const declared = contract.paths[route]?.[method];
      if (declared === undefined) {
        if (method !== 'options' || operation['x-amazon-apigateway-integration']?.type !== 'mock')
          gaps.push(`${where}: not in the contract`);
        continue;
      }
      if (!methods.has(method)) continue;
      const required = (declared.security ?? contract.security ?? []).filter((r) => Object.keys(r).length > 0);
      if (required.length === 0) continue; // the contract declares it public
      const granted = (operation.security ?? body.security ?? []).filter((r) => Object.keys(r).length > 0);
      if (granted.length === 0) {
        gaps.push(`${where}: the contract requires ${JSON.stringify(required)}, the body imports it without`);
        continue;
      }
      for (const name of granted.flatMap((r) => Object.keys(r)))
        if (!(name in schemes) || !('x-amazon-apigateway-authtype' in schemes[name]!))
          gaps.push(`${where}: security scheme ${name} is not an API Gateway authorizer in the body`);
    }
  }
  return gaps;
}

const contract = (): Document => parse(readFileSync(path.join(repoRoot, 'openapi/openapi.yaml'), 'utf8')) as Document;
const body = (): Document =>
  JSON.parse(readFileSync(path.join(repoRoot, 'openapi/generated/apigateway-body.json'), 'utf8')) as Document;

describe('authorization of the imported body (what CKV_AWS_59 cannot see)', () => {
  it('gives every method of the generated body the authorization the contract declares', () => {
    assert.deepEqual(authorizationGaps(contract(), body()), []);
  });

  it('states that the API is public: the contract declares `security: []` (a change there must reach the body)', () => {
    assert.deepEqual(contract().security, []);
  });

  it('catches a secured operation imported without authorization', () => {
    const secured = contract();
    secured.paths['/items']!.post!.security = [{ cognito: [] }];
    assert.deepEqual(authorizationGaps(secured, body()), [
      'POST /items: the contract requires [{"cognito":[]}], the body imports it without',
    ]);
  });

  it('catches a security scheme API Gateway does not know', () => {
    const secured = contract();
    secured.security = [{ apiKey: [] }];
    const withRequirement = body();
    withRequirement.security = [{ apiKey: [] }];
    const gaps = authorizationGaps(secured, withRequirement);
    assert.ok(
      gaps.length > 0 &&
        gaps.every((gap) => gap.endsWith('security scheme apiKey is not an API Gateway authorizer in the body')),
    );
  });

  it('catches a method the contract does not declare', () => {
    const extra = body();
    extra.paths['/items']!.head = { 'x-amazon-apigateway-integration': { type: 'aws_proxy' } };
    assert.deepEqual(authorizationGaps(contract(), extra), ['HEAD /items: not in the contract']);
  });
});
