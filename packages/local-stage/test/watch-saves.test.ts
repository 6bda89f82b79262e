/**
 * Watch mode survives every way a file gets saved: each of ten consecutive saves of a handler file and of the
 * contract is served, saved in place (truncate and write), by writing a temporary file and renaming it over the
 * file (sed -i, vim without backup copy, JetBrains' safe write) and by deleting and re-creating it; a new file and
 * a checkout of several files at once are served too; a contract save also rebuilds /docs; and a build error names
 * the file from the repository root. The stage (in-process, as `npm start` runs it) watches copies under .local/.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { localDirectory, repositoryRoot } from '../src/paths.ts';
import type { ReloadEntry } from '../src/reload/dev-loop.ts';
import { startLocalStage, type LocalStage } from '../src/stage.ts';

/**
 * How an editor writes `text` to `path`: in one go, with synchronous calls (as fast as sed or an editor does it; a
 * watcher that only keeps up with slower steps passes the test otherwise).
 */
type Save = (path: string, text: string) => void;

const saves: Record<string, Save> = {
  'in place': (path, text) => writeFileSync(path, text),
  'write then rename': (path, text) => {
    // A new name each time, as sed -i (`sedXXXXXX`) and JetBrains (`name___jb_tmp___`) pick theirs.
    const temporary = join(dirname(path), `sed${randomBytes(3).toString('hex')}`);
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  },
  'delete and create': (path, text) => {
    unlinkSync(path);
    writeFileSync(path, text);
  },
};

/** Consecutive saves of each kind. */
const savesInARow = 10;

/** Polls `probe` until it returns true; fails after `ms`. */
async function eventually(probe: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`not within ${ms} ms: ${what}`);
}

/** Median and maximum of a list of milliseconds, for the test's report. */
const summary = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return `median ${Math.round(sorted[Math.floor(sorted.length / 2)]!)} ms, max ${Math.round(sorted.at(-1)!)} ms`;
};

describe('watch mode: every way of saving a file', () => {
  let scratch: string;
  let stage: LocalStage;
  let base: string;
  const reloads: ReloadEntry[] = [];
  const paths = { handlerSource: '', rules: '', contract: '' };

  const health = async () => ((await (await fetch(`${base}/health`)).json()) as { status: string }).status;
  const preflightMaxAge = async () =>
    (
      await fetch(`${base}/health`, {
        method: 'OPTIONS',
        headers: { Origin: 'http://example.test', 'Access-Control-Request-Method': 'GET' },
      })
    ).headers.get('access-control-max-age');
  const docs = async () => (await fetch(stage.docsUrl.replace('localhost', '127.0.0.1'))).text();

  before(async () => {
    await mkdir(localDirectory, { recursive: true });
    scratch = await mkdtemp(join(localDirectory, 'watch-saves-'));
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
      invoker: 'in-process',
      onReload: (entry) => reloads.push(entry),
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

  for (const [kind, save] of Object.entries(saves)) {
    it(`serves each of ${savesInARow} handler saves in a row (${kind})`, async (t) => {
      const original = await readFile(paths.rules, 'utf8');
      assert.equal(original.split("status: 'ok'").length, 2, "one status: 'ok' in rules.ts");
      const served: number[] = [];
      for (let n = 1; n <= savesInARow; n += 1) {
        const status = `${kind.replaceAll(' ', '-')}-${n}`;
        const saved = performance.now();
        save(paths.rules, original.replace("status: 'ok'", `status: '${status}'`));
        await eventually(async () => (await health()) === status, `save ${n} (${kind}) is served`);
        served.push(performance.now() - saved);
      }
      save(paths.rules, original);
      await eventually(async () => (await health()) === 'ok', 'the original handler is served again');
      t.diagnostic(`handler, ${kind}: save to served ${summary(served)}`);
    });
  }

  for (const [kind, save] of Object.entries(saves)) {
    it(`serves each of ${savesInARow} contract saves in a row (${kind}), /docs included`, async (t) => {
      const original = await readFile(paths.contract, 'utf8');
      for (const text of ['maxAgeSeconds: 600', '\n  version: 1.0.0\n'])
        assert.equal(original.split(text).length, 2, `one "${text.trim()}" in the contract`);
      const gateway: number[] = [];
      const page: number[] = [];

      for (let n = 1; n <= savesInARow; n += 1) {
        const maxAge = String(600 + n);
        const version = `1.0.${n}-${kind.replaceAll(' ', '-')}`;
        const saved = performance.now();
        save(
          paths.contract,
          original
            .replace('maxAgeSeconds: 600', `maxAgeSeconds: ${maxAge}`)
            .replace('\n  version: 1.0.0\n', `\n  version: ${version}\n`),
        );
        await eventually(async () => (await preflightMaxAge()) === maxAge, `save ${n} (${kind}): the gateway`);
        gateway.push(performance.now() - saved);
        await eventually(async () => (await docs()).includes(version), `save ${n} (${kind}): /docs`);
        page.push(performance.now() - saved);
      }
      save(paths.contract, original);
      await eventually(async () => (await preflightMaxAge()) === '600', 'the original contract is served again');
      await eventually(async () => !(await docs()).includes(`1.0.${savesInARow}-`), 'the original /docs again');
      t.diagnostic(`contract, ${kind}: save to gateway ${summary(gateway)}; save to /docs ${summary(page)}`);
    });
  }

  it('serves a new file and a checkout that changes several files at once', async () => {
    const original = await readFile(paths.rules, 'utf8');
    const statusModule = join(paths.handlerSource, 'health-status.ts');
    // As `git checkout` writes them: each file unlinked and written anew, one after the other, in one go.
    writeFileSync(statusModule, "export const healthStatus = 'checked-out';\n");
    saves['delete and create']!(
      paths.rules,
      `import { healthStatus } from './health-status.ts';\n${original.replace("status: 'ok'", 'status: healthStatus')}`,
    );
    await eventually(async () => (await health()) === 'checked-out', 'the checked-out files are served');
    await writeFile(statusModule, "export const healthStatus = 'edited-new-file';\n");
    await eventually(async () => (await health()) === 'edited-new-file', 'an edit of the new file is served');
    await writeFile(paths.rules, original);
    await unlink(statusModule);
    await eventually(async () => (await health()) === 'ok', 'the original handler is served again');
  });

  it("names a broken edit's file from the repository root", async () => {
    const original = await readFile(paths.rules, 'utf8');
    const seen = reloads.length;
    await writeFile(paths.rules, original.replace("status: 'ok'", "status: 'broken',,"));
    await eventually(() => Promise.resolve(reloads.slice(seen).some((entry) => !entry.ok)), 'a failed reload');
    const failed = reloads.slice(seen).find((entry) => !entry.ok)!;
    const fromRoot = relative(repositoryRoot, paths.rules);
    assert.match(failed.error ?? '', new RegExp(`^${fromRoot.replaceAll('.', '\\.')}:\\d+:\\d+: `, 'm'));
    assert.equal(await health(), 'ok', 'the last good handler keeps serving');
    await writeFile(paths.rules, original);
  });
});

describe('watch mode with the in-process function, without --experimental-vm-modules', () => {
  it('refuses to start, saying which flag to give', async () => {
    const stagePath = fileURLToPath(new URL('../src/stage.ts', import.meta.url));
    const script = `import { startLocalStage } from ${JSON.stringify(stagePath)};
await startLocalStage({ port: 0, watch: true, invoker: 'in-process' }).catch((error) => { console.error(error.message); process.exit(3); });`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
      stdio: ['ignore', 'ignore', 'pipe'],
      // A stage that starts instead of refusing is stopped.
      timeout: 60_000,
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 3, output);
    assert.match(output, /^Watch mode reloads the in-process function: start Node with --experimental-vm-modules/m);
  });
});
