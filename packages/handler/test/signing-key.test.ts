/** The cursor signing key: read from SSM once per execution environment (stubbed with aws-sdk-client-mock). */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import type { ItemPage } from '@items-api/openapi/schema';
import type { App } from '../src/app.ts';
import { createCursorCodec } from '../src/cursor.ts';
import { CursorKeyError, createParameterClient, readCursorKey, setCursorKeyCommand } from '../src/signing-key.ts';
import { event, parse } from './helpers.ts';

const ssm = mockClient(SSMClient);
const parameterName = '/items-api/dev/cursor-signing-key';
const storedKey = 'A3q0cYtN0m3v8Zz1k7JQpXc2r9WbD5eF6gH7iJ8kL9m';
const fromParameter = { kind: 'parameter', name: parameterName } as const;
const client = () => createParameterClient('eu-west-1');

afterEach(() => ssm.reset());

describe('readCursorKey', () => {
  it('reads the parameter with decryption and uses its value as the key', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: parameterName, Value: storedKey } });
    assert.deepEqual(await readCursorKey(fromParameter, client), Buffer.from(storedKey, 'utf8'));
    assert.deepEqual(
      ssm.commandCalls(GetParameterCommand).map((call) => call.args[0].input),
      [{ Name: parameterName, WithDecryption: true }],
    );
  });

  it('takes CURSOR_SIGNING_KEY as it is, without calling SSM', async () => {
    assert.deepEqual(
      await readCursorKey({ kind: 'value', value: 'k'.repeat(32) }, client),
      Buffer.from('k'.repeat(32)),
    );
    assert.equal(ssm.calls().length, 0);
  });

  it('refuses a missing parameter, naming the command that sets it', async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    await assert.rejects(
      readCursorKey(fromParameter, client),
      (e: unknown) =>
        e instanceof CursorKeyError &&
        e.message.includes(parameterName) &&
        e.message.includes(setCursorKeyCommand) &&
        setCursorKeyCommand.startsWith('npm run cursor-key'),
    );
  });

  it('refuses a value too short to be a key (a placeholder someone typed), naming the command', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: parameterName, Value: 'placeholder' } });
    await assert.rejects(
      readCursorKey(fromParameter, client),
      (e: unknown) =>
        e instanceof CursorKeyError &&
        /at least 32 characters/.test(e.message) &&
        e.message.includes(setCursorKeyCommand),
    );
  });

  it('fails on any other SSM error, keeping it as the cause', async () => {
    const denied = Object.assign(new Error('not authorized to perform kms:Decrypt'), { name: 'AccessDeniedException' });
    ssm.on(GetParameterCommand).rejects(denied);
    await assert.rejects(
      readCursorKey(fromParameter, client),
      (e: unknown) => e instanceof CursorKeyError && e.message.includes(parameterName) && e.cause === denied,
    );
    ssm.reset();
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: parameterName } });
    await assert.rejects(readCursorKey(fromParameter, client), /has no value/);
  });
});

describe('the Lambda entry point', () => {
  it('reads the parameter once for many invocations and signs cursors with its value', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: parameterName, Value: storedKey } });
    const ddb = mockClient(DynamoDBDocumentClient);
    ddb.on(ScanCommand).resolves({ Items: [], LastEvaluatedKey: { id: 'cup-1' } });
    try {
      Object.assign(process.env, {
        TABLE_NAME: 'items',
        AWS_REGION: 'eu-west-1',
        CURSOR_SIGNING_KEY_PARAMETER: parameterName,
        LOG_LEVEL: 'SILENT',
      });
      delete process.env.CURSOR_SIGNING_KEY;
      // Two imports while the first is still initialising: the module (and its one read) is shared.
      type Entry = { handler: App };
      const [first, again] = await Promise.all([
        import('../src/index.ts') as Promise<Entry>,
        import('../src/index.ts') as Promise<Entry>,
      ]);
      const { handler } = first;
      assert.equal(handler, again.handler);
      const pages = await Promise.all(
        Array.from({ length: 5 }, async () => parse<ItemPage>(await handler(event('GET', '/items')))),
      );
      assert.equal(ssm.commandCalls(GetParameterCommand).length, 1);
      const signedWithStoredKey = createCursorCodec(Buffer.from(storedKey, 'utf8')).encode({ id: 'cup-1' });
      for (const page of pages) {
        assert.equal(page.status, 200);
        assert.match(JSON.stringify(page.body), new RegExp(signedWithStoredKey));
      }
    } finally {
      ddb.restore();
    }
  });
});
