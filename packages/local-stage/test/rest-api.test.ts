/**
 * Bodies other than ours: parameters, greedy paths, `ANY`, undeclared gateway responses, the integration timeout,
 * and every body the local gateway refuses at startup because it could not emulate it.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createGateway } from '../src/gateway/gateway.ts';
import { renderTemplate } from '../src/gateway/gateway-responses.ts';
import { loadRestApi, type ApiGatewayBody, type Declarations, type RestApi } from '../src/gateway/rest-api.ts';
import type { InvokeOptions, LambdaInvoker } from '../src/lambda/invoker.ts';

/** The fields these tests set or break; any others stay `unknown`, as in a real body. */
interface SampleIntegration {
  [field: string]: unknown;
  timeoutInMillis?: number;
  uri?: string;
  responses?: Record<string, { [field: string]: unknown; responseParameters?: Record<string, string> }>;
}
interface SampleMethod {
  operationId?: string;
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  'x-amazon-apigateway-request-validator'?: string;
  'x-amazon-apigateway-integration'?: SampleIntegration;
}
type SamplePaths = Record<string, Record<string, SampleMethod>>;

const proxy: SampleIntegration = { type: 'aws_proxy', httpMethod: 'POST', uri: 'arn', timeoutInMillis: 1000 };
const preflight: SampleIntegration = {
  type: 'mock',
  requestTemplates: { 'application/json': '{"statusCode": 200}' },
  responses: { default: { statusCode: '200', responseParameters: { 'method.response.header.Allow': "'GET'" } } },
};

/** A fresh copy per test, to be broken in one place. */
function sampleBody(): ApiGatewayBody & { paths: SamplePaths } {
  return structuredClone({
    paths: {
      '/search': {
        get: {
          operationId: 'search',
          parameters: [
            { name: 'q', in: 'query', required: true },
            { name: 'X-Tenant', in: 'header', required: true },
          ],
          'x-amazon-apigateway-integration': proxy,
        },
        post: {
          operationId: 'note',
          requestBody: {
            content: {
              'application/json': {
                schema: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
              },
            },
          },
          'x-amazon-apigateway-integration': proxy,
        },
        options: { 'x-amazon-apigateway-integration': preflight },
      },
      '/files/{path+}': {
        'x-amazon-apigateway-any-method': { operationId: 'anyFile', 'x-amazon-apigateway-integration': proxy },
      },
      '/files/special': {
        get: { operationId: 'special', 'x-amazon-apigateway-integration': { ...proxy, timeoutInMillis: 250 } },
      },
    },
    'x-amazon-apigateway-request-validators': { all: { validateRequestBody: true, validateRequestParameters: true } },
    'x-amazon-apigateway-request-validator': 'all',
  });
}

function sampleDeclarations(): Declarations & {
  operations: Record<string, { method: string; path: string; integration: string }>;
} {
  return {
    operations: {
      search: { method: 'GET', path: '/search', integration: 'lambda' },
      note: { method: 'POST', path: '/search', integration: 'lambda' },
      anyFile: { method: 'ANY', path: '/files/{path+}', integration: 'lambda' },
      special: { method: 'GET', path: '/files/special', integration: 'lambda' },
    },
  };
}

/** Answers with what it was given, and remembers each invocation's timeout. */
function echoInvoker(): LambdaInvoker & { timeouts: number[] } {
  const timeouts: number[] = [];
  return {
    timeouts,
    invoke: (event, options: InvokeOptions) => {
      timeouts.push(options.timeoutMs);
      const body = JSON.stringify({ resource: event.resource, pathParameters: event.pathParameters });
      return Promise.resolve({ kind: 'result', result: { statusCode: 200, body } });
    },
    close: async () => {},
  };
}

async function withGateway(
  api: RestApi,
  invoker: LambdaInvoker,
  test: (base: string) => Promise<void>,
  integrationTimeoutMs?: number,
): Promise<void> {
  const server = createServer(
    createGateway({ api, invoker, ...(integrationTimeoutMs !== undefined && { integrationTimeoutMs }) }),
  ).listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    await test(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.close();
  }
}

describe('a body with other features', () => {
  const api = loadRestApi(sampleBody(), sampleDeclarations());

  it('routes greedy path parameters and ANY methods, literal resources first', async () => {
    await withGateway(api, echoInvoker(), async (base) => {
      const any = await fetch(`${base}/files/a/b/c.txt`, { method: 'DELETE' });
      assert.deepEqual(await any.json(), { resource: '/files/{path+}', pathParameters: { path: 'a/b/c.txt' } });
      const special = await fetch(`${base}/files/special`);
      assert.deepEqual(await special.json(), { resource: '/files/special', pathParameters: null });
      assert.equal((await fetch(`${base}/files`)).status, 403);
    });
  });

  it("checks required parameters and falls back to API Gateway's own answers", async () => {
    await withGateway(api, echoInvoker(), async (base) => {
      const missing = await fetch(`${base}/search?q=x`);
      assert.equal(missing.status, 400);
      assert.deepEqual(await missing.json(), { message: 'Missing required request parameters' });
      const ok = await fetch(`${base}/search?q=x`, { headers: { 'X-Tenant': 't' } });
      assert.equal(ok.status, 200);
      const unknown = await fetch(`${base}/nothing`);
      assert.equal(unknown.status, 403);
      assert.deepEqual(await unknown.json(), { message: 'Missing Authentication Token' });
    });
  });

  it('validates a body against its model when the body asks for it (BAD_REQUEST_BODY)', async () => {
    await withGateway(api, echoInvoker(), async (base) => {
      const post = (body: string, type = 'application/json') =>
        fetch(`${base}/search?q=x`, { method: 'POST', body, headers: { 'Content-Type': type, 'X-Tenant': 't' } });
      for (const refused of ['{"text":', '{}', '{"text":1}']) {
        const response = await post(refused);
        assert.equal(response.status, 400, refused);
        assert.deepEqual(await response.json(), { message: 'Invalid request body' });
      }
      assert.equal((await post('{"text":"x"}')).status, 200);
      // No model for this media type: passed through to the function.
      assert.equal((await post('{}', 'text/plain')).status, 200);
    });
  });

  it('answers a method that is not a contract operation from its mock, without the function', async () => {
    const invoker = echoInvoker();
    await withGateway(api, invoker, async (base) => {
      const preflight = await fetch(`${base}/search`, { method: 'OPTIONS' });
      assert.equal(preflight.status, 200);
      assert.equal(preflight.headers.get('allow'), 'GET');
      assert.equal(await preflight.text(), '');
    });
    assert.deepEqual(invoker.timeouts, []);
  });

  it("applies what a mock's request template sets in $context.responseOverride, as on AWS", async () => {
    // AWS-recorded: test/vtl-parity/cases.ts, test_integration_mock_with_response_override_in_request_template.
    const body = sampleBody();
    searchIntegration(body.paths, 'options').requestTemplates = {
      'application/json':
        '#set($context.responseOverride.status = 444)#set($context.responseOverride.header.foo = "bar")#set($context.responseOverride.header.allow = "GET, POST"){"statusCode": 200}',
    };
    await withGateway(loadRestApi(body, sampleDeclarations()), echoInvoker(), async (base) => {
      const preflight = await fetch(`${base}/search`, { method: 'OPTIONS' });
      assert.equal(preflight.status, 444);
      assert.equal(preflight.headers.get('foo'), 'bar');
      assert.equal(preflight.headers.get('allow'), 'GET, POST');
      assert.equal(await preflight.text(), '');
    });
  });

  it("invokes with each integration's timeoutInMillis, unless the gateway overrides it", async () => {
    const invoker = echoInvoker();
    await withGateway(api, invoker, async (base) => {
      await fetch(`${base}/files/special`);
      await fetch(`${base}/files/x`);
    });
    const overridden = echoInvoker();
    await withGateway(api, overridden, async (base) => void (await fetch(`${base}/files/special`)), 77);
    assert.deepEqual([...invoker.timeouts, ...overridden.timeouts], [250, 1000, 77]);
  });

  it('renders $context variables, escaped inside JSON templates', () => {
    const context = { requestId: 'r-1', path: '/a"b', error: { message: 'Invalid' } };
    assert.equal(
      renderTemplate('{"p":"$context.path","id":"${context.requestId}","m":"$context.error.message."}', context, true),
      '{"p":"/a\\"b","id":"r-1","m":"Invalid."}',
    );
    assert.equal(renderTemplate('$context.unknown|', context, false), '|');
  });
});

const searchIntegration = (paths: SamplePaths, method: 'get' | 'options') =>
  paths['/search']![method]!['x-amazon-apigateway-integration']!;
const preflightResponse = (paths: SamplePaths) => searchIntegration(paths, 'options').responses!.default!;

/** What the local gateway cannot emulate is refused when the body is loaded, naming the method. */
const refusals: {
  what: string;
  breakBody?: (paths: SamplePaths) => void;
  breakDeclarations?: (declarations: ReturnType<typeof sampleDeclarations>) => void;
  error: RegExp;
}[] = [
  {
    what: 'an operation the contract does not declare',
    breakBody: (paths) => void (paths['/files/special']!.get!.operationId = 'other'),
    error: /^Error: GET \/files\/special \(other\) is in the body but not declared by the contract$/,
  },
  {
    what: 'an operation declared with another method or path',
    breakDeclarations: (d) => void (d.operations.special!.path = '/special'),
    error: /^Error: GET \/files\/special \(special\): the contract declares special as GET \/special$/,
  },
  {
    what: 'a declared operation missing from the body',
    breakBody: (paths) => void delete paths['/files/special'],
    error: /^Error: special \(GET \/files\/special\) is declared by the contract but missing from the body$/,
  },
  {
    what: 'an integration kind without an emulator',
    breakDeclarations: (d) => void (d.operations.search!.integration = 'http'),
    error:
      /^Error: GET \/search \(search\): the local gateway has no emulator for integration kind "http" \(it emulates lambda, dynamodb\)$/,
  },
  {
    what: 'a method without an integration',
    breakBody: (paths) => void delete paths['/search']!.get!['x-amazon-apigateway-integration'],
    error: /^Error: GET \/search \(search\) has no x-amazon-apigateway-integration$/,
  },
  {
    what: 'a lambda operation with another integration type',
    breakBody: (paths) =>
      void (paths['/search']!.get!['x-amazon-apigateway-integration'] = { ...proxy, type: 'http_proxy' }),
    error: /^Error: GET \/search \(search\): a lambda operation needs an aws_proxy integration, not http_proxy$/,
  },
  {
    what: 'a Lambda proxy integration field the gateway would ignore',
    breakBody: (paths) =>
      void (paths['/search']!.get!['x-amazon-apigateway-integration'] = {
        ...proxy,
        requestParameters: { 'integration.request.header.X': "'y'" },
      }),
    error:
      /^Error: GET \/search \(search\): the local gateway cannot emulate x-amazon-apigateway-integration\.requestParameters$/,
  },
  {
    what: 'a Lambda proxy integration without a timeout',
    breakBody: (paths) => void delete searchIntegration(paths, 'get').timeoutInMillis,
    error: /^Error: GET \/search \(search\): a Lambda proxy integration needs timeoutInMillis, a positive integer$/,
  },
  {
    what: 'a Lambda proxy integration called with GET',
    breakBody: (paths) =>
      void (paths['/search']!.get!['x-amazon-apigateway-integration'] = { ...proxy, httpMethod: 'GET' }),
    error: /^Error: GET \/search \(search\): a Lambda proxy integration's httpMethod must be POST, not GET$/,
  },
  {
    what: 'a Lambda proxy integration without a uri',
    breakBody: (paths) => void delete searchIntegration(paths, 'get').uri,
    error: /^Error: GET \/search \(search\): a Lambda proxy integration needs the function's invocation uri$/,
  },
  {
    what: 'a method that is not a contract operation and not a mock',
    breakBody: (paths) => void (paths['/search']!.options!['x-amazon-apigateway-integration'] = proxy),
    error:
      /^Error: OPTIONS \/search is not a contract operation \(no operationId\), so only a mock integration can answer it, not aws_proxy$/,
  },
  {
    what: 'a mock field the gateway would ignore',
    breakBody: (paths) => void (searchIntegration(paths, 'options').cacheNamespace = 'search'),
    error:
      /^Error: OPTIONS \/search: the local gateway cannot emulate x-amazon-apigateway-integration\.cacheNamespace$/,
  },
  {
    what: 'a mock content conversion other than CONVERT_TO_TEXT',
    breakBody: (paths) => void (searchIntegration(paths, 'options').contentHandling = 'CONVERT_TO_BINARY'),
    error: /^Error: OPTIONS \/search: the local gateway emulates contentHandling CONVERT_TO_TEXT only$/,
  },
  {
    what: 'a mock with response selection',
    breakBody: (paths) => void (searchIntegration(paths, 'options').responses!['4\\d{2}'] = { statusCode: '400' }),
    error:
      /^Error: OPTIONS \/search: the local gateway cannot emulate a mock's response selection \("4\\d\{2\}"\); give it one default response$/,
  },
  {
    what: 'a mock without a default response',
    breakBody: (paths) => void delete searchIntegration(paths, 'options').responses,
    error: /^Error: OPTIONS \/search: a mock integration needs a default response$/,
  },
  {
    what: 'a mock request template that is not emulated',
    breakBody: (paths) =>
      void (searchIntegration(paths, 'options').requestTemplates = { 'application/json': '#set($context.stage = 1)' }),
    error: /^Error: OPTIONS \/search, request template: #set\(\$context\.stage\)/,
  },
  {
    what: 'a mock response with a body template',
    breakBody: (paths) => void (preflightResponse(paths).responseTemplates = { 'application/json': '{}' }),
    error: /^Error: OPTIONS \/search: the local gateway cannot emulate a mock response's responseTemplates$/,
  },
  {
    what: 'a mock response without an HTTP status',
    breakBody: (paths) => void (preflightResponse(paths).statusCode = 'ok'),
    error: /^Error: OPTIONS \/search: a mock response's statusCode must be an HTTP status, not ok$/,
  },
  {
    what: 'a mock response header that is not a literal',
    breakBody: (paths) =>
      void (preflightResponse(paths).responseParameters = {
        'method.response.header.Allow': 'method.request.header.Origin',
      }),
    error:
      /^Error: OPTIONS \/search: the local gateway cannot emulate the mock response parameter method\.response\.header\.Allow: method\.request\.header\.Origin$/,
  },
  {
    what: 'an undeclared request validator',
    breakBody: (paths) => void (paths['/search']!.get!['x-amazon-apigateway-request-validator'] = 'none'),
    error: /^Error: GET \/search \(search\) names an undeclared request validator "none"$/,
  },
];

describe('bodies the local gateway refuses at startup', () => {
  it('loads the unbroken sample', () => {
    assert.deepEqual(
      [...loadRestApi(sampleBody(), sampleDeclarations()).resources.keys()],
      ['/search', '/files/{path+}', '/files/special'],
    );
  });

  for (const refusal of refusals) {
    it(`refuses ${refusal.what}`, () => {
      const body = sampleBody();
      const declarations = sampleDeclarations();
      refusal.breakBody?.(body.paths);
      refusal.breakDeclarations?.(declarations);
      assert.throws(
        () => loadRestApi(body, declarations),
        (error: Error) => (assert.match(String(error), refusal.error), true),
      );
    });
  }
});

const userPoolArn = 'arn:aws:cognito-idp:eu-west-1:000000000000:userpool/eu-west-1_local';
const cognitoScheme = () => ({
  type: 'apiKey',
  name: 'Authorization',
  in: 'header',
  'x-amazon-apigateway-authtype': 'cognito_user_pools',
  'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: [userPoolArn] } as Record<
    string,
    unknown
  >,
});

type SecuredBody = ApiGatewayBody & {
  paths: Record<string, Record<string, SampleMethod & { security?: unknown }>>;
  components: { securitySchemes: Record<string, Record<string, unknown>> };
};

/** The sample with a Cognito authorizer and API keys: search needs `s/read` and a key, note a key only. */
function securedBody(): SecuredBody {
  const body = sampleBody() as SecuredBody;
  body.components = {
    securitySchemes: { auth: cognitoScheme(), key: { type: 'apiKey', name: 'x-api-key', in: 'header' } },
  };
  body['x-amazon-apigateway-api-key-source'] = 'HEADER';
  body.paths['/search']!.get!.security = [{ auth: ['s/read'], key: [] }];
  body.paths['/search']!.post!.security = [{ key: [] }];
  body.paths['/files/special']!.get!.security = [];
  return body;
}

const schemeOf = (body: SecuredBody, name: string) => body.components.securitySchemes[name]!;
const authorizerOf = (body: SecuredBody) =>
  schemeOf(body, 'auth')['x-amazon-apigateway-authorizer'] as Record<string, unknown>;
const searchGet = (body: SecuredBody) => body.paths['/search']!.get!;

/** Security constructs the local gateway does not emulate, refused when the body is loaded. */
const securityRefusals: { what: string; breakBody: (body: SecuredBody) => void; error: RegExp }[] = [
  {
    what: 'a Lambda TOKEN authorizer',
    breakBody: (body) => void (authorizerOf(body).type = 'token'),
    error: /^Error: Security scheme auth: the local gateway cannot emulate a "token" authorizer/,
  },
  {
    what: 'a Lambda REQUEST authorizer',
    breakBody: (body) => void (authorizerOf(body).type = 'request'),
    error: /^Error: Security scheme auth: the local gateway cannot emulate a "request" authorizer/,
  },
  {
    what: "an HTTP API's JWT authorizer (an oauth2 scheme)",
    breakBody: (body) =>
      void (body.components.securitySchemes.auth = {
        type: 'oauth2',
        flows: {},
        'x-amazon-apigateway-authorizer': {
          type: 'jwt',
          jwtConfiguration: {},
          identitySource: '$request.header.Authorization',
        },
      }),
    error: /^Error: Security scheme auth: the local gateway emulates apiKey-typed schemes only .*, not "oauth2"$/,
  },
  {
    what: 'IAM authorization (sigv4)',
    breakBody: (body) =>
      void (body.components.securitySchemes.key = {
        type: 'apiKey',
        name: 'Authorization',
        in: 'header',
        'x-amazon-apigateway-authtype': 'awsSigv4',
      }),
    error:
      /^Error: Security scheme key: the local gateway cannot emulate x-amazon-apigateway-authtype "awsSigv4" \(IAM authorization is not emulated\)$/,
  },
  {
    what: 'API keys from an authorizer',
    breakBody: (body) => void (body['x-amazon-apigateway-api-key-source'] = 'AUTHORIZER'),
    error:
      /^Error: x-amazon-apigateway-api-key-source "AUTHORIZER": the local gateway emulates HEADER \(the x-api-key header\) only$/,
  },
  {
    what: 'API keys in another header',
    breakBody: (body) => void (schemeOf(body, 'key').name = 'X-Key'),
    error: /^Error: Security scheme key must read the x-api-key header \(in: header, name: x-api-key\)$/,
  },
  {
    what: 'an authorizer reading another header',
    breakBody: (body) => void (schemeOf(body, 'auth').name = 'X-Token'),
    error: /^Error: Security scheme auth must read the Authorization header/,
  },
  {
    what: 'an identity source other than the Authorization header',
    breakBody: (body) => void (authorizerOf(body).identitySource = 'method.request.header.X-Token'),
    error:
      /^Error: Security scheme auth: the local gateway emulates the identity source method\.request\.header\.Authorization only, not "method\.request\.header\.X-Token"$/,
  },
  {
    what: 'an authorizer field it would ignore (identityValidationExpression)',
    breakBody: (body) => void (authorizerOf(body).identityValidationExpression = '^Bearer .+$'),
    error:
      /^Error: Security scheme auth \(x-amazon-apigateway-authorizer\): the local gateway cannot emulate identityValidationExpression$/,
  },
  {
    what: 'a cognito authorizer without its authtype',
    breakBody: (body) => void delete schemeOf(body, 'auth')['x-amazon-apigateway-authtype'],
    error:
      /^Error: Security scheme auth: a cognito_user_pools authorizer needs x-amazon-apigateway-authtype cognito_user_pools$/,
  },
  {
    what: 'an authorizer without a user pool',
    breakBody: (body) => void (authorizerOf(body).providerARNs = []),
    error: /^Error: Security scheme auth: providerARNs must list the user pool's ARN$/,
  },
  {
    what: 'a provider that is not a user pool ARN (an unrendered template variable)',
    breakBody: (body) => void (authorizerOf(body).providerARNs = ['${cognito_user_pool_arn}']),
    error: /^Error: Security scheme auth: "\$\{cognito_user_pool_arn\}" in providerARNs is not a user pool ARN$/,
  },
  {
    what: 'an authorizer naming two user pools',
    breakBody: (body) => void (authorizerOf(body).providerARNs = [userPoolArn, `${userPoolArn}2`]),
    error: /^Error: Security scheme auth: providerARNs names several user pools: /,
  },
  {
    what: 'two authorizers naming different user pools',
    breakBody: (body) => {
      const other = cognitoScheme();
      other['x-amazon-apigateway-authorizer'].providerARNs = [`${userPoolArn}2`];
      body.components.securitySchemes.other = other;
    },
    error: /^Error: The body's Cognito authorizers name several user pools \(.*\); the local gateway has one issuer$/,
  },
  {
    what: 'a top-level security',
    breakBody: (body) => void (body.security = [{ key: [] }]),
    error: /^Error: The body has a top-level security; the local gateway reads security per method only$/,
  },
  {
    what: 'several security requirement objects (alternatives)',
    breakBody: (body) => void (searchGet(body).security = [{ auth: ['s/read'] }, { key: [] }]),
    error: /^Error: GET \/search \(search\): the local gateway cannot emulate several security requirement objects/,
  },
  {
    what: 'an empty requirement (optional security)',
    breakBody: (body) => void (searchGet(body).security = [{}]),
    error: /^Error: GET \/search \(search\): an empty security requirement \(optional security\) is not emulated$/,
  },
  {
    what: 'a scheme the body does not declare',
    breakBody: (body) => void (searchGet(body).security = [{ oauth: ['s/read'] }]),
    error:
      /^Error: GET \/search \(search\): security names the scheme oauth, which components\.securitySchemes does not declare$/,
  },
  {
    what: 'a Cognito method without scopes (ID tokens)',
    breakBody: (body) => void (searchGet(body).security = [{ auth: [], key: [] }]),
    error:
      /^Error: GET \/search \(search\): auth without authorization scopes would take ID tokens, which the local gateway does not emulate$/,
  },
  {
    what: 'two authorizers on one method',
    breakBody: (body) => {
      body.components.securitySchemes.other = cognitoScheme();
      searchGet(body).security = [{ auth: ['s/read'], other: ['s/read'] }];
    },
    error: /^Error: GET \/search \(search\): a method has one authorizer, not several$/,
  },
  {
    what: 'an API key requirement with scopes',
    breakBody: (body) => void (searchGet(body).security = [{ key: ['s/read'] }]),
    error: /^Error: GET \/search \(search\): the API key scheme key takes no scopes$/,
  },
  {
    what: 'security that is not a list',
    breakBody: (body) => void (searchGet(body).security = { auth: ['s/read'] }),
    error: /^Error: GET \/search \(search\): security must be a list of requirement objects$/,
  },
];

describe('security: what the local gateway reads and refuses', () => {
  it('reads each method’s authorizer scopes and API key requirement', () => {
    const api = loadRestApi(securedBody(), sampleDeclarations());
    const security = (path: string, method: string) => api.resources.get(path)?.get(method)?.security;
    assert.deepEqual(security('/search', 'GET'), { authorizationScopes: ['s/read'], apiKeyRequired: true });
    assert.deepEqual(security('/search', 'POST'), { authorizationScopes: undefined, apiKeyRequired: true });
    assert.deepEqual(security('/search', 'OPTIONS'), { authorizationScopes: undefined, apiKeyRequired: false });
    assert.deepEqual(security('/files/special', 'GET'), { authorizationScopes: undefined, apiKeyRequired: false });
  });

  it('refuses to start a gateway without access for a secured body, naming the method', () => {
    const api = loadRestApi(securedBody(), sampleDeclarations());
    assert.throws(
      () => createGateway({ api, invoker: echoInvoker() }),
      /^Error: GET \/search \(search\) requires a Cognito authorizer and an API key, but the gateway has no access \(token verifier and usage plans\) to check it with$/,
    );
    const keyOnly = securedBody();
    delete searchGet(keyOnly).security;
    assert.throws(
      () => createGateway({ api: loadRestApi(keyOnly, sampleDeclarations()), invoker: echoInvoker() }),
      /^Error: POST \/search \(note\) requires an API key, but the gateway has no access/,
    );
  });

  for (const refusal of securityRefusals) {
    it(`refuses ${refusal.what}`, () => {
      const body = securedBody();
      refusal.breakBody(body);
      assert.throws(
        () => loadRestApi(body, sampleDeclarations()),
        (error: Error) => (assert.match(String(error), refusal.error), true),
      );
    });
  }
});
