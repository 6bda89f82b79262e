/** `npm run stage-env`: what it reads from the env's outputs and from AWS (aws-sdk-client-mock), and its refusals. */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import {
  APIGatewayClient,
  GetApiKeyCommand,
  NotFoundException,
  type GetApiKeyCommandInput,
} from '@aws-sdk/client-api-gateway';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  type DescribeUserPoolClientCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { connectionFromEnv, parseStageEnv } from '@items-api/client';
import { stageEnvText, writeStageEnv } from '@items-api/local-stage/stage-env';
import { parseArgs } from '../src/stage-env.ts';
import { readCredentials, stageSourceFromOutputs, type AwsClients } from '../src/stage-env-credentials.ts';

const cognito = mockClient(CognitoIdentityProviderClient);
const apiGateway = mockClient(APIGatewayClient);
afterEach(() => {
  cognito.reset();
  apiGateway.reset();
});

const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const aws: AwsClients = {
  cognito: (region) => new CognitoIdentityProviderClient({ region, credentials }),
  apiGateway: (region) => new APIGatewayClient({ region, credentials }),
};

const output = <T>(value: T) => ({ sensitive: false, type: 'dynamic', value });
// What `terraform output -json` prints for prod (two Regions; the pool in the primary one).
const prodOutputs = {
  api_url: output('https://abc123.execute-api.us-east-1.amazonaws.com/prod'),
  api_urls: output({
    'us-east-1': 'https://abc123.execute-api.us-east-1.amazonaws.com/prod',
    'us-west-2': 'https://def456.execute-api.us-west-2.amazonaws.com/prod',
  }),
  auth: output({
    user_pool_id: 'us-east-1_AbCdEfGhI',
    user_pool_arn: 'arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_AbCdEfGhI',
    issuer_url: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI',
    token_endpoint: 'https://items-api-prod-111122223333.auth.us-east-1.amazoncognito.com/oauth2/token',
    client_ids: { writer: 'writer-client-id', reader: 'reader-client-id' },
  }),
  api_key_ids: output({
    'us-east-1': { writer: 'east-writer-key', reader: 'east-reader-key' },
    'us-west-2': { writer: 'west-writer-key', reader: 'west-reader-key' },
  }),
};
const defaults = { client: 'writer', reader: 'reader' };

/** Answers like Cognito and API Gateway, recording the Region each call went to. */
function answerLikeAws(calls: string[]): void {
  cognito
    .on(DescribeUserPoolClientCommand)
    .callsFake(async (input: DescribeUserPoolClientCommandInput, getClient: () => CognitoIdentityProviderClient) => {
      calls.push(`cognito ${await getClient().config.region()} ${input.UserPoolId} ${input.ClientId}`);
      return { UserPoolClient: { ClientId: input.ClientId, ClientSecret: `secret-of-${input.ClientId}` } };
    });
  apiGateway.on(GetApiKeyCommand).callsFake(async (input: GetApiKeyCommandInput, getClient: () => APIGatewayClient) => {
    calls.push(`apigateway ${await getClient().config.region()} ${input.apiKey} includeValue=${input.includeValue}`);
    return { id: input.apiKey, enabled: true, value: `value-of-${input.apiKey}` };
  });
}

describe('stage-env', () => {
  it("reads the primary Region's stage by default, secrets from the pool's Region, keys from the stage's", async () => {
    const calls: string[] = [];
    answerLikeAws(calls);
    const source = stageSourceFromOutputs(prodOutputs, defaults);
    assert.equal(source.region, 'us-east-1');
    const read = await readCredentials(source, aws);
    const text = stageEnvText(source.baseUrl, read);
    assert.deepEqual(parseStageEnv(text), {
      ITEMS_API_BASE_URL: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod',
      ITEMS_API_TOKEN_URL: 'https://items-api-prod-111122223333.auth.us-east-1.amazoncognito.com/oauth2/token',
      ITEMS_API_CLIENT_ID: 'writer-client-id',
      ITEMS_API_CLIENT_SECRET: 'secret-of-writer-client-id',
      ITEMS_API_KEY: 'value-of-east-writer-key',
      ITEMS_API_READER_CLIENT_ID: 'reader-client-id',
      ITEMS_API_READER_CLIENT_SECRET: 'secret-of-reader-client-id',
      ITEMS_API_READER_KEY: 'value-of-east-reader-key',
    });
    assert.deepEqual(calls.sort(), [
      'apigateway us-east-1 east-reader-key includeValue=true',
      'apigateway us-east-1 east-writer-key includeValue=true',
      'cognito us-east-1 us-east-1_AbCdEfGhI reader-client-id',
      'cognito us-east-1 us-east-1_AbCdEfGhI writer-client-id',
    ]);
    // What the e2e suite, the bench and the seed command do with it.
    assert.equal(connectionFromEnv(parseStageEnv(text), 'reader').apiKey, 'value-of-east-reader-key');
  });

  it('--region picks another stage and its keys; the secrets still come from the one pool', async () => {
    const calls: string[] = [];
    answerLikeAws(calls);
    const source = stageSourceFromOutputs(prodOutputs, { ...defaults, region: 'us-west-2' });
    const read = await readCredentials(source, aws);
    assert.equal(source.baseUrl, 'https://def456.execute-api.us-west-2.amazonaws.com/prod');
    assert.equal(read.apiKey, 'value-of-west-writer-key');
    assert.ok(calls.filter((c) => c.startsWith('cognito')).every((c) => c.startsWith('cognito us-east-1 ')));
    assert.ok(calls.filter((c) => c.startsWith('apigateway')).every((c) => c.startsWith('apigateway us-west-2 ')));
  });

  it('writes the file with mode 0600, replacing a wider one', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'stage-env-')), '.local', 'stage.env');
    await writeStageEnv(file, 'ITEMS_API_BASE_URL=https://old\n');
    chmodSync(file, 0o644);
    await writeStageEnv(file, 'ITEMS_API_BASE_URL=https://new\n');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(readFileSync(file, 'utf8'), 'ITEMS_API_BASE_URL=https://new\n');
  });

  it('refuses outputs that are not an applied env of this version', () => {
    const refusal = (outputs: unknown, selection: object = defaults) =>
      assert.throws(() => stageSourceFromOutputs(outputs, { ...defaults, ...selection }), { name: 'StageEnvError' });
    refusal({});
    assert.throws(() => stageSourceFromOutputs({}, defaults), /apply it first/);
    const { auth, ...withoutAuth } = prodOutputs;
    assert.ok(auth);
    assert.throws(() => stageSourceFromOutputs(withoutAuth, defaults), /no output auth: apply this version/);
    const { api_key_ids, ...withoutKeys } = prodOutputs;
    assert.ok(api_key_ids);
    refusal(withoutKeys);
    assert.throws(
      () => stageSourceFromOutputs(prodOutputs, { ...defaults, region: 'eu-west-1' }),
      /--region eu-west-1: the env serves us-east-1, us-west-2/,
    );
    assert.throws(
      () => stageSourceFromOutputs(prodOutputs, { ...defaults, client: 'admin' }),
      /--client admin: the env declares no such client \(api_clients: writer, reader\)/,
    );
    refusal({ ...prodOutputs, auth: output({ ...prodOutputs.auth.value, user_pool_id: 'not-a-pool' }) });
  });

  it('names the AWS call that failed, and refuses a disabled key or a client without a secret', async () => {
    const source = stageSourceFromOutputs(prodOutputs, defaults);
    answerLikeAws([]);
    apiGateway
      .on(GetApiKeyCommand, { apiKey: 'east-writer-key' })
      .rejects(new NotFoundException({ message: 'Invalid API Key identifier specified', $metadata: {} }));
    await assert.rejects(readCredentials(source, aws), {
      name: 'StageEnvError',
      message:
        'reading the API key of client writer (east-writer-key) from API Gateway in us-east-1 failed: NotFoundException: Invalid API Key identifier specified',
    });
    apiGateway.on(GetApiKeyCommand, { apiKey: 'east-writer-key' }).resolves({ id: 'east-writer-key', enabled: false });
    await assert.rejects(
      readCredentials(source, aws),
      /\(east-writer-key\) from API Gateway in us-east-1: the key is disabled/,
    );
    apiGateway.on(GetApiKeyCommand).resolves({ enabled: true, value: 'v' });
    cognito.on(DescribeUserPoolClientCommand).resolves({ UserPoolClient: { ClientId: 'writer-client-id' } });
    await assert.rejects(readCredentials(source, aws), /the app client has no secret/);
  });

  it('parses its arguments and refuses bad ones readably', () => {
    assert.deepEqual(parseArgs(['--env', 'dev']), {
      env: 'dev',
      client: 'writer',
      reader: 'reader',
      out: '.local/stage.env',
      tool: 'terraform',
    });
    assert.deepEqual(
      parseArgs(['--env', 'prod', '--region', 'us-west-2', '--out', 'x.env', '--tool', 'tofu', '--reader', 'ro']),
      { env: 'prod', region: 'us-west-2', client: 'writer', reader: 'ro', out: 'x.env', tool: 'tofu' },
    );
    assert.throws(() => parseArgs([]), /--env <env> is required/);
    assert.throws(() => parseArgs(['--env', 'staging']), /--env staging is not an environment of terraform\/envs/);
    assert.throws(() => parseArgs(['--env', '../dev']), /is not an environment/);
    assert.throws(() => parseArgs(['--env', 'dev', '--tool', 'pulumi']), /--tool must be terraform or tofu/);
    assert.throws(() => parseArgs(['--env', 'dev', '--region']), /unexpected argument --region \(without a value\)/);
    assert.throws(() => parseArgs(['--env', 'dev', '--secret', 'x']), /unexpected argument --secret/);
    assert.throws(() => parseArgs(['--env', 'dev', '--client', 'reader']), /two different clients/);
  });
});
