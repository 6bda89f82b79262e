// What checkov's CKV_AWS_59 (API Gateway methods need authorization) cannot see: the methods here are imported
// through the generated body, not declared as aws_api_gateway_method, so that check passes whatever the body says.
// This reads the body Terraform imports and holds every method to what the contract declares for it: its scopes
// (full names) on a Cognito user pool authorizer, its API key, nothing on a public operation or a CORS preflight.
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { repoRoot } from './support/hcl.ts';

type SecurityRequirement = Record<string, string[]>;
type Scheme = Record<string, unknown>;
interface Operation {
  security?: SecurityRequirement[];
  'x-amazon-apigateway-integration'?: { type?: string };
}
interface Document {
  security?: SecurityRequirement[];
  components?: { securitySchemes?: Record<string, Scheme> };
  paths: Record<string, Record<string, Operation>>;
  'x-amazon-apigateway-api-key-source'?: string;
  'x-api-name'?: string;
}

const methods = new Set(['get', 'put', 'post', 'delete', 'patch', 'head']);
const nonEmpty = (requirements: SecurityRequirement[] | undefined): SecurityRequirement[] =>
  (requirements ?? []).filter((requirement) => Object.keys(requirement).length > 0);

/** The requirement as API Gateway reads it: OAuth 2.0 scopes by their full name, `<resource server>/<scope>` (the resource server is the API's name). */
function asImported(contract: Document, requirement: SecurityRequirement): SecurityRequirement {
  const schemes = contract.components?.securitySchemes ?? {};
  return Object.fromEntries(
    Object.entries(requirement).map(([name, scopes]) => {
      const scheme = schemes[name];
      if (scheme?.type !== 'oauth2') return [name, scopes];
      return [name, scopes.map((scope) => `${contract['x-api-name'] ?? ''}/${scope}`)];
    }),
  );
}

/** Whether API Gateway enforces the body's scheme: a Cognito user pool authorizer, or the API key from the header. */
function enforced(body: Document, scheme: Scheme | undefined): boolean {
  if (scheme === undefined) return false;
  const authorizer = scheme['x-amazon-apigateway-authorizer'] as Scheme | undefined;
  if (scheme['x-amazon-apigateway-authtype'] === 'cognito_user_pools') return authorizer?.type === 'cognito_user_pools';
  return (
    scheme.type === 'apiKey' &&
    scheme.in === 'header' &&
    String(scheme.name).toLowerCase() === 'x-api-key' &&
    body['x-amazon-apigateway-api-key-source'] === 'HEADER'
  );
}

/**
 * The body's methods whose authorization differs from the contract's: a secured operation the body leaves open,
 * secures with other scopes or with a scheme API Gateway does not enforce, a public operation the body secures, a
 * CORS preflight that requires credentials, or a method the contract does not declare that is not a preflight.
 */
export function authorizationGaps(contract: Document, body: Document): string[] {
  const gaps: string[] = [];
  const schemes = body.components?.securitySchemes ?? {};
  for (const [route, item] of Object.entries(body.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${route}`;
      const granted = nonEmpty(operation.security ?? body.security);
      const declared = contract.paths[route]?.[method];
      if (declared === undefined) {
        if (method !== 'options' || operation['x-amazon-apigateway-integration']?.type !== 'mock')
          gaps.push(`${where}: not in the contract`);
        else if (granted.length > 0) gaps.push(`${where}: a CORS preflight must not require credentials`);
        continue;
      }
      if (!methods.has(method)) continue;
      const required = nonEmpty(declared.security ?? contract.security).map((r) => asImported(contract, r));
      if (required.length === 0) {
        if (granted.length > 0)
          gaps.push(`${where}: public in the contract, the body requires ${JSON.stringify(granted)}`);
        continue;
      }
      if (granted.length === 0) {
        gaps.push(`${where}: the contract requires ${JSON.stringify(required)}, the body imports it without`);
        continue;
      }
      if (!isDeepStrictEqual(granted, required))
        gaps.push(`${where}: the contract requires ${JSON.stringify(required)}, the body ${JSON.stringify(granted)}`);
      for (const name of new Set(granted.flatMap((r) => Object.keys(r))))
        if (!enforced(body, schemes[name]))
          gaps.push(`${where}: security scheme ${name} is not a Cognito authorizer or a header API key in the body`);
    }
  }
  return gaps;
}

const contract = (): Document => parse(readFileSync(path.join(repoRoot, 'openapi/openapi.yaml'), 'utf8')) as Document;
const body = (): Document =>
  JSON.parse(readFileSync(path.join(repoRoot, 'openapi/generated/apigateway-body.json'), 'utf8')) as Document;

/** The path and method of the contract's first operation secured by a `:write` scope, whichever resource has it. */
function firstWrite(): [string, string] {
  for (const [path, item] of Object.entries(contract().paths))
    for (const [method, operation] of Object.entries(item))
      if (methods.has(method) && JSON.stringify(operation.security ?? []).includes(':write')) return [path, method];
  throw new Error('the contract secures no operation with a write scope');
}

describe('authorization of the imported body (what CKV_AWS_59 cannot see)', () => {
  it('gives every method of the generated body the authorization the contract declares', () => {
    assert.deepEqual(authorizationGaps(contract(), body()), []);
  });

  it("has something to check: the contract secures its resources' operations and leaves GET /health public", () => {
    const paths = contract().paths;
    assert.deepEqual(paths['/health']!.get!.security, []);
    const secured = Object.values(paths).flatMap((item) =>
      Object.entries(item).filter(([method, op]) => methods.has(method) && nonEmpty(op.security).length > 0),
    );
    assert.ok(secured.length >= 5, `only ${secured.length} secured operations`);
  });

  it('catches a secured operation imported without authorization', () => {
    const open = body();
    const [path, method] = firstWrite();
    delete open.paths[path]![method]!.security;
    assert.deepEqual(
      authorizationGaps(contract(), open).map((gap) => gap.replace(/requires .*, the body/, 'requires …, the body')),
      [`${method.toUpperCase()} ${path}: the contract requires …, the body imports it without`],
    );
  });

  it('catches an operation imported with another scope (a read token would pass a write)', () => {
    const widened = body();
    const [path, method] = firstWrite();
    const write = widened.paths[path]![method]!;
    write.security = write.security!.map((requirement) =>
      Object.fromEntries(
        Object.entries(requirement).map(([name, scopes]) => [name, scopes.map((s) => s.replace(':write', ':read'))]),
      ),
    );
    const gaps = authorizationGaps(contract(), widened);
    assert.equal(gaps.length, 1);
    assert.match(
      gaps[0]!,
      new RegExp(
        `^${method.toUpperCase()} ${path.replace(/[{}]/g, '\\$&')}: the contract requires .*:write.*, the body .*:read`,
      ),
    );
  });

  it('catches a security scheme API Gateway does not enforce', () => {
    const query = body();
    query.components!.securitySchemes!.apiKey!.in = 'query';
    const gaps = authorizationGaps(contract(), query);
    assert.ok(
      gaps.length > 0 &&
        gaps.every((gap) =>
          gap.endsWith('security scheme apiKey is not a Cognito authorizer or a header API key in the body'),
        ),
    );
    const noSource = body();
    delete noSource['x-amazon-apigateway-api-key-source'];
    assert.ok(authorizationGaps(contract(), noSource).length > 0, 'an API key without its source is not enforced');
  });

  it('catches a public operation, or a CORS preflight, that requires credentials', () => {
    const closed = body();
    closed.paths['/health']!.get!.security = [{ apiKey: [] }];
    closed.paths['/health']!.options!.security = [{ apiKey: [] }];
    assert.deepEqual(authorizationGaps(contract(), closed), [
      'GET /health: public in the contract, the body requires [{"apiKey":[]}]',
      'OPTIONS /health: a CORS preflight must not require credentials',
    ]);
  });

  it('catches a method the contract does not declare', () => {
    const extra = body();
    const [path] = firstWrite();
    extra.paths[path]!.head = { 'x-amazon-apigateway-integration': { type: 'aws_proxy' } };
    assert.deepEqual(authorizationGaps(contract(), extra), [`HEAD ${path}: not in the contract`]);
  });
});
