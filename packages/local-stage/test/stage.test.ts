/**
 * The real thing: the built handler bundle behind the local gateway on DynamoDB Local. The table DynamoDB Local
 * holds has the key the contract declares; the function gets a Lambda-like environment.
 */
import assert from 'node:assert/strict';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { after, before, describe, it } from 'node:test';
import { infrastructure } from '@items-api/openapi/operations';
import { startLocalStage, type LocalStage } from '../src/stage.ts';
import type { AccessLogEntry } from '../src/gateway/gateway.ts';
import { localDynamoDBClient, resetTable } from '../src/table.ts';
import { isAlive } from './support/processes.ts';

describe('local stage with the real bundle and DynamoDB Local', () => {
  let stage: LocalStage;
  let base: string;
  const log: AccessLogEntry[] = [];
  before(async () => {
    stage = await startLocalStage({
      port: 0,
      inMemory: true,
      accessLog: (entry) => log.push(entry),
      maxConcurrency: 2,
    });
    base = stage.url.replace('localhost', '127.0.0.1');
  });
  after(async () => {
    await stage?.stop();
  });

  it('creates the table with the key the contract declares (x-items-table)', async () => {
    const client = localDynamoDBClient(stage.dynamodb.endpoint);
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: stage.tableName }));
      const { name, type } = infrastructure.table.partitionKey;
      assert.deepEqual(Table?.KeySchema, [{ AttributeName: name, KeyType: 'HASH' }]);
      assert.deepEqual(Table?.AttributeDefinitions, [{ AttributeName: name, AttributeType: type }]);
    } finally {
      client.destroy();
    }
  });

  it('serves CRUD through the gateway, with an access log line per request', async () => {
    const created = await fetch(`${base}/items`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'stage test' }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const item = (await created.json()) as { id: string; version: number };
    const read = await fetch(`${base}/items/${item.id}`);
    assert.equal(read.status, 200);
    assert.equal(read.headers.get('etag'), '"1"');
    const deleted = await fetch(`${base}/items/${item.id}`, { method: 'DELETE' });
    assert.equal(deleted.status, 204);
    assert.equal((await fetch(`${base}/items/${item.id}`)).status, 404);
    const entry = log.find((e) => e.method === 'POST' && e.path === '/items');
    assert.ok(entry);
    assert.equal(entry.status, 201);
    assert.equal(entry.resourcePath, '/items');
    assert.ok((entry.integrationLatency ?? -1) >= 0);
  });

  it('serves the docs page at /docs', async () => {
    const docs = await fetch(`${base}/docs`);
    assert.equal(docs.status, 200);
    assert.match(await docs.text(), /<title>[^<]*Items API/);
  });

  it('resets the table', async () => {
    await fetch(`${base}/items`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'to be reset' }),
    });
    const client = localDynamoDBClient(stage.dynamodb.endpoint);
    try {
      await resetTable(client, stage.tableName);
    } finally {
      client.destroy();
    }
    const page = (await (await fetch(`${base}/items`)).json()) as { items: unknown[] };
    assert.deepEqual(page.items, []);
  });

  it('stops DynamoDB Local on stop()', async () => {
    const pid = stage.dynamodb.pid;
    await stage.stop();
    assert.equal(isAlive(pid), false);
  });
});
