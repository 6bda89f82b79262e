/**
 * Access control in the contract (issue 14): the two security schemes, each operation's `security`, what the
 * generators make of them (the body's authorizer and method security, infrastructure.json's `access`), and every way
 * the contract can get them wrong, each failing with a message that names the place.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { infrastructure as infrastructureTs, operations } from '../generated/operations.ts';
import { listOperations, loadContract, type Json, type JsonObject } from '../src/contract.ts';
import { bodyTemplateVariables, renderApiGatewayBody } from '../src/generators/apigateway-body.ts';
import { renderInfrastructure, type Infrastructure } from '../src/generators/infrastructure.ts';
import { renderOperations } from '../src/generators/operations.ts';
import { readResources } from '../src/resources.ts';
import { readAccess, readOperationAccess } from '../src/security.ts';
import { assertContractError } from './support/contract-errors.ts';
import { named, operationNamed, operationObject } from './support/contract-operations.ts';

const generated = (file: string) => new URL(`../generated/${file}`, import.meta.url);
const body = JSON.parse(await readFile(generated('apigateway-body.json'), 'utf8')) as JsonObject;
const infrastructure = JSON.parse(await readFile(generated('infrastructure.json'), 'utf8')) as Infrastructure;
const contract = await loadContract();

/** A copy of the contract, edited. */
function edited(edit: (copy: JsonObject) => void): JsonObject {
  const copy = structuredClone(contract);
  edit(copy);
  return copy;
}

const schemesOf = (document: JsonObject) => (document.components as JsonObject).securitySchemes as JsonObject;
const oauthOf = (document: JsonObject) => schemesOf(document).itemsOAuth as JsonObject;
const apiKeyOf = (document: JsonObject) => schemesOf(document).apiKey as JsonObject;
const standardPlanOf = (document: JsonObject) =>
  (apiKeyOf(document)['x-api-key-usage-plans'] as JsonObject).standard as JsonObject;

const schemes = '#.components.securitySchemes';

/**
 * Issue 14's decision, by method and path rather than by a list of operations (so it covers each one added, and each
 * resource's): GET /health is public, any other GET reads the resource its path is under (`/items/...`:
 * `items:read`), anything else writes it (`items:write`).
 */
const publicPaths = ['/health'];
const scopeOf = ({ method, path }: { method: string; path: string }) =>
  publicPaths.includes(path) ? undefined : `${path.split('/')[1]}:${method.toLowerCase() === 'get' ? 'read' : 'write'}`;

/** The scopes the contract declares, with their descriptions, as the contract states them. */
const declaredScopes = ((oauthOf(contract).flows as JsonObject).clientCredentials as JsonObject).scopes as Record<
  string,
  string
>;

/**
 * The operation whose `security` the tests replace: the contract's first write (any operation needing a token and
 * a key would do), with the scope it needs and the resource's read scope.
 */
const write =
  listOperations(contract).find(
    (o) => o.method !== 'get' && readOperationAccess(readAccess(contract), o).apiKeyRequired,
  ) ?? assert.fail('the contract has no write');
const [writeScope] = readOperationAccess(readAccess(contract), write).scopes;
const readScope = scopeOf({ method: 'get', path: write.path });
assert.ok(writeScope && readScope && readScope in declaredScopes, `${write.operationId}: ${writeScope}, ${readScope}`);

/** A copy of the contract with the write's `security` replaced (`undefined` removes it). */
function withWriteSecurity(security: Json | undefined): JsonObject {
  return edited((copy) => {
    const operation = operationObject(copy, write);
    if (security === undefined) delete operation.security;
    else operation.security = security;
  });
}

function readWriteAccess(document: JsonObject) {
  return readOperationAccess(readAccess(document), operationNamed(document, write.operationId));
}

const writeWhere = `${named(write)}: security`;

describe('the contract declares access control', () => {
  it("as issue 14 decided: reads need the resource's read scope (items:read), writes its write scope, both an API key; health is public", () => {
    const declared = Object.fromEntries(
      listOperations(contract).map((o) => [o.operationId, readOperationAccess(readAccess(contract), o)]),
    );
    const decided = Object.fromEntries(
      listOperations(contract).map((o) => {
        const scope = scopeOf(o);
        return [
          o.operationId,
          scope ? { scopes: [scope], apiKeyRequired: true } : { scopes: [], apiKeyRequired: false },
        ];
      }),
    );
    assert.deepEqual(declared, decided);
    assert.deepEqual(declared.getHealth, { scopes: [], apiKeyRequired: false });
  });

  it('reads the schemes: the resource server, its scopes, the API key header and the usage plans', () => {
    // A read and a write scope for each resource (which issue 14's test holds its operations to).
    for (const resource of Object.keys(readResources(contract)))
      for (const scope of [`${resource}:read`, `${resource}:write`]) assert.ok(scope in declaredScopes, scope);
    assert.deepEqual(readAccess(contract), {
      oauth: {
        scheme: 'itemsOAuth',
        resourceServer: 'items-api',
        scopes: declaredScopes,
      },
      apiKey: {
        scheme: 'apiKey',
        header: 'x-api-key',
        usagePlans: {
          standard: { throttle: { rateLimit: 100, burstLimit: 200 }, quota: { limit: 1000000, period: 'MONTH' } },
        },
      },
    });
  });

  it('states security on each operation, not at the top (so a new operation is never public by default)', () => {
    assert.equal(contract.security, undefined);
  });
});

describe('security schemes', () => {
  it('must be one oauth2 and one apiKey scheme: anything else cannot be enforced', () => {
    assertContractError(
      () => readAccess(edited((c) => delete (c.components as JsonObject).securitySchemes)),
      '#.components.securitySchemes must be an object',
    );
    assertContractError(
      () => readAccess(edited((c) => delete schemesOf(c).itemsOAuth)),
      `${schemes} declares no oauth2 scheme`,
    );
    assertContractError(
      () => readAccess(edited((c) => delete schemesOf(c).apiKey)),
      `${schemes} declares no apiKey scheme`,
    );
    for (const [name, scheme, type] of [
      ['bearer', { type: 'http', scheme: 'bearer' }, '"http"'],
      ['oidc', { type: 'openIdConnect', openIdConnectUrl: 'https://example.com' }, '"openIdConnect"'],
      ['second', { type: 'oauth2', flows: {} }, '"oauth2"'],
      ['otherKey', { type: 'apiKey', in: 'header', name: 'x-api-key' }, '"apiKey"'],
      ['typeless', {}, '(none)'],
    ] as const) {
      assertContractError(
        () => readAccess(edited((c) => (schemesOf(c)[name] = scheme))),
        `${schemes}.${name} (type ${type}) cannot be enforced: the API takes one oauth2 scheme (a Cognito user pool) and one apiKey scheme`,
      );
    }
  });

  it('oauth2: the API name as resource server, the client credentials flow only, named and described scopes', () => {
    const where = `${schemes}.itemsOAuth`;
    assert.equal(readAccess(edited((c) => (c['x-api-name'] = 'orders'))).oauth.resourceServer, 'orders');
    for (const name of [undefined, '', 'Items', 'items api', 'items--api', 'items-', '1items', 'x'.repeat(33)]) {
      assertContractError(
        () => readAccess(edited((c) => (c['x-api-name'] = name ?? null))),
        `#.x-api-name must be the API's name: 1-32 lower-case letters, digits and single inner hyphens, starting with a letter (found ${JSON.stringify(name ?? null)})`,
      );
    }
    assertContractError(
      () =>
        readAccess(
          edited((c) => {
            (oauthOf(c).flows as JsonObject).authorizationCode = {};
          }),
        ),
      `${where}.flows has "authorizationCode"; it takes clientCredentials`,
    );
    const scopes = (c: JsonObject) =>
      ((oauthOf(c).flows as JsonObject).clientCredentials as JsonObject).scopes as JsonObject;
    for (const name of ['items/read', 'items read', '']) {
      assertContractError(
        () => readAccess(edited((c) => (scopes(c)[name] = 'x'))),
        `${where}.flows.clientCredentials.scopes["${name}"]: a scope name is 1-256 printable ASCII characters without spaces, '"', '/' or '\\'`,
      );
    }
    for (const description of ['', 7, 'x'.repeat(257)]) {
      assertContractError(
        () => readAccess(edited((c) => (scopes(c)['items:admin'] = description))),
        `${where}.flows.clientCredentials.scopes["items:admin"] must be a description of 1-256 characters (Cognito requires one)`,
      );
    }
    assertContractError(
      () =>
        readAccess(
          edited((c) => {
            ((oauthOf(c).flows as JsonObject).clientCredentials as JsonObject).scopes = {};
          }),
        ),
      `${where}.flows.clientCredentials.scopes is empty`,
    );
  });

  it('apiKey: the x-api-key header (any case), the only place API Gateway reads a key from', () => {
    const where = `${schemes}.apiKey`;
    for (const [key, value] of [
      ['in', 'query'],
      ['in', 'cookie'],
      ['name', 'api-key'],
    ] as const) {
      assertContractError(
        () => readAccess(edited((c) => (apiKeyOf(c)[key] = value))),
        `${where} must be "in: header" with "name: x-api-key": API Gateway reads API keys only there`,
      );
    }
    assert.equal(readAccess(edited((c) => (apiKeyOf(c).name = 'X-API-Key'))).apiKey.header, 'x-api-key');
  });

  it('usage plans: at least one, kebab-case names, only throttle and quota', () => {
    const where = `${schemes}.apiKey.x-api-key-usage-plans`;
    assertContractError(
      () => readAccess(edited((c) => delete apiKeyOf(c)['x-api-key-usage-plans'])),
      `${schemes}.apiKey.x-api-key-usage-plans must be an object`,
    );
    assertContractError(
      () => readAccess(edited((c) => (apiKeyOf(c)['x-api-key-usage-plans'] = {}))),
      `${where} is empty: an API key works only in a usage plan`,
    );
    assertContractError(
      () => readAccess(edited((c) => ((apiKeyOf(c)['x-api-key-usage-plans'] as JsonObject).Gold = {}))),
      `${where} key "Gold" must be kebab-case`,
    );
    assertContractError(
      () => readAccess(edited((c) => (standardPlanOf(c).burst = 5))),
      `${where}.standard has "burst"; it takes throttle, quota`,
    );
    assert.deepEqual(
      readAccess(edited((c) => ((apiKeyOf(c)['x-api-key-usage-plans'] as JsonObject).unlimited = {}))).apiKey.usagePlans
        .unlimited,
      {},
    );
  });

  it('usage plans: rateLimit > 0, burstLimit whole >= 1', () => {
    const where = `${schemes}.apiKey.x-api-key-usage-plans.standard.throttle`;
    const withThrottle = (throttle: Json) => edited((c) => (standardPlanOf(c).throttle = throttle));
    for (const [rateLimit, shown] of [
      [0, '0'],
      [-1, '-1'],
      ['100', '"100"'],
      [Number.POSITIVE_INFINITY, 'null'],
      [undefined, '(none)'],
    ] as const) {
      assertContractError(
        () => readAccess(withThrottle(rateLimit === undefined ? { burstLimit: 1 } : { rateLimit, burstLimit: 1 })),
        `${where}.rateLimit must be a number of requests per second > 0, found ${shown}`,
      );
    }
    for (const [burstLimit, shown] of [
      [0, '0'],
      [1.5, '1.5'],
      [undefined, '(none)'],
    ] as const) {
      assertContractError(
        () => readAccess(withThrottle(burstLimit === undefined ? { rateLimit: 1 } : { rateLimit: 1, burstLimit })),
        `${where}.burstLimit must be a whole number >= 1, found ${shown}`,
      );
    }
    assertContractError(
      () => readAccess(withThrottle({ rateLimit: 1, burstLimit: 1, period: 'DAY' })),
      `${where} has "period"; it takes rateLimit, burstLimit`,
    );
    assert.deepEqual(readAccess(withThrottle({ rateLimit: 0.5, burstLimit: 1 })).apiKey.usagePlans.standard?.throttle, {
      rateLimit: 0.5,
      burstLimit: 1,
    });
  });

  it('usage plans: quota limit whole >= 1, period DAY|WEEK|MONTH, 0 <= offset < limit', () => {
    const where = `${schemes}.apiKey.x-api-key-usage-plans.standard.quota`;
    const withQuota = (quota: Json) => edited((c) => (standardPlanOf(c).quota = quota));
    for (const [limit, shown] of [
      [0, '0'],
      [2.5, '2.5'],
      [undefined, '(none)'],
    ] as const) {
      assertContractError(
        () => readAccess(withQuota(limit === undefined ? { period: 'DAY' } : { limit, period: 'DAY' })),
        `${where}.limit must be a whole number >= 1, found ${shown}`,
      );
    }
    for (const [period, shown] of [
      ['YEAR', '"YEAR"'],
      ['day', '"day"'],
      [undefined, '(none)'],
    ] as const) {
      assertContractError(
        () => readAccess(withQuota(period === undefined ? { limit: 10 } : { limit: 10, period })),
        `${where}.period must be one of DAY, WEEK, MONTH, found ${shown}`,
      );
    }
    assertContractError(
      () => readAccess(withQuota({ limit: 10, period: 'DAY', offset: -1 })),
      `${where}.offset must be a whole number >= 0, found -1`,
    );
    assertContractError(
      () => readAccess(withQuota({ limit: 10, period: 'DAY', offset: 10 })),
      `${where}.offset (10) must be below limit (10)`,
    );
    assert.deepEqual(
      readAccess(withQuota({ limit: 10, period: 'WEEK', offset: 9 })).apiKey.usagePlans.standard?.quota,
      {
        limit: 10,
        period: 'WEEK',
        offset: 9,
      },
    );
  });
});

describe("an operation's security", () => {
  it('must be stated on every operation', () => {
    assertContractError(
      () => readWriteAccess(withWriteSecurity(undefined)),
      `${writeWhere} is missing (every operation states who may call it; \`security: []\` when public)`,
    );
    assertContractError(
      () => readWriteAccess(withWriteSecurity({ itemsOAuth: [writeScope] })),
      `${writeWhere} must be a list of requirement objects`,
    );
  });

  it('is one requirement object: API Gateway has no alternatives, and an empty one would mean anonymous', () => {
    assertContractError(
      () => readWriteAccess(withWriteSecurity([{ itemsOAuth: [writeScope] }, { apiKey: [] }])),
      `${writeWhere} lists 2 requirement objects (alternatives); API Gateway enforces exactly one`,
    );
    assertContractError(
      () => readWriteAccess(withWriteSecurity([{}])),
      `${writeWhere}[0] is empty (anonymous access); write \`security: []\` for a public operation`,
    );
    assertContractError(() => readWriteAccess(withWriteSecurity(['itemsOAuth'])), `${writeWhere}[0] must be an object`);
  });

  it('names declared schemes only', () => {
    assertContractError(
      () => readWriteAccess(withWriteSecurity([{ itemsOAuth: [writeScope], bearer: [] }])),
      `${writeWhere}[0] names "bearer", which is not a scheme of #.components.securitySchemes (itemsOAuth, apiKey)`,
    );
  });

  it('asks for exactly one declared scope of the oauth2 scheme, and none of the API key', () => {
    assertContractError(
      () => readWriteAccess(withWriteSecurity([{ itemsOAuth: ['items:admin'], apiKey: [] }])),
      `${writeWhere}[0].itemsOAuth: "items:admin" is not a scope of itemsOAuth (one of: ${Object.keys(declaredScopes).join(', ')})`,
    );
    // The full name belongs in the body, not in the contract.
    assertContractError(
      () => readWriteAccess(withWriteSecurity([{ itemsOAuth: [`items-api/${writeScope}`] }])),
      `${writeWhere}[0].itemsOAuth: "items-api/${writeScope}" is not a scope of itemsOAuth (one of: ${Object.keys(declaredScopes).join(', ')})`,
    );
    for (const scopes of [[readScope, writeScope], []]) {
      assertContractError(
        () => readWriteAccess(withWriteSecurity([{ itemsOAuth: scopes, apiKey: [] }])),
        `${writeWhere}[0].itemsOAuth names ${scopes.length} scopes; exactly one is enforceable (API Gateway grants a method on ANY of its scopes, OpenAPI means ALL; without one the authorizer wants ID tokens)`,
      );
    }
    assertContractError(
      () => readWriteAccess(withWriteSecurity([{ itemsOAuth: [writeScope], apiKey: [writeScope] }])),
      `${writeWhere}[0].apiKey must be [] (an API key has no scopes)`,
    );
    assertContractError(
      () => readWriteAccess(withWriteSecurity([{ itemsOAuth: writeScope }])),
      `${writeWhere}[0].itemsOAuth must be a list of scope names`,
    );
  });

  it('may ask for a token alone or a key alone', () => {
    assert.deepEqual(readWriteAccess(withWriteSecurity([{ itemsOAuth: [readScope] }])), {
      scopes: [readScope],
      apiKeyRequired: false,
    });
    assert.deepEqual(readWriteAccess(withWriteSecurity([{ apiKey: [] }])), {
      scopes: [],
      apiKeyRequired: true,
    });
  });

  it('stops every generator that reads it, naming the operation', () => {
    const broken = withWriteSecurity(undefined);
    for (const render of [renderInfrastructure, renderOperations, renderApiGatewayBody]) {
      assertContractError(
        () => render(broken),
        `${writeWhere} is missing (every operation states who may call it; \`security: []\` when public)`,
      );
    }
  });

  it('documents what the gateway answers a refused request with: 401 with a token, 403 with an API key', () => {
    const without = (status: string, security?: Json) =>
      edited((c) => {
        const operation = operationObject(c, write);
        delete (operation.responses as JsonObject)[status];
        if (security !== undefined) operation.security = security;
      });
    assertContractError(
      () => renderApiGatewayBody(without('401')),
      `${named(write)} does not document 401, which API Gateway answers an operation that needs an access token with (UNAUTHORIZED)`,
    );
    assertContractError(
      () => renderApiGatewayBody(without('403')),
      `${named(write)} does not document 403, which API Gateway answers an operation that needs an API key with (INVALID_API_KEY)`,
    );
    // Each status is needed only by the scheme that raises it.
    assert.doesNotThrow(() => renderApiGatewayBody(without('401', [{ apiKey: [] }])));
    assert.doesNotThrow(() => renderApiGatewayBody(without('403', [{ itemsOAuth: [writeScope] }])));
  });
});

describe('the API Gateway body', () => {
  const paths = body.paths as Record<string, Record<string, JsonObject>>;

  it('has a Cognito user pool authorizer on the pool Terraform names, and the API key in x-api-key', () => {
    assert.deepEqual((body.components as JsonObject).securitySchemes, {
      itemsOAuth: {
        type: 'apiKey',
        name: 'Authorization',
        in: 'header',
        'x-amazon-apigateway-authtype': 'cognito_user_pools',
        'x-amazon-apigateway-authorizer': {
          type: 'cognito_user_pools',
          providerARNs: ['${cognito_user_pool_arn}'],
        },
      },
      apiKey: { type: 'apiKey', name: 'x-api-key', in: 'header' },
    });
    assert.equal(body['x-amazon-apigateway-api-key-source'], 'HEADER');
    assert.equal(body.security, undefined);
  });

  it("requires each item method's full scope name and the API key; health and preflights require nothing", () => {
    const expected: Record<string, Json> = {};
    for (const operation of listOperations(contract)) {
      const scope = scopeOf(operation);
      expected[`${operation.method} ${operation.path}`] = scope
        ? [{ itemsOAuth: [`items-api/${scope}`], apiKey: [] }]
        : null;
      expected[`options ${operation.path}`] = null;
    }
    const actual: Record<string, Json> = {};
    for (const [path, item] of Object.entries(paths))
      for (const [method, operation] of Object.entries(item)) {
        assert.ok(operation.security !== null, `${method} ${path}: security is null`);
        actual[`${method} ${path}`] = operation.security ?? null;
      }
    assert.deepEqual(actual, expected);
  });

  it('declares cognito_user_pool_arn a template variable, so templatefile() fills it and the stray-${ check allows it', () => {
    assert.ok(bodyTemplateVariables.includes('cognito_user_pool_arn'));
    assert.equal(new Set(bodyTemplateVariables).size, bodyTemplateVariables.length);
  });

  it('answers every refusal of the scheme with problem+json: 401, 403, 429', () => {
    const responses = body['x-amazon-apigateway-gateway-responses'] as Record<string, JsonObject>;
    const statuses = Object.fromEntries(
      ['UNAUTHORIZED', 'ACCESS_DENIED', 'INVALID_API_KEY', 'THROTTLED', 'QUOTA_EXCEEDED', 'EXPIRED_TOKEN'].map(
        (type) => [type, responses[type]?.statusCode],
      ),
    );
    assert.deepEqual(statuses, {
      UNAUTHORIZED: '401',
      ACCESS_DENIED: '403',
      INVALID_API_KEY: '403',
      THROTTLED: '429',
      QUOTA_EXCEEDED: '429',
      EXPIRED_TOKEN: '403',
    });
  });
});

describe('infrastructure.json and operations.ts', () => {
  it("hold `access`: the resource server, its scopes, the API key header and the usage plans' limits", () => {
    assert.deepEqual(infrastructure.access, {
      resourceServer: 'items-api',
      scopes: declaredScopes,
      apiKeyHeader: 'x-api-key',
      usagePlans: {
        standard: { throttle: { rateLimit: 100, burstLimit: 200 }, quota: { limit: 1000000, period: 'MONTH' } },
      },
    });
    assert.deepEqual(infrastructureTs.access, infrastructure.access);
  });

  it("give each operation the scopes and API key requirement the body's method has", () => {
    for (const [id, operation] of Object.entries(infrastructure.operations)) {
      const security = methodSecurityOf(operation.method, operation.path);
      const fullNames = operation.scopes.map((scope) => `${infrastructure.access.resourceServer}/${scope}`);
      assert.deepEqual(security?.[0]?.itemsOAuth ?? [], fullNames, id);
      assert.equal(security?.[0]?.apiKey !== undefined, operation.apiKeyRequired, id);
      const inOperationsTs = operations[id as keyof typeof operations];
      assert.deepEqual(
        { scopes: inOperationsTs.scopes, apiKeyRequired: inOperationsTs.apiKeyRequired },
        { scopes: operation.scopes, apiKeyRequired: operation.apiKeyRequired },
        id,
      );
    }
  });
});

/** The body's `security` of a method. */
function methodSecurityOf(method: string, path: string): Record<string, string[]>[] | undefined {
  const item = (body.paths as Record<string, Record<string, JsonObject>>)[path];
  return item?.[method.toLowerCase()]?.security as Record<string, string[]>[] | undefined;
}
