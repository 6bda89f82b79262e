/**
 * The real thing: the built handler bundle behind the local gateway on DynamoDB Local, with the token issuer on the
 * same port. The table DynamoDB Local holds has the key the contract declares; the function gets a Lambda-like
 * environment; every operation on a resource needs a token with its scope and an API key, as the contract declares.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { decodeJwt } from 'jose';
import { after, before, describe, it } from 'node:test';
import { infrastructure, operations } from '@items-api/openapi/operations';
import type { TableKeys } from '@items-api/handler/table';
import { StageError, startLocalStage, type LocalStage } from '../src/stage.ts';
import type { AccessLogEntry } from '../src/gateway/gateway.ts';
import { localDynamoDBClient, resetTables } from '../src/table.ts';
import { accessToken, authHeaders, loopback } from './support/credentials.ts';
import { isAlive } from './support/processes.ts';
import { exampleRequest, fillPath, resource } from './support/contract.ts';

const { collectionPath, itemPath, itemTemplate } = resource;

/** A problem+json answer of the gateway, with the CORS headers a browser needs to read it. */
async function assertProblem(response: Response, status: number, type: RegExp): Promise<void> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  assert.equal(response.headers.get('content-type'), 'application/problem+json');
  assert.equal(response.headers.get('access-control-allow-origin'), '*');
  const problem = JSON.parse(text) as { type: string; status: number };
  assert.match(problem.type, type);
  assert.equal(problem.status, status);
}

describe('local stage with the real bundle and DynamoDB Local', () => {
  let stage: LocalStage;
  let base: string;
  let scratch: string;
  let stageEnvPath: string;
  let auth: Record<string, string>;
  const log: AccessLogEntry[] = [];
  /** How many objects the table of the resource under test holds. */
  const storedCount = async () => {
    const client = localDynamoDBClient(stage.dynamodb.endpoint);
    try {
      return (await client.send(new ScanCommand({ TableName: stage.tableNames[resource.name], Select: 'COUNT' })))
        .Count;
    } finally {
      client.destroy();
    }
  };
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'local-stage-env-'));
    stageEnvPath = join(scratch, 'nested', 'stage.env');
    stage = await startLocalStage({
      port: 0,
      inMemory: true,
      accessLog: (entry) => log.push(entry),
      maxConcurrency: 2,
      stageEnvPath,
    });
    base = loopback(stage.url);
    auth = await authHeaders(stage.credentials);
  });
  after(async () => {
    await stage?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('creates a table per resource, <resource>-local, with the keys the contract declares (x-resources)', async () => {
    const client = localDynamoDBClient(stage.dynamodb.endpoint);
    try {
      assert.deepEqual(Object.keys(stage.tableNames), Object.keys(infrastructure.tables));
      for (const [resource, declared] of Object.entries<TableKeys>(infrastructure.tables)) {
        const tableName = stage.tableNames[resource];
        assert.equal(tableName, `${resource}-local`);
        const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
        const keys = [declared.partitionKey, ...(declared.sortKey ? [declared.sortKey] : [])];
        assert.deepEqual(
          Table?.KeySchema,
          keys.map(({ name }, index) => ({ AttributeName: name, KeyType: index === 0 ? 'HASH' : 'RANGE' })),
        );
        assert.deepEqual(
          Table?.AttributeDefinitions,
          keys.map(({ name, type }) => ({ AttributeName: name, AttributeType: type })),
        );
      }
    } finally {
      client.destroy();
    }
  });

  it('serves the token issuer on its own port: JWKS, and tokens whose issuer is the origin', async () => {
    const origin = new URL(stage.url).origin;
    assert.equal(stage.credentials.tokenUrl, `${origin}/oauth2/token`);
    const jwks = await fetch(`${base}/.well-known/jwks.json`);
    assert.equal(jwks.status, 200);
    const { keys } = (await jwks.json()) as { keys: { kty: string; alg: string; kid: string; d?: string }[] };
    assert.equal(keys.length, 1);
    assert.deepEqual([keys[0]?.kty, keys[0]?.alg, keys[0]?.d], ['RSA', 'RS256', undefined]);
    const claims = decodeJwt(await accessToken(stage.credentials.tokenUrl, stage.credentials));
    assert.equal(claims.iss, origin);
    assert.equal(claims.client_id, 'local');
    const { resourceServer, scopes } = infrastructure.access;
    assert.deepEqual(
      String(claims.scope).split(' ').sort(),
      Object.keys(scopes)
        .map((scope) => `${resourceServer}/${scope}`)
        .sort(),
    );
    const reader = decodeJwt(await accessToken(stage.credentials.tokenUrl, stage.credentials.reader));
    const readScopes = Object.keys(scopes).filter((scope) => scope.endsWith(':read'));
    assert.deepEqual(
      [reader.client_id, String(reader.scope).split(' ').sort()],
      ['local-reader', readScopes.map((scope) => `${resourceServer}/${scope}`).sort()],
    );
    // A wrong secret gets Cognito's answer, not a token.
    const refused = await fetch(loopback(stage.credentials.tokenUrl), {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('local:wrong-secret').toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    assert.equal(refused.status, 400);
    assert.equal(((await refused.json()) as { error: string }).error, 'invalid_client');
  });

  it('writes the credentials file (mode 0600) with the stage URL and both clients', async () => {
    assert.equal(stage.stageEnvPath, stageEnvPath);
    assert.equal((await stat(stageEnvPath)).mode & 0o777, 0o600);
    const { credentials } = stage;
    assert.equal(
      await readFile(stageEnvPath, 'utf8'),
      [
        `ITEMS_API_BASE_URL=${stage.url}`,
        `ITEMS_API_TOKEN_URL=${credentials.tokenUrl}`,
        `ITEMS_API_CLIENT_ID=${credentials.clientId}`,
        `ITEMS_API_CLIENT_SECRET=${credentials.clientSecret}`,
        `ITEMS_API_KEY=${credentials.apiKey}`,
        `ITEMS_API_READER_CLIENT_ID=${credentials.reader.clientId}`,
        `ITEMS_API_READER_CLIENT_SECRET=${credentials.reader.clientSecret}`,
        `ITEMS_API_READER_KEY=${credentials.reader.apiKey}`,
        '',
      ].join('\n'),
    );
    assert.ok(credentials.apiKey.length >= 20 && credentials.reader.apiKey.length >= 20);
    assert.notEqual(credentials.apiKey, credentials.reader.apiKey);
  });

  it(`answers GET ${collectionPath} without a token 401 problem+json with CORS headers, and without an API key 403`, async () => {
    const list = `${base}${collectionPath}`;
    await assertProblem(await fetch(list), 401, /unauthorized$/);
    await assertProblem(await fetch(list, { headers: { 'x-api-key': auth['x-api-key']! } }), 401, /unauthorized$/);
    await assertProblem(await fetch(list, { headers: { Authorization: auth.Authorization! } }), 403, /forbidden$/);
    await assertProblem(
      await fetch(list, { headers: { ...auth, 'x-api-key': stage.credentials.apiKey.slice(1) } }),
      403,
      /forbidden$/,
    );
    // Public: the health check and the CORS preflights.
    assert.equal((await fetch(`${base}/health`)).status, 200);
    const preflight = await fetch(list, {
      method: 'OPTIONS',
      headers: { Origin: 'http://example.test', 'Access-Control-Request-Method': 'POST' },
    });
    assert.ok(preflight.status < 300, String(preflight.status));
  });

  it('serves CRUD to a token from /oauth2/token, with an access log line per request', async () => {
    const path = itemPath('stage-test');
    const created = await fetch(`${base}${path}`, exampleRequest(resource.operations.replace, 'stage-test', auth).init);
    assert.equal(created.status, 201, await created.text());
    const read = await fetch(`${base}${path}`, { headers: auth });
    assert.equal(read.status, 200);
    assert.equal(read.headers.get('etag'), '"1"');
    const deleted = await fetch(`${base}${path}`, { method: 'DELETE', headers: auth });
    assert.equal(deleted.status, 204);
    assert.equal((await fetch(`${base}${path}`, { headers: auth })).status, 404);
    const entry = log.find((e) => e.method === 'PUT' && e.path === path && e.status === 201);
    assert.ok(entry);
    assert.equal(entry.resourcePath, itemTemplate);
    assert.ok((entry.integrationLatency ?? -1) >= 0);
    // The client and key that were admitted, never the token or the key's value.
    assert.deepEqual([entry.clientId, entry.apiKeyId], ['local', 'local']);
    assert.ok(!JSON.stringify(log).includes(stage.credentials.apiKey));
  });

  it('lets the read-only client read, and refuses its writes with 401 without writing anything', async () => {
    const reader = await authHeaders(stage.credentials, 'reader');
    assert.equal((await fetch(`${base}${collectionPath}`, { headers: reader })).status, 200);
    const before = await storedCount();
    const writes = resource.allOperations.filter((id) => operations[id].method !== 'GET');
    assert.ok(writes.length > 0);
    for (const id of writes) {
      const { path, init } = exampleRequest(id, 'must-not-be-written', reader);
      await assertProblem(await fetch(`${base}${path}`, init), 401, /unauthorized$/);
    }
    assert.equal(await storedCount(), before);
  });

  /** The raw answer to `request` written as is on a fresh connection: status line, headers and body. */
  async function rawExchange(
    request: string,
  ): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const url = new URL(base);
    const socket = connect(Number(url.port), url.hostname);
    await once(socket, 'connect');
    socket.write(request);
    const chunks: Buffer[] = [];
    for await (const chunk of socket) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const [head = '', body = ''] = text.split('\r\n\r\n');
    const [statusLine = '', ...headerLines] = head.split('\r\n');
    const headers = Object.fromEntries(
      headerLines.map((line) => [
        line.slice(0, line.indexOf(':')).toLowerCase(),
        line.slice(line.indexOf(':') + 1).trim(),
      ]),
    );
    return { status: Number(statusLine.split(' ')[1]), headers, body };
  }

  /** A raw answer that is the gateway's problem+json with CORS headers. */
  function assertRawProblem(answer: Awaited<ReturnType<typeof rawExchange>>, status: number, type: string): void {
    assert.equal(answer.status, status, answer.body);
    assert.equal(answer.headers['content-type'], 'application/problem+json');
    assert.equal(answer.headers['access-control-allow-origin'], '*');
    const problem = JSON.parse(answer.body) as { type: string; status: number };
    assert.equal(problem.type, `urn:items-api:problem:${type}`);
    assert.equal(problem.status, status);
  }

  it("refuses a request line and headers over API Gateway's 10,240 bytes with 413 problem+json, even past Node's 16 KiB", async () => {
    const headers = Object.entries(auth)
      .map(([name, value]) => `${name}: ${value}`)
      .join('\r\n');
    const head = (padding: number) =>
      `GET ${collectionPath} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${headers}\r\nX-Padding: ${'p'.repeat(padding)}\r\n\r\n`;
    // Just within the limit: answered; just over it and far over Node's own limit: 413.
    const within =
      10_240 - Buffer.byteLength(`GET ${collectionPath} HTTP/1.1localhostclose${Object.values(auth).join('')}`);
    assert.equal((await rawExchange(head(within))).status, 200);
    assertRawProblem(await rawExchange(head(within + 1)), 413, 'payload-too-large');
    assertRawProblem(await rawExchange(head(20_000)), 413, 'payload-too-large');
  });

  it('answers a malformed header line, and Transfer-Encoding with Content-Length, with 400 problem+json', async () => {
    assertRawProblem(
      await rawExchange(`GET ${collectionPath} HTTP/1.1\r\nHost: localhost\r\nBad Header Line\r\n\r\n`),
      400,
      'validation-failed',
    );
    assertRawProblem(
      await rawExchange(
        `PUT ${itemPath('x')} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      ),
      400,
      'validation-failed',
    );
  });

  it('refuses a body whose bytes are not UTF-8 with 400 malformed-json through every write with a body, storing nothing', async () => {
    const before = await storedCount();
    // The example body's first member, its string value made of bytes that are not UTF-8.
    const [member] = Object.keys(JSON.parse(resource.replaceBody) as object);
    const bytes = Buffer.concat([Buffer.from(`{"${member}":"`), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const writes = resource.allOperations.filter((id) => operations[id].requestBody !== null);
    assert.ok(writes.length > 0);
    for (const id of writes) {
      const { method, path, requestBody } = operations[id];
      const response = await fetch(`${base}${fillPath(path, 'not-utf8')}`, {
        method,
        headers: { ...auth, 'Content-Type': requestBody!.contentTypes[0] },
        body: bytes,
      });
      await assertProblem(response, 400, /malformed-json$/);
    }
    assert.equal(await storedCount(), before);
  });

  it('serves the docs page at /docs', async () => {
    const docs = await fetch(`${base}/docs`);
    assert.equal(docs.status, 200);
    assert.match(await docs.text(), /<title>[^<]*Items API/);
  });

  it('resets every table', async () => {
    const { path, init } = exampleRequest(resource.operations.replace, 'to-be-reset', auth);
    assert.equal((await fetch(`${base}${path}`, init)).status, 201);
    const client = localDynamoDBClient(stage.dynamodb.endpoint);
    try {
      await resetTables(client, infrastructure.tables, stage.tableNames);
      for (const TableName of Object.values(stage.tableNames))
        assert.equal((await client.send(new ScanCommand({ TableName, Select: 'COUNT' }))).Count, 0, TableName);
    } finally {
      client.destroy();
    }
    // The page's list of objects, whatever the page schema calls it.
    const page = (await (await fetch(`${base}${collectionPath}`, { headers: auth })).json()) as object;
    assert.deepEqual(Object.values(page).filter(Array.isArray), [[]]);
  });

  it('stops DynamoDB Local and removes the credentials file on stop()', async () => {
    const pid = stage.dynamodb.pid;
    await stage.stop();
    assert.equal(isAlive(pid), false);
    await assert.rejects(stat(stageEnvPath), { code: 'ENOENT' });
  });
});

describe('local stage start refusals', () => {
  it('says which credentials file it cannot write', async () => {
    await assert.rejects(
      startLocalStage({ port: 0, inMemory: true, accessLog: () => {}, stageEnvPath: '/dev/null/stage.env' }),
      (error: Error) =>
        error instanceof StageError &&
        /^Cannot write the credentials file \/dev\/null\/stage\.env: E[A-Z]+ \(--stage-env <file> elsewhere, or --no-stage-env\)$/.test(
          error.message,
        ),
    );
  });

  it('refuses usage plans without the plan a local client is on', async () => {
    await assert.rejects(
      startLocalStage({ port: 0, inMemory: true, accessLog: () => {}, usagePlans: {} }),
      (error: Error) =>
        error instanceof StageError &&
        /^Access control cannot be set up: The local client local \(default\) is on usage plan standard, which is not declared \(plans: none\)$/.test(
          error.message,
        ),
    );
  });
});
