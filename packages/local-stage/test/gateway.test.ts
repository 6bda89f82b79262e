/**
 * The gateway emulation against the real generated body with every operation on the Lambda (whatever the contract
 * serves directly: the Lambda proxy is what these tests exercise), with a fake function (in-process and in worker
 * threads). Expected statuses, headers and problem types come from the body and the operations table. Every request
 * carries a token with every contract scope and an API key (gateway-access.test.ts covers the refusals).
 */
import assert from 'node:assert/strict';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { allowedMethods, cors, problemTypeUriPrefix } from '@items-api/openapi/operations';
import { createGateway, type AccessLogEntry } from '../src/gateway/gateway.ts';
import { createWorkerInvoker } from '../src/lambda/worker-invoker.ts';
import type { LambdaInvoker } from '../src/lambda/invoker.ts';
import { createTestAccess, loadLambdaApi, statusOf } from './support/gateway-access.ts';
import { fillPath, resource } from './support/contract.ts';

const api = await loadLambdaApi();
const fakeBundle = fileURLToPath(new URL('./fixtures/fake-handler.mjs', import.meta.url));
const testAccess = await createTestAccess();
const credentials = await testAccess.headers('writer');
/** Paths of the resource under test; the fake function acts on an object's key (`echo`, `hang`, ...). */
const { collectionPath, itemPath, itemTemplate } = resource;

/** `fetch` with the writer's token and API key added to the request's own headers. */
function authorizedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(credentials)) if (!headers.has(name)) headers.set(name, value);
  return fetch(url, { ...init, headers });
}

async function listen(
  invoker: LambdaInvoker,
  log: AccessLogEntry[],
  options: { integrationTimeoutMs?: number; maxRequestBytes?: number; stage?: string; basePath?: string } = {},
): Promise<{ server: Server; base: string }> {
  const server = createServer(
    createGateway({ api, invoker, access: testAccess.access, accessLog: (entry) => log.push(entry), ...options }),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('gateway with the function in worker threads', () => {
  const log: AccessLogEntry[] = [];
  let server: Server;
  let base: string;
  const invoker = createWorkerInvoker({ bundlePath: fakeBundle, maxConcurrency: 2, logStream: process.stderr });
  before(async () => {
    ({ server, base } = await listen(invoker, log, { integrationTimeoutMs: 300, maxRequestBytes: 64 * 1024 }));
  });
  after(async () => {
    server.close();
    await invoker.close();
  });

  it('builds a faithful AWS_PROXY v1 event', async () => {
    const response = await authorizedFetch(`${base}${itemPath('echo')}?limit=5&tag=a&tag=b`, {
      headers: { 'X-Custom': 'one', 'User-Agent': 'gateway-test' },
    });
    assert.equal(response.status, 200);
    assert.ok(response.headers.get('x-amzn-requestid'));
    const { event, remaining, awsRequestId } = (await response.json()) as {
      event: APIGatewayProxyEvent;
      remaining: number;
      awsRequestId: string;
    };
    assert.equal(event.resource, itemTemplate);
    assert.equal(event.path, itemPath('echo'));
    assert.equal(event.httpMethod, 'GET');
    assert.deepEqual(event.pathParameters, resource.pathParameters('echo'));
    assert.deepEqual(event.queryStringParameters, { limit: '5', tag: 'b' });
    assert.deepEqual(event.multiValueQueryStringParameters, { limit: ['5'], tag: ['a', 'b'] });
    assert.equal(event.headers['X-Custom'], 'one');
    assert.deepEqual(event.multiValueHeaders['X-Custom'], ['one']);
    assert.equal(event.stageVariables, null);
    assert.equal(event.body, null);
    assert.equal(event.isBase64Encoded, false);
    assert.equal(event.requestContext.stage, 'local');
    // Served at `/`, as behind a custom domain without base path: the client's path is the API's path.
    assert.equal(event.requestContext.path, itemPath('echo'));
    assert.equal(event.requestContext.resourcePath, itemTemplate);
    assert.equal(event.requestContext.httpMethod, 'GET');
    assert.equal(event.requestContext.identity.sourceIp, '127.0.0.1');
    assert.equal(event.requestContext.identity.userAgent, 'gateway-test');
    // The Cognito authorizer's claims and the API key (gateway-access.test.ts checks them in full).
    const { claims } = event.requestContext.authorizer as { claims: Record<string, string> };
    assert.deepEqual([claims.client_id, claims.token_use], ['writer', 'access']);
    assert.equal(event.requestContext.identity.apiKeyId, 'writer-key');
    assert.equal(event.requestContext.identity.apiKey, credentials['x-api-key']);
    assert.equal(event.requestContext.requestId, response.headers.get('x-amzn-requestid'));
    assert.equal(awsRequestId, event.requestContext.requestId);
    assert.equal(typeof event.requestContext.requestTimeEpoch, 'number');
    assert.ok(remaining > 0 && remaining <= 1_300);
  });

  it('sets resource and pathParameters like API Gateway: null without parameters, values as received', async () => {
    const routed = async (path: string) =>
      (await (await authorizedFetch(`${base}${path}`)).json()) as { resource: string; pathParameters: unknown };
    assert.deepEqual(await routed(collectionPath), {
      path: collectionPath,
      resource: collectionPath,
      pathParameters: null,
    });
    assert.deepEqual(await routed(itemPath('a/b c')), {
      path: itemPath('a/b c'),
      resource: itemTemplate,
      pathParameters: resource.pathParameters('a%2Fb%20c'),
    });
    assert.deepEqual(await routed('/health'), { path: '/health', resource: '/health', pathParameters: null });
  });

  it('honours multiValueHeaders and isBase64Encoded in the result', async () => {
    const response = await authorizedFetch(`${base}${itemPath('multi')}`);
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('x-one'), 'a');
    assert.deepEqual(response.headers.getSetCookie(), ['a=1', 'b=2']);
    assert.equal(await response.text(), 'binary!');
  });

  it('answers CORS preflight from the mock integration declared in the body', async () => {
    for (const [path, methods] of Object.entries(allowedMethods)) {
      const response = await authorizedFetch(`${base}${fillPath(path, 'x')}`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://example.com', 'Access-Control-Request-Method': 'GET' },
      });
      assert.equal(response.status, 204, path);
      assert.equal(response.headers.get('access-control-allow-origin'), cors.allowOrigin);
      assert.deepEqual(response.headers.get('access-control-allow-methods')?.split(','), [...methods]);
      assert.deepEqual(response.headers.get('access-control-allow-headers')?.split(','), [...cors.allowHeaders]);
      assert.equal(response.headers.get('access-control-max-age'), String(cors.maxAgeSeconds));
    }
  });

  async function expectProblem(response: Response, type: string, problemKey: string): Promise<Record<string, unknown>> {
    assert.equal(response.status, statusOf(type));
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    assert.equal(response.headers.get('access-control-allow-origin'), cors.allowOrigin);
    const problem = (await response.json()) as Record<string, unknown>;
    assert.equal(problem.type, `${problemTypeUriPrefix}${problemKey}`);
    assert.equal(problem.status, statusOf(type));
    assert.equal(problem.requestId, response.headers.get('x-amzn-requestid'));
    return problem;
  }

  it('answers an unknown route or method with MISSING_AUTHENTICATION_TOKEN', async () => {
    const problem = await expectProblem(
      await authorizedFetch(`${base}/nope`),
      'MISSING_AUTHENTICATION_TOKEN',
      'not-found',
    );
    assert.equal(problem.instance, '/nope');
    assert.equal(problem.detail, 'No route matches GET /nope.');
    assert.equal(log.at(-1)?.resourcePath, null);
    await expectProblem(
      await authorizedFetch(`${base}/health`, { method: 'DELETE' }),
      'MISSING_AUTHENTICATION_TOKEN',
      'not-found',
    );
    // The resource matched, the method did not: the log still names the resource, as API Gateway's does.
    assert.equal(log.at(-1)?.resourcePath, '/health');
    for (const path of [`${itemPath('a')}/b`, `${collectionPath}/`, '/', `/${collectionPath}`]) {
      await expectProblem(await authorizedFetch(`${base}${path}`), 'MISSING_AUTHENTICATION_TOKEN', 'not-found');
    }
  });

  it('passes every body to the function: the generated body declares no request validator', async () => {
    // The function answers malformed-json or validation-failed with errors, as the contract says; API Gateway's
    // BAD_REQUEST_BODY could not tell the two apart (rest-api.test.ts covers the emulation for bodies that ask).
    const put = (text: string, contentType?: string) =>
      authorizedFetch(`${base}${itemPath('x')}`, {
        method: 'PUT',
        body: text,
        headers: contentType ? { 'Content-Type': contentType } : {},
      });
    for (const [text, type] of [
      ['{"text":', 'application/json'],
      ['{}', 'application/json'],
      ['{}', undefined],
      ['x', 'text/plain'],
    ]) {
      assert.equal((await put(text as string, type)).status, 200, `${text} ${type}`);
    }
    const patch = await authorizedFetch(`${base}${itemPath('x')}`, {
      method: 'PATCH',
      body: '{}',
      headers: { 'Content-Type': 'application/merge-patch+json' },
    });
    assert.equal(patch.status, 200);
  });

  it('sends no header the function set to null, and then adds no default Content-Type either', async () => {
    const noContent = await authorizedFetch(`${base}${itemPath('no-content')}`);
    assert.equal(noContent.status, 204);
    assert.equal(noContent.headers.get('content-type'), null);
    assert.equal(noContent.headers.get('x-gone'), null);
    // Without a Content-Type of its own, a response gets API Gateway's default.
    const untyped = await authorizedFetch(`${base}${itemPath('no-type')}`);
    assert.equal(untyped.headers.get('content-type'), 'application/json');
  });

  it('answers REQUEST_TOO_LARGE over the payload limit', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(70 * 1024) });
    await expectProblem(
      await authorizedFetch(`${base}${itemPath('x')}`, {
        method: 'PUT',
        body: big,
        headers: { 'Content-Type': 'application/json' },
      }),
      'REQUEST_TOO_LARGE',
      'payload-too-large',
    );
  });

  it('answers INTEGRATION_TIMEOUT when the function hangs, and keeps serving', async () => {
    await expectProblem(await authorizedFetch(`${base}${itemPath('hang')}`), 'INTEGRATION_TIMEOUT', 'gateway-timeout');
    assert.equal((await authorizedFetch(`${base}${itemPath('echo')}`)).status, 200);
  });

  it('answers INTEGRATION_FAILURE when the function throws, returns garbage or crashes', async () => {
    for (const path of ['throw', 'garbage', 'crash', 'exit'].map(itemPath)) {
      await expectProblem(await authorizedFetch(`${base}${path}`), 'INTEGRATION_FAILURE', 'bad-gateway');
    }
    assert.equal((await authorizedFetch(`${base}${itemPath('echo')}`)).status, 200);
  });

  it('runs invocations concurrently up to the pool size', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => authorizedFetch(`${base}${itemPath('echo')}`)));
    assert.deepEqual(
      results.map((r) => r.status),
      [200, 200, 200, 200, 200, 200],
    );
  });

  it('writes one access log entry per request', async () => {
    const before = log.length;
    const response = await authorizedFetch(`${base}${itemPath('throw')}`);
    await response.arrayBuffer();
    assert.equal(log.length, before + 1);
    const entry = log.at(-1) as AccessLogEntry;
    assert.equal(entry.requestId, response.headers.get('x-amzn-requestid'));
    assert.equal(entry.method, 'GET');
    assert.equal(entry.path, itemPath('throw'));
    assert.equal(entry.resourcePath, itemTemplate);
    assert.equal(entry.status, 502);
    assert.equal(entry.ip, '127.0.0.1');
    assert.equal(entry.errorMessage, 'Internal server error');
    assert.equal(entry.clientId, 'writer');
    assert.equal(entry.apiKeyId, 'writer-key');
    assert.equal(entry.authorizeError, null);
    assert.equal(typeof entry.integrationLatency, 'number');
    assert.equal(entry.responseLength, Number(response.headers.get('content-length')));
  });
});

describe('gateway serving under a stage path, as an execute-api URL does', () => {
  const log: AccessLogEntry[] = [];
  let server: Server;
  let origin: string;
  const invoker = createWorkerInvoker({ bundlePath: fakeBundle, maxConcurrency: 1, logStream: process.stderr });
  before(async () => {
    ({ server, base: origin } = await listen(invoker, log, { stage: 'dev', basePath: '/dev' }));
  });
  after(async () => {
    server.close();
    await invoker.close();
  });

  it('puts the stage in requestContext.path and requestContext.stage, not in the event path', async () => {
    const response = await authorizedFetch(`${origin}/dev${itemPath('echo')}?limit=1`);
    assert.equal(response.status, 200);
    const { event } = (await response.json()) as { event: APIGatewayProxyEvent };
    assert.equal(event.path, itemPath('echo'));
    assert.equal(event.resource, itemTemplate);
    assert.deepEqual(event.pathParameters, resource.pathParameters('echo'));
    assert.equal(event.requestContext.path, `/dev${itemPath('echo')}`);
    assert.equal(event.requestContext.stage, 'dev');
    assert.equal(log.at(-1)?.path, `/dev${itemPath('echo')}`);
  });

  it("names the client's path, stage included, in the gateway's own problems", async () => {
    const response = await authorizedFetch(`${origin}/dev/nope`);
    assert.equal(response.status, statusOf('MISSING_AUTHENTICATION_TOKEN'));
    const problem = (await response.json()) as Record<string, unknown>;
    assert.equal(problem.instance, '/dev/nope');
    assert.equal(problem.detail, 'No route matches GET /dev/nope.');
  });

  it('answers a path outside the stage as execute-api answers an unknown stage: 403 Forbidden', async () => {
    for (const path of [itemPath('echo'), `/develop${itemPath('echo')}`, '/', '/dev2']) {
      const response = await authorizedFetch(`${origin}${path}`);
      assert.equal(response.status, 403, path);
      assert.deepEqual(await response.json(), { message: 'Forbidden' });
    }
    // The stage itself is the root resource (none in this API: not found there).
    assert.equal((await authorizedFetch(`${origin}/dev`)).status, statusOf('MISSING_AUTHENTICATION_TOKEN'));
  });
});

describe('worker invoker', () => {
  it('reports a bundle that cannot load', async () => {
    const invoker = createWorkerInvoker({ bundlePath: '/nonexistent/index.mjs' });
    await assert.rejects(invoker.warm(), /Cannot find module|ERR_MODULE_NOT_FOUND|nonexistent/);
    await invoker.close();
  });
});
