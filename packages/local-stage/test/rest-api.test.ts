/** What the gateway does for bodies other than ours: parameters, greedy paths, undeclared gateway responses. */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createGateway } from '../src/gateway/gateway.ts';
import { renderTemplate } from '../src/gateway/gateway-responses.ts';
import { loadRestApi, matchResource, type ApiGatewayBody } from '../src/gateway/rest-api.ts';
import type { LambdaInvoker } from '../src/lambda/invoker.ts';

const proxy = { type: 'aws_proxy', httpMethod: 'POST', uri: 'arn', timeoutInMillis: 1000 };
const body: ApiGatewayBody = {
  paths: {
    '/search': {
      get: {
        parameters: [
          { name: 'q', in: 'query', required: true },
          { name: 'X-Tenant', in: 'header', required: true },
        ],
        'x-amazon-apigateway-integration': proxy,
      },
    },
    '/files/{path+}': { 'x-amazon-apigateway-any-method': { 'x-amazon-apigateway-integration': proxy } },
    '/files/special': { get: { 'x-amazon-apigateway-integration': proxy } },
  },
  'x-amazon-apigateway-request-validators': { all: { validateRequestBody: true, validateRequestParameters: true } },
  'x-amazon-apigateway-request-validator': 'all',
};

const echo: LambdaInvoker = {
  invoke: async (event) => ({ kind: 'result', result: { statusCode: 200, body: JSON.stringify({ resource: event.resource, pathParameters: event.pathParameters }) } }),
  close: async () => {},
};

describe('a body with other features', () => {
  const api = loadRestApi(body);

  it('matches greedy path parameters, literal resources first', () => {
    assert.deepEqual(matchResource(api, '/files/a/b/c.txt')?.pathParameters, { path: 'a/b/c.txt' });
    assert.equal(matchResource(api, '/files/special')?.resource.path, '/files/special');
    assert.equal(matchResource(api, '/files'), undefined);
  });

  it('checks required parameters and falls back to API Gateway\'s own answers', async () => {
    const server = createServer(createGateway({ api, invoker: echo })).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const missing = await fetch(`${base}/search?q=x`);
      assert.equal(missing.status, 400);
      assert.deepEqual(await missing.json(), { message: 'Missing required request parameters' });
      const ok = await fetch(`${base}/search?q=x`, { headers: { 'X-Tenant': 't' } });
      assert.equal(ok.status, 200);
      const any = await fetch(`${base}/files/x/y`, { method: 'DELETE' });
      assert.deepEqual(await any.json(), { resource: '/files/{path+}', pathParameters: { path: 'x/y' } });
      const unknown = await fetch(`${base}/nothing`);
      assert.equal(unknown.status, 403);
      assert.deepEqual(await unknown.json(), { message: 'Missing Authentication Token' });
    } finally {
      server.close();
    }
  });

  it('renders $context variables, escaped inside JSON templates', () => {
    const context = { requestId: 'r-1', path: '/a"b', error: { message: 'Invalid' } };
    assert.equal(renderTemplate('{"p":"$context.path","id":"${context.requestId}","m":"$context.error.message."}', context, true), '{"p":"/a\\"b","id":"r-1","m":"Invalid."}');
    assert.equal(renderTemplate('$context.unknown|', context, false), '|');
  });
});
