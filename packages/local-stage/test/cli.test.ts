/**
 * The CLI as a user runs it: what `serve` prints, the credentials file it writes, that Ctrl-C (and a crash) leave
 * no Java process behind, and readable errors for the expected failures. Every stage writes its credentials to a
 * file of the test's own, never to the developer's .local/stage.env.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { authHeaders, loopback } from './support/credentials.ts';
import { isAlive, runCli, waitFor } from './support/processes.ts';
import { credentialsIn, readStageEnv, serveRunner } from './support/serve.ts';
import { resource } from './support/contract.ts';
import { localTableNames } from '../src/table.ts';
import { operations } from '@items-api/openapi/operations';

/** The list the banner offers to try: the contract's first list operation. */
const firstList = Object.values(operations).find((operation) => operation.resource?.action === 'list')?.path;

/** `table items-local` or `tables items-local, configs-local`: every resource's table, as the CLI names them. */
const tables = Object.values(localTableNames());
const tablesText = `${tables.length === 1 ? 'table' : 'tables'} ${tables.join(', ')}`;

const crashPreload = fileURLToPath(new URL('./fixtures/crash-on-sigusr2.mjs', import.meta.url));

const { startServe, stopAll, cleanUp } = serveRunner();

describe('local-stage serve', () => {
  afterEach(stopAll);
  after(cleanUp);

  it('prints the URLs and how to get a token (no secret), writes the credentials file, and Ctrl-C stops everything', async () => {
    const { run, url, javaPid, stageEnvPath } = await startServe();
    assert.match(run.output(), /Docs\s+http:\/\/localhost:\d+\/docs/);
    assert.match(run.output(), new RegExp(`DynamoDB\\s+http://127\\.0\\.0\\.1:\\d+\\s+${tablesText}, in memory`));
    assert.match(
      run.output(),
      /Tokens\s+http:\/\/localhost:\d+\/oauth2\/token\s+clients local \(every scope\), local-reader \(read only\)/,
    );
    assert.ok(run.output().includes(`set -a; . ${stageEnvPath}; set +a`), run.output());
    assert.ok(
      run
        .output()
        .includes(
          'TOKEN=$(curl -s -u "$ITEMS_API_CLIENT_ID:$ITEMS_API_CLIENT_SECRET" -d grant_type=client_credentials \\',
        ),
      run.output(),
    );
    assert.ok(
      run
        .output()
        .includes(
          `curl -H "Authorization: Bearer $TOKEN" -H "x-api-key: $ITEMS_API_KEY" "$ITEMS_API_BASE_URL${firstList}"`,
        ),
    );
    const env = readStageEnv(stageEnvPath!);
    assert.equal(statSync(stageEnvPath!).mode & 0o777, 0o600);
    assert.equal(loopback(env.ITEMS_API_BASE_URL!), url);
    for (const secret of [
      'ITEMS_API_CLIENT_SECRET',
      'ITEMS_API_KEY',
      'ITEMS_API_READER_CLIENT_SECRET',
      'ITEMS_API_READER_KEY',
    ])
      assert.ok(!run.output().includes(env[secret]!), `${secret} is printed`);
    assert.equal((await fetch(`${url}/health`)).status, 200);
    assert.equal((await fetch(`${url}${firstList}`)).status, 401);
    assert.equal((await fetch(`${url}${firstList}`, { headers: await authHeaders(credentialsIn(env)) })).status, 200);
    assert.match((await fetch(`${url}/docs`)).headers.get('content-type') ?? '', /text\/html/);
    // One access log line per request, on stdout.
    await waitFor('the access log line', () =>
      run
        .output()
        .split('\n')
        .some((line) => line.startsWith('{') && line.includes('"path":"/health"')),
    );

    run.child.kill('SIGINT');
    const { code } = await run.exited;
    assert.equal(code, 0, run.output());
    await waitFor('Java to exit', () => !isAlive(javaPid), 10_000);
    assert.ok(!existsSync(stageEnvPath!), 'the credentials file goes with the stage');
  });

  it('keeps data in --data-dir; seed and reset act on the stage running there', async () => {
    const dataDirectory = mkdtempSync(join(tmpdir(), 'local-stage-'));
    try {
      const { run, url, javaPid, stageEnvPath } = await startServe([], ['--data-dir', dataDirectory]);
      assert.ok(
        existsSync(join(dataDirectory, 'local-stage.json')),
        'the running stage is recorded for seed and reset',
      );
      const auth = await authHeaders(credentialsIn(readStageEnv(stageEnvPath!)));
      const stored = async () =>
        Object.values(
          (await (await fetch(`${url}${resource.collectionPath}?limit=100`, { headers: auth })).json()) as object,
        ).find(Array.isArray) as unknown[];
      // The running stage's credentials come from the file its record names.
      const seed = runCli(['seed', '--count', '3', '--data-dir', dataDirectory]);
      assert.equal((await seed.exited).code, 0, seed.output());
      assert.match(seed.output(), /^Created 3 sample objects of each resource on http:\/\/localhost:\d+: /);
      for (const name of Object.keys(localTableNames())) assert.match(seed.output(), new RegExp(`[:,] ${name} \\(/`));
      assert.equal((await stored()).length, 3);
      // Any stage, by its credentials file; a second run adds to the first (fresh keys), overwriting nothing.
      const seedByFile = runCli(['seed', '--count', '2', '--stage-env', stageEnvPath!]);
      assert.equal((await seedByFile.exited).code, 0, seedByFile.output());
      assert.equal((await stored()).length, 5);

      const reset = runCli(['reset', '--data-dir', dataDirectory]);
      assert.equal((await reset.exited).code, 0, reset.output());
      assert.match(
        reset.output(),
        new RegExp(`The ${tablesText} of the running stage \\(http://localhost:\\d+\\): empty`),
      );
      assert.deepEqual(await stored(), []);

      run.child.kill('SIGTERM');
      assert.equal((await run.exited).code, 0);
      await waitFor('Java to exit', () => !isAlive(javaPid), 10_000);
      assert.ok(!existsSync(join(dataDirectory, 'local-stage.json')), 'the record goes with the stage');
      assert.ok(existsSync(join(dataDirectory, 'shared-local-instance.db')), 'DynamoDB Local kept its file');
    } finally {
      rmSync(dataDirectory, { recursive: true, force: true });
    }
  });

  it('writes no credentials file with --no-stage-env, and seed then says where the credentials are missing', async () => {
    const dataDirectory = mkdtempSync(join(tmpdir(), 'local-stage-'));
    try {
      const { run, url } = await startServe([], ['--data-dir', dataDirectory], ['--no-stage-env']);
      assert.ok(
        run
          .output()
          .includes(`${firstList} needs a token and an API key; without --no-stage-env the stage writes them`),
        run.output(),
      );
      assert.doesNotMatch(run.output(), /set -a/);
      const seed = runCli(['seed', '--count', '1', '--data-dir', dataDirectory]);
      assert.equal((await seed.exited).code, 1);
      assert.equal(
        seed.output(),
        `local-stage seed: The stage running on ${dataDirectory} (${url.replace('127.0.0.1', 'localhost')}) was started with --no-stage-env, so its credentials are nowhere to read: pass --stage-env <file> of a stage, or restart it without --no-stage-env\n`,
      );
      const missing = runCli(['seed', '--stage-env', join(dataDirectory, 'none.env')]);
      assert.equal((await missing.exited).code, 1);
      assert.equal(
        missing.output(),
        `local-stage seed: Cannot read the credentials file ${join(dataDirectory, 'none.env')}: ENOENT\n`,
      );
    } finally {
      rmSync(dataDirectory, { recursive: true, force: true });
    }
  });

  it('stops DynamoDB Local when the gateway crashes', async () => {
    const { run, javaPid } = await startServe([crashPreload]);
    run.child.kill('SIGUSR2');
    const { code } = await run.exited;
    assert.equal(code, 1);
    assert.match(run.output(), /local-stage crashed: Error: simulated crash/);
    await waitFor('Java to exit', () => !isAlive(javaPid), 10_000);
  });

  it('stops DynamoDB Local even when the CLI is killed outright (SIGKILL)', async () => {
    const { run, javaPid } = await startServe();
    run.child.kill('SIGKILL');
    await run.exited;
    await waitFor('Java to exit after its parent was killed', () => !isAlive(javaPid), 15_000);
  });

  it('says so readably when the port is in use', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = runCli(['serve', '--in-memory', '--port', String(port)]);
      const { code } = await run.exited;
      assert.equal(code, 1);
      assert.equal(
        run.output().trim(),
        `local-stage serve: Port ${port} is already in use on 127.0.0.1. Stop what uses it or pick another one: --port <n> (or PORT=<n>).`,
      );
    } finally {
      blocker.close();
    }
  });

  it('says so readably when Java is missing or the bundle is not built', async () => {
    const noJava = runCli(['serve', '--in-memory', '--port', '0'], [], { PATH: '/nonexistent' });
    assert.equal((await noJava.exited).code, 1);
    assert.match(
      noJava.output(),
      /^local-stage serve: DynamoDB Local needs Java 17 or later, but `java` is not on the PATH\..*\n$/,
    );
    // Without watch mode: the stage serves the built bundle (watch mode builds its own from the sources).
    const noBundle = runCli(['serve', '--in-memory', '--no-watch', '--port', '0'], [], {
      LOCAL_STAGE_HANDLER_BUNDLE: '/nonexistent/index.mjs',
    });
    assert.equal((await noBundle.exited).code, 1);
    assert.match(
      noBundle.output(),
      /^local-stage serve: The handler bundle is not built \(\/nonexistent\/index\.mjs\)\. Run `npx nx run handler:build`.*\n$/,
    );
  });

  it('names an integration override the contract cannot serve', async () => {
    const operationId = resource.operations.read;
    const run = runCli(['serve', '--in-memory', '--no-watch', '--port', '0', '--integrations', `${operationId}=http`]);
    assert.equal((await run.exited).code, 1);
    assert.equal(
      run.output(),
      `local-stage serve: The API cannot be served: Integration override: ${operationId}: "http" is not one of: lambda, dynamodb\n`,
    );
  });

  it('rejects bad options with a usage message', async () => {
    const run = runCli(['serve', '--port', 'abc']);
    assert.equal((await run.exited).code, 1);
    assert.match(run.output(), /^local-stage serve: --port must be a non-negative integer, not "abc"\n$/);
    const badStage = runCli(['serve', '--stage', 'a/b', '--port', '0']);
    assert.equal((await badStage.exited).code, 1);
    assert.match(
      badStage.output(),
      /^local-stage serve: A stage name is 1 to 128 letters, digits, - or _; "a\/b" is not one\.\n$/,
    );
    const badInvoker = runCli(['serve', '--invoker', 'lambda', '--port', '0']);
    assert.equal((await badInvoker.exited).code, 1);
    assert.match(badInvoker.output(), /^local-stage serve: --invoker must be workers or in-process, not "lambda"\n$/);
    const inspectWorkers = runCli(['serve', '--inspect', '--invoker', 'workers', '--port', '0']);
    assert.equal((await inspectWorkers.exited).code, 1);
    assert.match(inspectWorkers.output(), /--inspect runs the function in-process: leave out --invoker workers\n$/);
    const badPairs = runCli(['serve', '--integrations', 'getItem=', '--port', '0']);
    assert.equal((await badPairs.exited).code, 1);
    assert.match(
      badPairs.output(),
      /^local-stage serve: --integrations takes contract, a kind, or operationId=kind pairs separated by commas, not "getItem="\n$/,
    );
    const bothStageEnvs = runCli(['serve', '--stage-env', 'a.env', '--no-stage-env', '--port', '0']);
    assert.equal((await bothStageEnvs.exited).code, 1);
    assert.match(
      bothStageEnvs.output(),
      /^local-stage serve: --stage-env <file> and --no-stage-env contradict each other: give one\n$/,
    );
    const urlAndFile = runCli(['seed', '--url', 'http://localhost:1', '--stage-env', 'a.env']);
    assert.equal((await urlAndFile.exited).code, 1);
    assert.match(
      urlAndFile.output(),
      /^local-stage seed: --url and --stage-env both name the stage to seed: give one\n$/,
    );
    const unknown = runCli(['launch']);
    assert.equal((await unknown.exited).code, 2);
    assert.match(unknown.output(), /Unknown command "launch"/);
  });
});
