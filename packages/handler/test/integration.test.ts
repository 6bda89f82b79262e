/**
 * The handler (TypeScript source) when DynamoDB is out of reach: a real SDK client against an endpoint that refuses
 * or never answers, no mocks. The request is a read of the contract's first resource that has one, made of its
 * examples (the items resource's own tests are in items/).
 */
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { localCredentials } from '@items-api/dynamodb-local';
import { infrastructure, operations } from '@items-api/openapi/operations';
import { createApp } from '../src/app.ts';
import { createDocumentClient, sdkLimits } from '../src/dynamodb.ts';
import { createLogger } from '../src/logger.ts';
import { exampleRequests } from './contract-examples.ts';
import { event, everyTable, firstOperation, parse, testCursorKey } from './helpers.ts';

const read = firstOperation('read');
const noRead = read ? false : 'the contract declares no resource with a read operation';

/** The answer to the read when the app's DynamoDB client goes to `client.endpoint`. */
async function readThrough(client: Omit<Parameters<typeof createDocumentClient>[0], 'region'>) {
  assert.ok(read);
  const app = createApp({
    client: createDocumentClient({ region: 'local', credentials: localCredentials, ...client }),
    tableNames: everyTable,
    region: 'local',
    cursorKey: () => Promise.resolve(testCursorKey),
    logger: createLogger({ level: 'SILENT', service: 'items-api' }),
  });
  const [request] = exampleRequests(read);
  assert.ok(request);
  return parse(await app(event(operations[read].method, request.path, request.init)));
}

describe('DynamoDB out of reach', () => {
  it('answers 503 with Retry-After within seconds', { skip: noRead }, async () => {
    const started = Date.now();
    const res = await readThrough({ endpoint: 'http://127.0.0.1:9' });
    assert.equal(res.status, 503);
    assert.equal(res.headers['Retry-After'], '1');
    assert.ok(Date.now() - started < 15_000);
  });

  it(
    'answers 503 when DynamoDB accepts the connection but never answers (request timeout, not a hang)',
    { skip: noRead },
    async () => {
      const sockets: Socket[] = [];
      const silent = createServer((socket) => void sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as { port: number };
      try {
        const started = Date.now();
        const res = await readThrough({
          endpoint: `http://127.0.0.1:${port}`,
          limits: { ...sdkLimits, requestTimeoutMs: 300 },
        });
        assert.equal(res.status, 503);
        assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
        assert.equal(sockets.length, sdkLimits.maxAttempts, 'the SDK retried, within its bound');
      } finally {
        for (const socket of sockets) socket.destroy();
        silent.close();
      }
    },
  );

  it("keeps the worst case (every attempt timing out) well under API Gateway's integration timeout", () => {
    const worstCaseMs = sdkLimits.maxAttempts * (sdkLimits.connectionTimeoutMs + sdkLimits.requestTimeoutMs);
    // At most half of it: the rest is for the back-off between attempts, a cold start and the response.
    const boundMs = infrastructure.integrationTimeoutMillis / 2;
    assert.ok(
      worstCaseMs <= boundMs,
      `${worstCaseMs} ms of SDK attempts leave too little of the gateway's ${infrastructure.integrationTimeoutMillis} ms`,
    );
  });
});
