/** `npm run cursor-key`: what it sends to SSM (aws-sdk-client-mock) and how it refuses bad input. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, describe, it } from 'node:test';
import {
  DeleteParameterCommand,
  GetParameterCommand,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { cursorKeyFromText, setCursorKeyCommand } from '../../packages/handler/src/signing-key.ts';
import { parseArgs } from '../scripts/cursor-key.ts';
import { applyKeyAction, newCursorKey, parametersFromOutput, type KeyParameter } from '../scripts/cursor-key-store.ts';

const ssm = mockClient(SSMClient);
afterEach(() => ssm.reset());

const keyArn = (region: string) => `arn:aws:kms:${region}:111122223333:key/mrk-1234567890abcdef1234567890abcdef`;
// The shape `terraform output -json cursor_signing_key_parameters` prints for prod.
const output = Object.fromEntries(
  ['us-east-1', 'us-west-2'].map((region) => [
    region,
    {
      name: '/items-api-prod/cursor-signing-key',
      arn: `arn:aws:ssm:${region}:111122223333:parameter/items-api-prod/cursor-signing-key`,
      kms_key_arn: keyArn(region),
    },
  ]),
);
const parameters: KeyParameter[] = parametersFromOutput(output);
const clientFor = (region: string) =>
  new SSMClient({ region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const notFound = () => new ParameterNotFound({ message: 'not found', $metadata: {} });

describe('cursor-key', () => {
  it('generates 32 random bytes in base64url, a key the handler accepts', () => {
    const key = newCursorKey();
    assert.match(key, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(key, 'base64url').length, 32);
    assert.notEqual(newCursorKey(), key);
    assert.doesNotThrow(() => cursorKeyFromText(key, 'the generated key'));
  });

  it('rotate puts one new SecureString key, encrypted with each Region key, over every Region', async () => {
    ssm.on(PutParameterCommand).resolves({ Version: 2 });
    const outcomes = await applyKeyAction('rotate', parameters, clientFor, () => 'k'.repeat(43));
    assert.deepEqual(
      outcomes.map((o) => o.result),
      ['rotated', 'rotated'],
    );
    const sent = ssm.commandCalls(PutParameterCommand).map((call) => call.args[0].input);
    assert.deepEqual(
      sent.map(({ Name, Value, Type, KeyId, Overwrite, Tier }) => ({ Name, Value, Type, KeyId, Overwrite, Tier })),
      ['us-east-1', 'us-west-2'].map((region) => ({
        Name: '/items-api-prod/cursor-signing-key',
        Value: 'k'.repeat(43),
        Type: 'SecureString',
        KeyId: keyArn(region),
        Overwrite: true,
        Tier: 'Standard',
      })),
    );
    assert.equal(ssm.commandCalls(GetParameterCommand).length, 0);
  });

  it('each Region is written through a client of that Region', async () => {
    const regions: string[] = [];
    ssm.on(PutParameterCommand).callsFake(async (_input, getClient: () => SSMClient) => {
      regions.push(await getClient().config.region());
      return {};
    });
    await applyKeyAction('rotate', parameters, clientFor);
    assert.deepEqual(regions, ['us-east-1', 'us-west-2']);
  });

  it('set creates a key where there is none, without overwriting', async () => {
    ssm.on(GetParameterCommand).rejects(notFound());
    ssm.on(PutParameterCommand).resolves({ Version: 1 });
    const outcomes = await applyKeyAction('set', parameters, clientFor, () => 'n'.repeat(43));
    assert.deepEqual(
      outcomes.map((o) => o.result),
      ['created', 'created'],
    );
    assert.deepEqual(
      ssm.commandCalls(GetParameterCommand).map((call) => call.args[0].input),
      parameters.map((p) => ({ Name: p.name, WithDecryption: true })),
    );
    const sent = ssm.commandCalls(PutParameterCommand).map((call) => call.args[0].input);
    assert.deepEqual(
      sent.map(({ Value, Overwrite, Type }) => ({ Value, Overwrite, Type })),
      [1, 2].map(() => ({ Value: 'n'.repeat(43), Overwrite: false, Type: 'SecureString' })),
    );
  });

  it('set keeps an existing key and copies it to a Region that lacks one', async () => {
    ssm
      .on(GetParameterCommand)
      .resolvesOnce({ Parameter: { Value: 'e'.repeat(43) } })
      .rejectsOnce(notFound());
    ssm.on(PutParameterCommand).resolves({ Version: 1 });
    const outcomes = await applyKeyAction('set', parameters, clientFor, () => assert.fail('must not generate'));
    assert.deepEqual(
      outcomes.map((o) => [o.region, o.result]),
      [
        ['us-east-1', 'kept'],
        ['us-west-2', 'copied'],
      ],
    );
    const sent = ssm.commandCalls(PutParameterCommand).map((call) => call.args[0].input);
    assert.deepEqual(
      sent.map(({ Value, KeyId, Overwrite }) => ({ Value, KeyId, Overwrite })),
      [{ Value: 'e'.repeat(43), KeyId: keyArn('us-west-2'), Overwrite: false }],
    );
  });

  it('set refuses Regions holding different keys, writing nothing', async () => {
    ssm
      .on(GetParameterCommand)
      .resolvesOnce({ Parameter: { Value: 'a'.repeat(43) } })
      .resolvesOnce({ Parameter: { Value: 'b'.repeat(43) } });
    await assert.rejects(applyKeyAction('set', parameters, clientFor), /different cursor signing keys.*rotate/);
    assert.equal(ssm.commandCalls(PutParameterCommand).length, 0);
  });

  it('delete removes every Region parameter; an absent one is reported, not an error', async () => {
    ssm.on(DeleteParameterCommand).resolvesOnce({}).rejectsOnce(notFound());
    const outcomes = await applyKeyAction('delete', parameters, clientFor);
    assert.deepEqual(
      outcomes.map((o) => o.result),
      ['deleted', 'absent'],
    );
    assert.deepEqual(
      ssm.commandCalls(DeleteParameterCommand).map((call) => call.args[0].input),
      parameters.map((p) => ({ Name: p.name })),
    );
  });

  it('passes on an AWS error (no credentials, access denied) as it is', async () => {
    const denied = Object.assign(new Error('not authorized to perform ssm:PutParameter'), {
      name: 'AccessDeniedException',
    });
    ssm.on(PutParameterCommand).rejects(denied);
    await assert.rejects(applyKeyAction('rotate', parameters, clientFor), denied);
  });

  it('reads the Terraform output and refuses one without parameters', () => {
    assert.deepEqual(parameters, [
      { region: 'us-east-1', name: '/items-api-prod/cursor-signing-key', kmsKeyArn: keyArn('us-east-1') },
      { region: 'us-west-2', name: '/items-api-prod/cursor-signing-key', kmsKeyArn: keyArn('us-west-2') },
    ]);
    for (const bad of [null, {}, [], { 'us-east-1': { name: '/p' } }, 'text']) {
      assert.throws(() => parametersFromOutput(bad), /cursor_signing_key_parameters/);
    }
  });

  it('takes an action and an env of terraform/envs, with readable errors', () => {
    assert.deepEqual(parseArgs(['rotate', '--env', 'prod']), { action: 'rotate', env: 'prod', tool: 'terraform' });
    assert.deepEqual(parseArgs(['set', '--env', 'dev', '--tool', 'tofu']), { action: 'set', env: 'dev', tool: 'tofu' });
    assert.throws(() => parseArgs([]), /set, rotate or delete; got nothing/);
    assert.throws(() => parseArgs(['show', '--env', 'dev']), /set, rotate or delete; got show/);
    assert.throws(() => parseArgs(['set']), /--env <env> is required/);
    assert.throws(() => parseArgs(['set', '--env', 'staging']), /not an environment of terraform\/envs/);
    assert.throws(() => parseArgs(['set', '--env', '../x']), /not an environment/);
    assert.throws(() => parseArgs(['set', '--env', 'dev', '--tool', 'pulumi']), /unexpected argument --tool pulumi/);
  });

  it('is the command the handler names when its key is missing', () => {
    const scripts = (
      JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    assert.match(scripts['cursor-key'] ?? '', /terraform\/scripts\/cursor-key\.ts$/);
    assert.ok(setCursorKeyCommand.startsWith('npm run cursor-key -- set --env '));
  });
});
