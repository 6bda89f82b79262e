import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { findFreePort, localCredentials, localRegion, startDynamoDBLocal } from '../src/index.ts';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startDynamoDBLocal', () => {
  it('starts in memory on a free port, answers, and stops without leaving the process behind', async () => {
    const db = await startDynamoDBLocal();
    try {
      assert.match(db.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(db.endpoint, `http://127.0.0.1:${db.port}`);
      assert.ok(isAlive(db.pid));
      const client = new DynamoDBClient({ endpoint: db.endpoint, region: localRegion, credentials: localCredentials });
      await client.send(
        new CreateTableCommand({
          TableName: 'items',
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      assert.deepEqual((await client.send(new ListTablesCommand({}))).TableNames, ['items']);
      client.destroy();
    } finally {
      await db.stop();
    }
    assert.equal(isAlive(db.pid), false);
    await db.stop(); // idempotent
  });

  it('refuses a port that is already taken instead of probing another server', async () => {
    const first = await startDynamoDBLocal();
    try {
      await assert.rejects(startDynamoDBLocal({ port: first.port }), /already in use/);
    } finally {
      await first.stop();
    }
  });

  it('rejects a dbPath that does not exist and inMemory:false without a dbPath', async () => {
    await assert.rejects(startDynamoDBLocal({ dbPath: '/nonexistent/dir' }), /does not exist/);
    await assert.rejects(startDynamoDBLocal({ inMemory: false }), /needs a dbPath/);
  });

  it('explains when java is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await assert.rejects(startDynamoDBLocal(), /needs Java 17/);
    } finally {
      process.env.PATH = path;
    }
  });

  it('keeps data in a dbPath directory across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ddb-local-'));
    try {
      const port = await findFreePort();
      const make = async () => {
        const db = await startDynamoDBLocal({ dbPath: dir, port });
        return {
          db,
          client: new DynamoDBClient({ endpoint: db.endpoint, region: localRegion, credentials: localCredentials }),
        };
      };
      let { db, client } = await make();
      await client.send(
        new CreateTableCommand({
          TableName: 'kept',
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      client.destroy();
      await db.stop();
      ({ db, client } = await make());
      try {
        assert.deepEqual((await client.send(new ListTablesCommand({}))).TableNames, ['kept']);
      } finally {
        client.destroy();
        await db.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  for (const how of ['exit', 'SIGTERM'] as const) {
    it(`leaves no Java process behind when the parent ${how === 'exit' ? 'exits without stop()' : 'gets SIGTERM'}`, async () => {
      const fixture = fileURLToPath(new URL('./fixtures/orphan.ts', import.meta.url));
      const child = spawn(process.execPath, ['--no-warnings', '--import', 'tsx', fixture, how], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const pid = await new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(Number(out.trim()));
        });
        child.once('exit', () => reject(new Error(`fixture exited before printing a pid: ${out}`)));
      });
      assert.ok(pid > 0 && isAlive(pid));
      if (how === 'SIGTERM') child.kill('SIGTERM');
      await exited;
      // SIGKILL is immediate, but give the kernel a moment to reap.
      for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      const alive = isAlive(pid);
      if (alive) process.kill(pid, 'SIGKILL');
      assert.equal(alive, false, `java ${pid} outlived its parent`);
    });
  }
});
