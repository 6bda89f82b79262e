/**
 * Watch mode on a running stage: a handler edit and a contract edit are served without a restart, and a broken
 * edit keeps the last good version serving, and a contract reload keeps the issued tokens and the API keys' usage
 * counts. The stage watches copies (under .local/, so the copies resolve the workspace's packages): the real
 * sources are never modified.
 */
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { localDirectory, repositoryRoot } from '../src/paths.ts';
import type { ReloadEntry } from '../src/reload/dev-loop.ts';
import { startLocalStage, type LocalStage } from '../src/stage.ts';
import { authHeaders } from './support/credentials.ts';
import { resource } from './support/contract.ts';

/** A quota small enough to use up in a test: what shows whether usage counts survive a reload. */
const quotaLimit = 3;

/** Polls `probe` until it returns true; fails after `ms`. */
async function eventually(probe: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`not within ${ms} ms: ${what}`);
}

/** Replaces the one occurrence of `from` in a file. */
async function edit(path: string, from: string, to: string): Promise<void> {
  const text = await readFile(path, 'utf8');
  assert.equal(text.split(from).length, 2, `exactly one "${from}" in ${path}`);
  await writeFile(path, text.replace(from, to));
}

for (const invoker of ['workers', 'in-process'] as const) {
  describe(`watch mode (${invoker} invoker)`, () => {
    let scratch: string;
    let stage: LocalStage;
    let base: string;
    const reloads: ReloadEntry[] = [];
    const paths = { handlerSource: '', rules: '', contract: '' };

    const health = async () => ((await (await fetch(`${base}/health`)).json()) as { status: string }).status;
    /** The preflight's max age: the contract's x-cors, answered by the gateway's mock integration. */
    const preflightMaxAge = async () =>
      (
        await fetch(`${base}/health`, {
          method: 'OPTIONS',
          headers: { Origin: 'http://example.test', 'Access-Control-Request-Method': 'GET' },
        })
      ).headers.get('access-control-max-age');
    const nextReload = async (kind: ReloadEntry['reload'], after: number) => {
      await eventually(() => Promise.resolve(reloads.length > after), `a ${kind} reload`);
      const entry = reloads[after]!;
      assert.equal(entry.reload, kind);
      return entry;
    };

    before(async () => {
      await mkdir(localDirectory, { recursive: true });
      scratch = await mkdtemp(join(localDirectory, 'watch-test-'));
      paths.handlerSource = join(scratch, 'handler-src');
      paths.rules = join(paths.handlerSource, 'rules.ts');
      paths.contract = join(scratch, 'openapi.yaml');
      await cp(join(repositoryRoot, 'packages/handler/src'), paths.handlerSource, { recursive: true });
      await cp(join(repositoryRoot, 'openapi/openapi.yaml'), paths.contract);
      await cp(join(repositoryRoot, 'openapi/generated'), join(scratch, 'generated'), { recursive: true });
      stage = await startLocalStage({
        port: 0,
        inMemory: true,
        writeStateFile: false,
        accessLog: () => {},
        invoker,
        onReload: (entry) => reloads.push(entry),
        usagePlans: { standard: { quota: { limit: quotaLimit, period: 'MONTH' } } },
        watch: {
          handlerEntry: join(paths.handlerSource, 'index.ts'),
          handlerSources: [paths.handlerSource],
          contractPath: paths.contract,
          generatedDirectory: join(scratch, 'generated'),
          buildDirectory: join(scratch, 'build'),
        },
      });
      base = stage.url.replace('localhost', '127.0.0.1');
    });
    after(async () => {
      await stage?.stop();
      if (scratch) await rm(scratch, { recursive: true, force: true });
    });

    it('serves a handler edit on the next request, without a restart', async () => {
      assert.equal(await health(), 'ok');
      const seen = reloads.length;
      await edit(paths.rules, "status: 'ok'", "status: 'edited'");
      await eventually(async () => (await health()) === 'edited', 'the edited handler answers');
      assert.deepEqual({ ...(await nextReload('handler', seen)), ms: 0 }, { reload: 'handler', ok: true, ms: 0 });
    });

    it('keeps the last good handler serving when an edit does not build, and names file and line', async () => {
      const seen = reloads.length;
      await edit(paths.rules, "status: 'edited'", "status: 'broken',,");
      const entry = await nextReload('handler', seen);
      assert.equal(entry.ok, false);
      assert.match(entry.error ?? '', /rules\.ts:\d+:\d+: /);
      assert.equal(await health(), 'edited');
      await edit(paths.rules, "status: 'broken',,", "status: 'fixed'");
      await eventually(async () => (await health()) === 'fixed', 'the fixed handler answers');
    });

    it('serves a contract edit (the preflight the gateway answers) without a restart', async () => {
      assert.equal(await preflightMaxAge(), '600');
      const seen = reloads.length;
      await edit(paths.contract, 'maxAgeSeconds: 600', 'maxAgeSeconds: 1200');
      await eventually(async () => (await preflightMaxAge()) === '1200', 'the gateway answers from the new body');
      assert.equal((await nextReload('contract', seen)).ok, true);
    });

    it('keeps the last good contract serving when an edit is not valid, and names the line', async () => {
      const seen = reloads.length;
      await edit(paths.contract, 'maxAgeSeconds: 1200', 'maxAgeSeconds: [1200');
      const entry = await nextReload('contract', seen);
      assert.equal(entry.ok, false);
      assert.match(entry.error ?? '', /openapi\.yaml.*line \d+/s);
      assert.equal(await preflightMaxAge(), '1200');
    });

    it('keeps tokens, API keys and their usage counts across a contract reload', async () => {
      const auth = await authHeaders(stage.credentials);
      const listStatus = async () => (await fetch(`${base}${resource.collectionPath}`, { headers: auth })).status;
      for (let request = 1; request < quotaLimit; request += 1) assert.equal(await listStatus(), 200);
      const seen = reloads.length;
      await edit(paths.contract, 'maxAgeSeconds: [1200', 'maxAgeSeconds: 1300');
      await eventually(async () => (await preflightMaxAge()) === '1300', 'the gateway answers from the new body');
      assert.equal((await nextReload('contract', seen)).ok, true);
      assert.equal(await listStatus(), 200, 'the token of before the reload is still good');
      assert.equal(await listStatus(), 429, `the quota of ${quotaLimit} counts the requests of before the reload`);
    });
  });
}
