/**
 * The stage's access pieces without a running stage: the contract's access declarations read, the local clients
 * checked against them, the credentials file's mode and removal, and the paths the stage keeps for itself.
 */
import assert from 'node:assert/strict';
import { chmod, cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { infrastructure } from '@items-api/openapi/operations';
import { accessDeclarationsOf, allowedScopes, createStageAccess, type AccessDeclarations } from '../src/access.ts';
import { localClients } from '../src/local-clients.ts';
import { loadStageApi } from '../src/api-source.ts';
import { checkNoCollision } from '../src/own-paths.ts';
import { defaultWatchOptions } from '../src/paths.ts';
import { startSideGateway } from '../src/side-gateway.ts';
import { stageEnvText, writeStageEnv } from '../src/stage-env.ts';

const origin = 'http://localhost:3999';
const contractAccess = accessDeclarationsOf(infrastructure);

describe('the contract access declarations', () => {
  it('reads infrastructure.json access', () => {
    const { resourceServer, scopes, usagePlans } = infrastructure.access;
    assert.deepEqual(contractAccess, { resourceServer, scopes, usagePlans });
  });

  for (const [what, declarations, message] of [
    ['no access', { operations: {} }, /declares no access \(regenerate it: npx nx run openapi:generate\)/],
    ['no resource server', { access: { scopes: { a: '' }, usagePlans: {} } }, /access.resourceServer/],
    ['no scopes', { access: { resourceServer: 'r', scopes: {}, usagePlans: {} } }, /access.scopes/],
    [
      'a plan that is no object',
      { access: { resourceServer: 'r', scopes: { a: '' }, usagePlans: { p: 1 } } },
      /usagePlans/,
    ],
  ] as const) {
    it(`refuses ${what}`, () => assert.throws(() => accessDeclarationsOf(declarations), message));
  }
});

describe('the local clients', () => {
  it('get every contract scope (default) or every read scope (reader), random secrets and keys on their plan', async () => {
    const access = await createStageAccess({ origin, access: contractAccess });
    const { credentials } = access;
    assert.equal(credentials.tokenUrl, `${origin}/oauth2/token`);
    assert.deepEqual([credentials.clientId, credentials.reader.clientId], ['local', 'local-reader']);
    const again = await createStageAccess({ origin, access: contractAccess });
    assert.notEqual(again.credentials.clientSecret, credentials.clientSecret);
    assert.notEqual(again.credentials.apiKey, credentials.apiKey);

    const token = decodeJwt(await access.issuer.issueAccessToken('local', ['items-api/items:read']));
    assert.equal(token.iss, origin);
    const admitted = access.gateway.usagePlans.admit(credentials.reader.apiKey);
    assert.deepEqual(admitted.admitted && [admitted.keyId, admitted.planId], ['local-reader', 'standard']);
    assert.equal(access.gateway.usagePlans.admit(again.credentials.apiKey).admitted, false);
    const verified = await access.gateway.verifier.verify(
      `Bearer ${await access.issuer.issueAccessToken('local', ['items-api/items:write'])}`,
      ['items-api/items:write'],
    );
    assert.equal(verified.ok, true);
  });

  it('refuses a contract without a scope a local client is declared with', async () => {
    const access: AccessDeclarations = { ...contractAccess, scopes: { 'items:write': 'writes' } };
    await assert.rejects(
      createStageAccess({ origin, access }),
      /^Error: The local client local-reader \(reader\) is declared with \*:read, which matches no scope the contract declares \(its scopes: items:write\); fix src\/local-clients.ts or the contract$/,
    );
  });

  it('gives the reader every read scope and the default client every scope, whatever the resources', () => {
    const scopes = { 'items:read': 'r', 'items:write': 'w', 'users:read': 'r', 'users:write': 'w' };
    const access: AccessDeclarations = { ...contractAccess, scopes };
    const full = (names: string[]) => names.map((scope) => `${contractAccess.resourceServer}/${scope}`);
    assert.deepEqual(allowedScopes('reader', localClients.reader, access), full(['items:read', 'users:read']));
    assert.deepEqual(allowedScopes('default', localClients.default, access), full(Object.keys(scopes)));
  });

  it('follow a reloaded contract: a resource added while the stage runs gets its scopes, keys stay', async () => {
    const access = await createStageAccess({ origin, access: contractAccess });
    const server = createServer((request, response) => access.issuer.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    /** The scopes a client credentials grant without `scope` gets: every scope the client is allowed. */
    const granted = async ({ clientId, clientSecret }: { clientId: string; clientSecret: string }) => {
      const response = await fetch(`http://127.0.0.1:${port}/oauth2/token`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      return String(decodeJwt(((await response.json()) as { access_token: string }).access_token).scope)
        .split(' ')
        .sort();
    };
    const full = (names: string[]) => names.map((scope) => `${contractAccess.resourceServer}/${scope}`).sort();
    try {
      const withKv = { ...contractAccess.scopes, 'kv:read': 'r', 'kv:write': 'w' };
      access.follow({ ...contractAccess, scopes: withKv });
      assert.deepEqual(await granted(access.credentials), full(Object.keys(withKv)));
      assert.deepEqual(
        await granted(access.credentials.reader),
        full(Object.keys(withKv).filter((scope) => scope.endsWith(':read'))),
      );
      // A contract the clients cannot be given scopes of changes nothing.
      assert.throws(
        () => access.follow({ ...contractAccess, scopes: { 'kv:write': 'w' } }),
        /local-reader \(reader\) is declared with \*:read, which matches no scope/,
      );
      assert.deepEqual(await granted(access.credentials), full(Object.keys(withKv)));
    } finally {
      server.close();
    }
  });

  it('refuses usage plans without the plan a local client is on', async () => {
    await assert.rejects(
      createStageAccess({
        origin,
        access: contractAccess,
        usagePlans: { premium: { throttle: { rateLimit: 1, burstLimit: 1 } } },
      }),
      /The local client local \(default\) is on usage plan standard, which is not declared \(plans: premium\)/,
    );
  });

  it('takes other usage plans in place of the contract', async () => {
    const { gateway, credentials } = await createStageAccess({
      origin,
      access: contractAccess,
      usagePlans: { standard: { throttle: { rateLimit: 1, burstLimit: 1 } } },
    });
    assert.equal(gateway.usagePlans.admit(credentials.apiKey).admitted, true);
    const second = gateway.usagePlans.admit(credentials.apiKey);
    assert.equal(second.admitted === false && second.responseType, 'THROTTLED');
  });
});

describe('the credentials file', () => {
  let scratch: string;
  before(async () => (scratch = await mkdtemp(join(tmpdir(), 'stage-env-'))));
  after(() => rm(scratch, { recursive: true, force: true }));

  it('replaces a wider file with one only its owner reads, and removes only its own text', async () => {
    const path = join(scratch, 'stage.env');
    await writeFile(path, 'OLD=1\n');
    await chmod(path, 0o644);
    const { credentials } = await createStageAccess({ origin, access: contractAccess });
    const text = stageEnvText(`${origin}/dev`, credentials);
    assert.match(
      text,
      /^ITEMS_API_BASE_URL=http:\/\/localhost:3999\/dev\nITEMS_API_TOKEN_URL=http:\/\/localhost:3999\/oauth2\/token\n/,
    );
    const remove = await writeStageEnv(path, text);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal(await readFile(path, 'utf8'), text);
    await remove();
    await assert.rejects(stat(path), { code: 'ENOENT' });

    // Another stage wrote the file since: it stays.
    const removeFirst = await writeStageEnv(path, text);
    await writeStageEnv(path, 'ITEMS_API_BASE_URL=http://localhost:4000\n');
    await removeFirst();
    assert.equal(await readFile(path, 'utf8'), 'ITEMS_API_BASE_URL=http://localhost:4000\n');
  });
});

describe('the paths the stage serves itself', () => {
  let scratch: string;
  before(async () => (scratch = await mkdtemp(join(tmpdir(), 'stage-paths-'))));
  after(() => rm(scratch, { recursive: true, force: true }));

  /** The generated API with the health check moved to `path` (body and declarations alike). */
  async function apiWithHealthAt(path: string) {
    const generated = join(scratch, path.replaceAll('/', '_'));
    await cp(defaultWatchOptions.generatedDirectory, generated, { recursive: true });
    for (const file of ['apigateway-body.json', 'infrastructure.json']) {
      const text = await readFile(join(generated, file), 'utf8');
      await writeFile(join(generated, file), text.replaceAll('"/health"', JSON.stringify(path)));
    }
    return loadStageApi({
      integrations: 'contract',
      generatedDirectory: generated,
      contractPath: defaultWatchOptions.contractPath,
      tableNames: { items: 'items' },
    });
  }

  it('refuses an API with a resource at the token endpoint, the JWKS or the docs, unless under a stage path', async () => {
    for (const [path, serves] of [
      ['/oauth2/token', 'token issuer'],
      ['/.well-known/jwks.json', 'token issuer'],
      ['/docs', 'docs page'],
    ]) {
      const api = await apiWithHealthAt(path!);
      assert.throws(
        () => checkNoCollision(api, ''),
        new Error(
          `The API has a resource matching ${path}, where the local stage serves its ${serves}; serve the API under a stage path (--stage <name>) or rename the resource`,
        ),
      );
      checkNoCollision(api, '/dev');
    }
    checkNoCollision(await apiWithHealthAt('/health'), '');
  });
});

describe('a side gateway', () => {
  it("refuses the secured contract without the stage's access, saying what to pass", async () => {
    await assert.rejects(
      startSideGateway({
        integrations: 'contract',
        dynamodbEndpoint: 'http://127.0.0.1:9',
        tableNames: { items: 'items' },
      }),
      /^Error: side gateway: .* requires a Cognito authorizer and an API key, but the gateway has no access .*; pass the stage's access \(startSideGateway\(\{ access: stage\.access \}\)\)$/,
    );
  });
});
