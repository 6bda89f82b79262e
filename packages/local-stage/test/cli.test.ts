/**
 * The CLI as a user runs it: what `serve` prints, that Ctrl-C (and a crash) leave no Java process behind,
 * and readable errors for the expected failures.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { childPids, commandOf, isAlive, runCli, waitFor, type CliRun } from './support/processes.ts';

const crashPreload = fileURLToPath(new URL('./fixtures/crash-on-sigusr2.mjs', import.meta.url));

/** Stages a failed test left running: stopped after each test, so a failure cannot hang the runner. */
const serving: CliRun[] = [];

async function startServe(
  preload: string[] = [],
  storage = ['--in-memory'],
): Promise<{ run: CliRun; url: string; javaPid: number }> {
  const run = runCli(['serve', ...storage, '--port', '0'], preload);
  serving.push(run);
  const url = await waitFor(
    'the banner',
    () =>
      /API\s+(http:\/\/localhost:\d+)/.exec(run.output())?.[1] ??
      (run.child.exitCode !== null ? `exited: ${run.output()}` : undefined),
  );
  assert.match(url, /^http:/, run.output());
  const javaPid = childPids(run.child.pid as number).find((pid) => commandOf(pid).includes('DynamoDBLocal.jar'));
  assert.ok(javaPid, 'DynamoDB Local runs as a child of the CLI');
  return { run, url: url.replace('localhost', '127.0.0.1'), javaPid };
}

describe('local-stage serve', () => {
  afterEach(async () => {
    for (const run of serving.splice(0)) {
      if (run.child.exitCode !== null || run.child.signalCode !== null) continue;
      run.child.kill('SIGTERM');
      await run.exited;
    }
  });

  it('prints the URLs, serves API and docs, and Ctrl-C stops everything', async () => {
    const { run, url, javaPid } = await startServe();
    assert.match(run.output(), /Docs\s+http:\/\/localhost:\d+\/docs/);
    assert.match(run.output(), /DynamoDB\s+http:\/\/127\.0\.0\.1:\d+\s+table items-local, in memory/);
    assert.equal((await fetch(`${url}/health`)).status, 200);
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
  });

  it('keeps data in --data-dir; seed and reset act on the stage running there', async () => {
    const dataDirectory = mkdtempSync(join(tmpdir(), 'local-stage-'));
    try {
      const { run, url, javaPid } = await startServe([], ['--data-dir', dataDirectory]);
      assert.ok(
        existsSync(join(dataDirectory, 'local-stage.json')),
        'the running stage is recorded for seed and reset',
      );
      const seed = runCli(['seed', '--count', '3', '--data-dir', dataDirectory]);
      assert.equal((await seed.exited).code, 0, seed.output());
      assert.match(seed.output(), /^Created 3 sample items on http:\/\/localhost:\d+/);
      const page = (await (await fetch(`${url}/items?limit=100`)).json()) as {
        items: { name: string; tags: string[] }[];
      };
      assert.equal(page.items.length, 3);
      assert.ok(page.items.every((item) => item.tags.includes('sample')));

      const reset = runCli(['reset', '--data-dir', dataDirectory]);
      assert.equal((await reset.exited).code, 0, reset.output());
      assert.deepEqual(((await (await fetch(`${url}/items`)).json()) as { items: unknown[] }).items, []);

      run.child.kill('SIGTERM');
      assert.equal((await run.exited).code, 0);
      await waitFor('Java to exit', () => !isAlive(javaPid), 10_000);
      assert.ok(!existsSync(join(dataDirectory, 'local-stage.json')), 'the record goes with the stage');
      assert.ok(existsSync(join(dataDirectory, 'shared-local-instance.db')), 'DynamoDB Local kept its file');
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
    const run = runCli(['serve', '--in-memory', '--no-watch', '--port', '0', '--integrations', 'getItem=http']);
    assert.equal((await run.exited).code, 1);
    assert.match(
      run.output(),
      /^local-stage serve: The API cannot be served: Integration override: getItem: "http" is not one of: lambda, dynamodb\n$/,
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
    const unknown = runCli(['launch']);
    assert.equal((await unknown.exited).code, 2);
    assert.match(unknown.output(), /Unknown command "launch"/);
  });
});
