/**
 * The local tables on DynamoDB Local: one per resource a generated infrastructure.json declares (read afresh, as
 * watch mode does on a reload), keyed as declared, named `<resource>-local`, emptied by a reset.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DescribeTableCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { startDynamoDBLocal, type DynamoDBLocal } from '@items-api/dynamodb-local';
import { infrastructure } from '@items-api/openapi/operations';
import { defaultWatchOptions } from '../src/paths.ts';
import {
  ensureTables,
  localDynamoDBClient,
  localTableNames,
  readDeclaredTables,
  resetTables,
  type DeclaredTables,
} from '../src/table.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** A contract of two resources as generated: what a resource added to the contract looks like. */
const declared: DeclaredTables = {
  items: { partitionKey: { name: 'id', type: 'S' } },
  configs: { partitionKey: { name: 'tenant', type: 'S' }, sortKey: { name: 'at', type: 'N' } },
};

let db: DynamoDBLocal;
let scratch: string;

before(async () => {
  db = await startDynamoDBLocal({ inMemory: true });
  scratch = await mkdtemp(join(tmpdir(), 'local-tables-'));
});

after(async () => {
  await db?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('the declared tables', () => {
  it("are the generated infrastructure.json's tables", async () => {
    assert.deepEqual(await readDeclaredTables(defaultWatchOptions.generatedDirectory), infrastructure.tables);
    await writeFile(join(scratch, 'infrastructure.json'), JSON.stringify({ tables: declared }));
    assert.deepEqual(await readDeclaredTables(scratch), declared);
  });

  it('refuse an infrastructure.json without tables, naming the file', async () => {
    const directory = await mkdtemp(join(scratch, 'no-tables-'));
    await writeFile(join(directory, 'infrastructure.json'), '{}');
    await assert.rejects(readDeclaredTables(directory), /infrastructure\.json declares no tables/);
  });
});

describe('the local tables of two resources', () => {
  it("are created with each resource's keys, named <resource>-local, and a reset empties them all", async () => {
    const names = localTableNames({}, Object.keys(declared));
    assert.deepEqual(names, { items: 'items-local', configs: 'configs-local' });
    const client = localDynamoDBClient(db.endpoint);
    try {
      await ensureTables(client, declared, names);
      await ensureTables(client, declared, names); // again: the tables exist, nothing changes
      const { Table } = await client.send(new DescribeTableCommand({ TableName: 'configs-local' }));
      assert.deepEqual(Table?.KeySchema, [
        { AttributeName: 'tenant', KeyType: 'HASH' },
        { AttributeName: 'at', KeyType: 'RANGE' },
      ]);
      await client.send(
        new PutItemCommand({ TableName: 'configs-local', Item: { tenant: { S: 't' }, at: { N: '1' } } }),
      );
      await client.send(new PutItemCommand({ TableName: 'items-local', Item: { id: { S: 'a' } } }));
      await resetTables(client, declared, names);
      for (const TableName of Object.values(names))
        assert.equal((await client.send(new ScanCommand({ TableName, Select: 'COUNT' }))).Count, 0, TableName);
    } finally {
      client.destroy();
    }
  });

  it('refuse a resource without a table name', async () => {
    const client = localDynamoDBClient(db.endpoint);
    try {
      await assert.rejects(
        ensureTables(client, declared, { items: 'items-local' }),
        /No local table is named for the resource configs/,
      );
    } finally {
      client.destroy();
    }
  });
});
