/**
 * The built artifact, not the TypeScript source: dist/lambda/index.mjs (built by `handler:build`, which this
 * target depends on) serves requests end to end against DynamoDB Local, and dist/handler.zip is laid out for
 * `index.handler` and reproducible.
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
import type { ItemPage } from '@items-api/openapi/schema';
import { schemaValidators } from '@items-api/openapi/schema-validators';
import { bundlePath, zipPath } from '../scripts/build.ts';
import { createTableInput } from '../src/table.ts';
import type { App } from '../src/app.ts';
import { event, everyTable, parse } from './helpers.ts';

let db: DynamoDBLocal;
const importBundle = `const { handler } = await import(${JSON.stringify(pathToFileURL(bundlePath).href)})`;
let handler: App;
const tableName = 'items-bundle';

before(async () => {
  assert.ok(existsSync(bundlePath), `${bundlePath} is missing: run \`npx nx run handler:build\``);
  db = await startDynamoDBLocal();
  const raw = new DynamoDBClient({ endpoint: db.endpoint, region: 'us-east-1', credentials: localCredentials });
  await raw.send(new CreateTableCommand(createTableInput('items', tableName)));
  raw.destroy();
  // The bundle reads its configuration at import, like Lambda's init phase.
  Object.assign(process.env, {
    TABLE_NAMES: JSON.stringify({ ...everyTable, items: tableName }),
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
  it('serves health, create, get, list and delete against DynamoDB Local', async () => {
    const health = parse(await handler(event('GET', '/health')));
    assert.deepEqual(health.body, { status: 'ok', version: '1.0.0', region: 'eu-west-1' });
    const created = parse(await handler(event('POST', '/items', { body: { name: 'From the bundle', tags: ['zip'] } })));
    assert.equal(created.status, 201);
    assert.ok(schemaValidators.Item(created.body));
    const got = parse(await handler(event('GET', `/items/${created.body.id}`)));
    assert.deepEqual(got.body, created.body);
    const list = parse<ItemPage>(await handler(event('GET', '/items')));
    assert.equal(list.body.items.length, 1);
    const invalid = parse(await handler(event('POST', '/items', { body: { name: '' } })));
    assert.equal(invalid.status, 400);
    assert.equal(invalid.headers['Content-Type'], 'application/problem+json');
    assert.equal(
      parse(await handler(event('DELETE', `/items/${created.body.id}`, { headers: { 'If-Match': '"1"' } }))).status,
      204,
    );
  });

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

  it('reads its key from SSM on the first list, once, signed as SigV4 for ssm; other operations and a missing parameter never fail the init', async () => {
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
      const requests = [event('GET', '/health'), event('GET', '/items'), event('GET', '/items')];
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
