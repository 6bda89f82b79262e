/**
 * The built artifact, not the TypeScript source: dist/lambda/index.mjs (built by `handler:build`, which this
 * target depends on) serves requests end to end against DynamoDB Local, and dist/handler.zip is laid out for
 * `index.handler` and reproducible. The requests are derived from the contract: health, and the first resource
 * it declares with a list, a delete and a write that creates, through requests made of its examples.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localCredentials, startDynamoDBLocal, type DynamoDBLocal } from '@items-api/dynamodb-local';
import { operations, resources, type ResourceName } from '@items-api/openapi/operations';
import { schemaValidators } from '@items-api/openapi/schema-validators';
import { bundlePath, zipPath } from '../scripts/build.ts';
import { createTableInput } from '../src/table.ts';
import type { App } from '../src/app.ts';
import { exampleRequests } from './contract-examples.ts';
import { event, parse } from './helpers.ts';
import { operationServing } from '@items-api/openapi/resource-operations';

let db: DynamoDBLocal;
const importBundle = `const { handler } = await import(${JSON.stringify(pathToFileURL(bundlePath).href)})`;
let handler: App;
/** A table for every resource, each created: whichever resource a request names finds its table. */
const tableNames = Object.fromEntries(
  Object.keys(resources).map((resource) => [resource, `${resource}-bundle`]),
) as Record<ResourceName, string>;

/** The resource served end to end: the contract's first with a list, a delete and a create or a replace. */
const served = (Object.keys(resources) as ResourceName[]).flatMap((resource) => {
  const [list, remove, write] = [
    operationServing(resource, 'list'),
    operationServing(resource, 'delete'),
    operationServing(resource, 'create') ?? operationServing(resource, 'replace'),
  ];
  return list && remove && write ? [{ resource, list, write }] : [];
})[0];
const unserved = 'the contract declares no resource with a list, a delete and a create or replace';

before(async () => {
  assert.ok(existsSync(bundlePath), `${bundlePath} is missing: run \`npx nx run handler:build\``);
  db = await startDynamoDBLocal();
  const raw = new DynamoDBClient({ endpoint: db.endpoint, region: 'us-east-1', credentials: localCredentials });
  try {
    for (const [resource, tableName] of Object.entries(tableNames) as [ResourceName, string][])
      await raw.send(new CreateTableCommand(createTableInput(resource, tableName)));
  } finally {
    raw.destroy();
  }
  // The bundle reads its configuration at import, like Lambda's init phase.
  Object.assign(process.env, {
    TABLE_NAMES: JSON.stringify(tableNames),
    DYNAMODB_ENDPOINT: db.endpoint,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    LOG_LEVEL: 'ERROR',
    CURSOR_SIGNING_KEY: 'the bundle test cursor signing key',
  });
  ({ handler } = (await import(pathToFileURL(bundlePath).href)) as { handler: App });
});

after(async () => {
  await db?.stop();
});

describe('the built bundle', () => {
  it('serves health', async () => {
    const health = parse(await handler(event('GET', '/health')));
    assert.deepEqual(health.body, { status: 'ok', version: '1.0.0', region: 'eu-west-1' });
  });

  it(
    `serves create, get, list and delete of ${served?.resource} against DynamoDB Local`,
    { skip: !served && unserved },
    async () => {
      assert.ok(served);
      // The first of the write's requests: no conditional header.
      const [write] = exampleRequests(served.write);
      assert.ok(write);
      const { method } = operations[served.write];
      const created = parse(await handler(event(method, write.path, write.init)));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const validate = schemaValidators[resources[served.resource].schema];
      assert.ok(validate(created.body), JSON.stringify(validate.errors));
      const location = created.headers.Location;
      assert.ok(location, 'a created object has a Location');
      const got = parse(await handler(event('GET', location)));
      assert.deepEqual(got.body, created.body);
      const [list] = exampleRequests(served.list);
      assert.ok(list);
      const page = parse<{ items: unknown[] }>(await handler(event('GET', list.path, list.init)));
      assert.deepEqual(page.body.items, [created.body]);
      const invalid = parse(await handler(event(method, write.path, { ...write.init, rawBody: '[]' })));
      assert.equal(invalid.status, 400);
      assert.equal(invalid.headers['Content-Type'], 'application/problem+json');
      const etag = created.headers.ETag;
      assert.ok(etag);
      assert.equal(parse(await handler(event('DELETE', location, { headers: { 'If-Match': etag } }))).status, 204);
      assert.equal(parse(await handler(event('GET', location))).status, 404);
    },
  );

  it('fails its init with a clear message when TABLE_NAMES is missing', () => {
    const env = { ...process.env };
    delete env.TABLE_NAMES;
    const child = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(bundlePath).href)})`],
      {
        env,
        encoding: 'utf8',
      },
    );
    assert.notEqual(child.status, 0);
    assert.match(child.stderr, /TABLE_NAMES is not set/);
  });

  it('fails its init naming both variables when no cursor signing key source is set', () => {
    const env = { ...process.env };
    delete env.CURSOR_SIGNING_KEY;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', importBundle], { env, encoding: 'utf8' });
    assert.notEqual(child.status, 0);
    assert.match(child.stderr, /Neither CURSOR_SIGNING_KEY_PARAMETER .* nor CURSOR_SIGNING_KEY .* is set/);
  });

  it('reads its key from SSM on the first list, once, signed as SigV4 for ssm; other operations and a missing parameter never fail the init', async (t) => {
    if (!served) {
      t.skip(unserved);
      return;
    }
    const [list] = exampleRequests(served.list);
    assert.ok(list);
    const requests: Array<{
      target: string | undefined;
      authorization: string;
      body: { Name: string; WithDecryption: boolean };
    }> = [];
    const ssm = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => {
        const body = JSON.parse(text) as { Name: string; WithDecryption: boolean };
        requests.push({
          target: request.headers['x-amz-target'] as string | undefined,
          authorization: String(request.headers.authorization),
          body,
        });
        const found = body.Name === '/items-api/test/cursor-signing-key';
        response.writeHead(found ? 200 : 400, { 'Content-Type': 'application/x-amz-json-1.1' });
        response.end(
          JSON.stringify(
            found
              ? { Parameter: { Name: body.Name, Type: 'SecureString', Value: 'k'.repeat(43) } }
              : { __type: 'ParameterNotFound', message: 'no such parameter' },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => ssm.listen(0, '127.0.0.1', resolve));
    const run = (parameter: string) => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        CURSOR_SIGNING_KEY_PARAMETER: parameter,
        AWS_ENDPOINT_URL_SSM: `http://127.0.0.1:${(ssm.address() as AddressInfo).port}`,
        LOG_LEVEL: 'ERROR',
      };
      delete env.CURSOR_SIGNING_KEY;
      const requests = [event('GET', '/health'), event('GET', list.path), event('GET', list.path)];
      const serve = `${importBundle}; for (const e of ${JSON.stringify(requests)}) console.log(String((await handler(e)).statusCode));`;
      return promisify(execFile)(process.execPath, ['--input-type=module', '-e', serve], { env }).then(
        // Lambda's logs go to stdout too (JSON lines): the statuses are the lines of three digits.
        ({ stdout, stderr }) => ({
          output: stdout
            .split('\n')
            .filter((line) => /^\d{3}$/.test(line))
            .join('\n'),
          log: stdout + stderr,
        }),
        (error: { stderr: string }) => ({ output: 'failed', log: error.stderr }),
      );
    };
    try {
      assert.equal((await run('/items-api/test/cursor-signing-key')).output, '200\n200\n200');
      assert.equal(requests.length, 1, 'one read for the execution environment, none for /health');
      assert.equal(requests[0]!.target, 'AmazonSSM.GetParameter');
      assert.deepEqual(requests[0]!.body, { Name: '/items-api/test/cursor-signing-key', WithDecryption: true });
      assert.match(
        requests[0]!.authorization,
        /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/eu-west-1\/ssm\/aws4_request, /,
      );
      const missing = await run('/items-api/test/never-set');
      assert.equal(missing.output, '200\n500\n500', 'the health check serves; a list cannot sign cursors');
      assert.match(missing.log, /\/items-api\/test\/never-set .* does not exist: .*npm run cursor-key -- set/);
      assert.equal(requests.length, 3, 'a failed read is not kept: the next list tries again');
    } finally {
      ssm.close();
    }
  });

  it('is packed as index.mjs (+ map) at the zip root, with fixed timestamps', async () => {
    const zip = await readFile(zipPath);
    const names: string[] = [];
    // Walk the central directory (signature 0x02014b50).
    for (let offset = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); offset >= 0 && offset < zip.length;) {
      const nameLength = zip.readUInt16LE(offset + 28);
      const extraLength = zip.readUInt16LE(offset + 30);
      const commentLength = zip.readUInt16LE(offset + 32);
      assert.equal(zip.readUInt16LE(offset + 14), ((2020 - 1980) << 9) | (1 << 5) | 1, 'DOS date 2020-01-01');
      names.push(zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'));
      offset += 46 + nameLength + extraLength + commentLength;
      if (zip.readUInt32LE(offset) !== 0x02014b50) break;
    }
    assert.deepEqual(names, ['index.mjs', 'index.mjs.map']);
  });
});
