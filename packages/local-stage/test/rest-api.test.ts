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
    breakBody: (paths) => void (searchIntegration(paths, 'options').contentHandling = 'CONVERT_TO_TEXT'),
    error:
      /^Error: OPTIONS \/search: the local gateway cannot emulate x-amazon-apigateway-integration\.contentHandling$/,
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
