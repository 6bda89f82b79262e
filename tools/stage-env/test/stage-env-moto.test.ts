/**
 * `npm run stage-env`'s AWS calls against moto in server mode (the rehearsal's emulator and its server script, terraform/rehearsal): a user
 * pool with a client_credentials app client and an API key made through the SDK, then read back as stage-env reads
 * them. What it does not prove: that AWS answers the same (DescribeUserPoolClient's ClientSecret, GetApiKey's value).
 * Skipped with a message when moto is not installed (bash .ci/install.d/60-moto.sh; .ci/run installs it, GitHub's ci
 * workflow runs these tests without it, as it runs no rehearsal).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { APIGatewayClient, CreateApiKeyCommand, UpdateApiKeyCommand } from '@aws-sdk/client-api-gateway';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { readCredentials, stageSourceFromOutputs, type AwsClients } from '../src/stage-env-credentials.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const requirements = readFileSync(path.join(repoRoot, 'tools/moto/requirements.txt'), 'utf8');
const motoVersion = /^moto\[server\]==([^\s;]+)/m.exec(requirements)?.[1];
const motoHome =
  process.env.ITEMS_API_MOTO_HOME ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'items-api-moto');
const motoPython = path.join(motoHome, motoVersion ?? 'unknown', 'bin/python');
const motoMissing = existsSync(motoPython)
  ? false
  : `moto ${motoVersion} is not installed (bash .ci/install.d/60-moto.sh)`;

const region = 'us-east-1';
const credentials = { accessKeyId: 'rehearsal', secretAccessKey: 'rehearsal' };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('stage-env against moto', { skip: motoMissing }, () => {
  let moto: ChildProcess | undefined;
  let aws: AwsClients;

  before(async () => {
    const port = await freePort();
    moto = spawn(motoPython, [path.join(repoRoot, 'terraform/rehearsal/moto_server.py'), String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const seen = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('moto ready')) resolve();
      };
      moto!.stdout!.on('data', seen);
      moto!.stderr!.on('data', seen);
      moto!.once('exit', (code) => reject(new Error(`moto exited with ${code}: ${output}`)));
    });
    const endpoint = `http://127.0.0.1:${port}`;
    aws = {
      cognito: (r) => new CognitoIdentityProviderClient({ region: r, endpoint, credentials }),
      apiGateway: (r) => new APIGatewayClient({ region: r, endpoint, credentials }),
    };
  });

  after(() => {
    moto?.kill();
  });

  it('reads the secrets and key values of the clients terraform output names', async () => {
    const cognito = aws.cognito(region);
    const pool = await cognito.send(new CreateUserPoolCommand({ PoolName: 'items-api-test' }));
    const poolId = pool.UserPool!.Id!;
    const clients = Object.fromEntries(
      await Promise.all(
        ['writer', 'reader'].map(async (name) => {
          const created = await cognito.send(
            new CreateUserPoolClientCommand({
              UserPoolId: poolId,
              ClientName: name,
              GenerateSecret: true,
              AllowedOAuthFlows: ['client_credentials'],
            }),
          );
          return [name, created.UserPoolClient!] as const;
        }),
      ),
    );
    const apiGateway = aws.apiGateway(region);
    const keys = Object.fromEntries(
      await Promise.all(
        ['writer', 'reader'].map(async (name) => {
          const key = await apiGateway.send(new CreateApiKeyCommand({ name: `items-api-test-${name}`, enabled: true }));
          return [name, key] as const;
        }),
      ),
    );
    const output = <T>(value: T) => ({ sensitive: false, type: 'dynamic', value });
    const outputs = {
      api_url: output('https://abc123.execute-api.us-east-1.amazonaws.com/test'),
      api_urls: output({ [region]: 'https://abc123.execute-api.us-east-1.amazonaws.com/test' }),
      auth: output({
        user_pool_id: poolId,
        token_endpoint: 'https://items-api-test-111122223333.auth.us-east-1.amazoncognito.com/oauth2/token',
        client_ids: { writer: clients.writer!.ClientId, reader: clients.reader!.ClientId },
      }),
      api_key_ids: output({ [region]: { writer: keys.writer!.id, reader: keys.reader!.id } }),
    };
    const read = await readCredentials(stageSourceFromOutputs(outputs, { client: 'writer', reader: 'reader' }), aws);
    assert.deepEqual(read, {
      tokenUrl: 'https://items-api-test-111122223333.auth.us-east-1.amazoncognito.com/oauth2/token',
      clientId: clients.writer!.ClientId,
      clientSecret: clients.writer!.ClientSecret,
      apiKey: keys.writer!.value,
      reader: {
        clientId: clients.reader!.ClientId,
        clientSecret: clients.reader!.ClientSecret,
        apiKey: keys.reader!.value,
      },
    });
    assert.ok(read.clientSecret.length > 20 && read.apiKey.length >= 20);

    // A disabled key is refused, naming the key and the Region.
    await apiGateway.send(
      new UpdateApiKeyCommand({
        apiKey: keys.reader!.id,
        patchOperations: [{ op: 'replace', path: '/enabled', value: 'false' }],
      }),
    );
    await assert.rejects(
      readCredentials(stageSourceFromOutputs(outputs, { client: 'writer', reader: 'reader' }), aws),
      new RegExp(
        `API key of client reader \\(${keys.reader!.id}\\) from API Gateway in us-east-1: the key is disabled`,
      ),
    );
  });
});
