/**
 * The cursor signing key: its two sources, read from SSM on first use and kept for the execution environment, and
 * the signed GetParameter request that reads it (against a loopback server answering as SSM does).
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { operations } from '@items-api/openapi/operations';
import type { App } from '../src/app.ts';
import { createCursorCodec } from '../src/cursor.ts';
import { keyAttributesOf, tableKeys } from '../src/table.ts';
import { createDocumentClient } from '../src/dynamodb.ts';
import { ParameterStoreError, parameterReader, parameterStoreEndpoint } from '../src/parameter-store.ts';
import { CursorKeyError, cursorKeyOnFirstUse, readCursorKey, setCursorKeyCommand } from '../src/signing-key.ts';
import { event, everyTable, firstOperation, parse } from './helpers.ts';

const parameterName = '/items-api/dev/cursor-signing-key';
const storedKey = 'A3q0cYtN0m3v8Zz1k7JQpXc2r9WbD5eF6gH7iJ8kL9m';
const fromParameter = { kind: 'parameter', name: parameterName } as const;

/** A loopback SSM: answers GetParameter from `values` (ParameterNotFound otherwise) and records each request. */
const seen: Array<{ headers: IncomingHttpHeaders; body: unknown }> = [];
let values: Record<string, string> = {};
let failWith: { status: number; type: string } | undefined;
const ssm = createServer((request, response) => {
  let text = '';
  request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  request.on('end', () => {
    const body = JSON.parse(text) as { Name: string };
    seen.push({ headers: request.headers, body });
    const value = values[body.Name];
    const [status, answer] = failWith
      ? [failWith.status, { __type: `com.amazonaws.ssm#${failWith.type}`, message: 'refused' }]
      : value === undefined
        ? [400, { __type: 'ParameterNotFound', message: 'not found' }]
        : [200, { Parameter: { Name: body.Name, Type: 'SecureString', Value: value } }];
    response.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1' });
    response.end(JSON.stringify(answer));
  });
});
let endpoint = '';
const client = () =>
  createDocumentClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' },
  });

before(async () => {
  await new Promise<void>((resolve) => ssm.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(ssm.address() as AddressInfo).port}`;
});
after(() => ssm.close());
afterEach(() => {
  seen.length = 0;
  values = {};
  failWith = undefined;
});

describe('parameterReader', () => {
  it("signs GetParameter with decryption as SigV4 for ssm, with the DynamoDB client's credentials", async () => {
    values = { [parameterName]: storedKey };
    assert.equal(await parameterReader(client(), 'eu-west-1', endpoint)(parameterName), storedKey);
    const [request] = seen;
    assert.deepEqual(request?.body, { Name: parameterName, WithDecryption: true });
    assert.equal(request?.headers['x-amz-target'], 'AmazonSSM.GetParameter');
    assert.equal(request?.headers['content-type'], 'application/x-amz-json-1.1');
    assert.equal(request?.headers['x-amz-security-token'], 'token');
    assert.match(
      String(request?.headers.authorization),
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/ssm\/aws4_request, SignedHeaders=[^,]*x-amz-target/,
    );
  });

  it("turns SSM's errors into ParameterStoreError by type", async () => {
    await assert.rejects(
      parameterReader(client(), 'eu-west-1', endpoint)('/nothing'),
      (e: unknown) => e instanceof ParameterStoreError && e.code === 'ParameterNotFound',
    );
    failWith = { status: 400, type: 'AccessDeniedException' };
    await assert.rejects(
      parameterReader(client(), 'eu-west-1', endpoint)(parameterName),
      (e: unknown) => e instanceof ParameterStoreError && e.code === 'AccessDeniedException',
    );
  });

  it("goes to SSM's Regional endpoint, or where the SDK's endpoint variables say", () => {
    assert.equal(parameterStoreEndpoint('eu-west-1', {}), 'https://ssm.eu-west-1.amazonaws.com');
    assert.equal(parameterStoreEndpoint('cn-north-1', {}), 'https://ssm.cn-north-1.amazonaws.com.cn');
    assert.equal(
      parameterStoreEndpoint('eu-west-1', { AWS_ENDPOINT_URL: 'http://a', AWS_ENDPOINT_URL_SSM: 'http://b' }),
      'http://b',
    );
  });
});

describe('readCursorKey', () => {
  const read = (answer: () => Promise<string | undefined>) => readCursorKey(fromParameter, answer);

  it("uses the parameter's value as the key, and CURSOR_SIGNING_KEY as it is without reading anything", async () => {
    assert.deepEqual(await read(() => Promise.resolve(storedKey)), Buffer.from(storedKey, 'utf8'));
    assert.deepEqual(
      await readCursorKey({ kind: 'value', value: 'k'.repeat(32) }, () => Promise.reject(new Error('must not read'))),
      Buffer.from('k'.repeat(32)),
    );
  });

  it('refuses a missing parameter, naming the command that sets it', async () => {
    await assert.rejects(
      read(() => Promise.reject(new ParameterStoreError('ParameterNotFound', 'not found'))),
      (e: unknown) =>
        e instanceof CursorKeyError &&
        e.message.includes(parameterName) &&
        e.message.includes(setCursorKeyCommand) &&
        setCursorKeyCommand.startsWith('npm run cursor-key'),
    );
  });

  it('refuses a value too short to be a key (a placeholder someone typed), naming the command', async () => {
    await assert.rejects(
      read(() => Promise.resolve('placeholder')),
      (e: unknown) =>
        e instanceof CursorKeyError &&
        /at least 32 characters/.test(e.message) &&
        e.message.includes(setCursorKeyCommand),
    );
  });

  it('fails on any other error, keeping it as the cause, and on a parameter without value', async () => {
    const denied = new ParameterStoreError('AccessDeniedException', 'not authorized to perform kms:Decrypt');
    await assert.rejects(
      read(() => Promise.reject(denied)),
      (e: unknown) => e instanceof CursorKeyError && e.message.includes(parameterName) && e.cause === denied,
    );
    await assert.rejects(
      read(() => Promise.resolve(undefined)),
      /has no value/,
    );
  });
});

describe('cursorKeyOnFirstUse', () => {
  it('reads once for concurrent and later uses, and again after a failed read', async () => {
    let reads = 0;
    let fail = true;
    const key = cursorKeyOnFirstUse(() => {
      reads++;
      return fail ? Promise.reject(new Error('SSM unreachable')) : Promise.resolve(Buffer.from(storedKey));
    });
    await assert.rejects(Promise.all([key(), key()]), /unreachable/);
    assert.equal(reads, 1);
    fail = false;
    const keys = await Promise.all([key(), key(), key()]);
    assert.equal(reads, 2);
    assert.ok(keys.every((k) => k.equals(Buffer.from(storedKey))));
  });
});

describe('the Lambda entry point', () => {
  it('reads the parameter on the first list, once for many invocations, never for the health check', async (t) => {
    // The contract's first list: any resource's list signs its cursors with the key.
    const list = firstOperation('list');
    const resource = list && operations[list].resource?.name;
    if (!list || !resource) {
      t.skip('the contract declares no resource with a list operation');
      return;
    }
    const keys = tableKeys[resource];
    const lastKey = Object.fromEntries(
      keyAttributesOf(keys).map(({ name, type }) => [name, type === 'N' ? 1 : 'cup-1']),
    );
    values = { [parameterName]: storedKey };
    const ddb = mockClient(DynamoDBDocumentClient);
    ddb.on(ScanCommand).resolves({ Items: [], LastEvaluatedKey: lastKey });
    try {
      Object.assign(process.env, {
        TABLE_NAMES: JSON.stringify(everyTable),
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_ENDPOINT_URL_SSM: endpoint,
        CURSOR_SIGNING_KEY_PARAMETER: parameterName,
        LOG_LEVEL: 'SILENT',
      });
      delete process.env.CURSOR_SIGNING_KEY;
      const { handler } = (await import('../src/index.ts')) as { handler: App };
      assert.equal((await handler(event('GET', '/health'))).statusCode, 200);
      assert.equal(seen.length, 0, 'no read at init or for the health check');
      const pages = await Promise.all(
        Array.from({ length: 5 }, async () => parse(await handler(event('GET', operations[list].path)))),
      );
      assert.equal(seen.length, 1);
      const signedWithStoredKey = createCursorCodec(Buffer.from(storedKey, 'utf8')).encode({ resource, keys }, lastKey);
      for (const page of pages) {
        assert.equal(page.status, 200);
        assert.match(JSON.stringify(page.body), new RegExp(signedWithStoredKey));
      }
    } finally {
      ddb.restore();
    }
  });
});
