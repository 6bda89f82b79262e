/**
 * Suite 5: the local development loop. Time from starting the stage to ready (cold: no tsx cache and no watch-mode
 * build; warm: both cached), and from saving a file to the new version answering, in watch mode: a handler edit
 * (incremental esbuild rebuild, new function loaded) and a contract edit (regenerate, reload the body). The edits
 * go to copies under .local/ (the real sources are never modified).
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startLocalStage } from '@items-api/local-stage';
import { localDirectory, repositoryRoot } from '../../local-stage/src/paths.ts';
import { median } from './stats.ts';

export interface DevLoopSummary {
  /** Milliseconds from spawning `local-stage serve` to its "is up" line, per run. */
  coldStartMs: number[];
  warmStartMs: number[];
  /** Milliseconds from saving a file to the first request answered by the new version, per edit. */
  handlerReloadMs: number[];
  contractReloadMs: number[];
}

const cliPath = join(repositoryRoot, 'packages/local-stage/src/cli.ts');

/** Spawns the stage as `npm start` would (watch mode, in memory) and times it to its "is up" line. */
async function timeStart(environment: Record<string, string>): Promise<number> {
  const started = performance.now();
  // --no-stage-env: the user's .local/stage.env (of a stage they may be running) stays as it is.
  const child = spawn(
    process.execPath,
    // --experimental-vm-modules: as `nx run local-stage:serve` runs it (watch mode loads the function as a vm module).
    ['--experimental-vm-modules', '--import', 'tsx', cliPath, 'serve', '--in-memory', '--port=0', '--no-stage-env'],
    {
      env: { ...process.env, ...environment },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    return await new Promise<number>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('local stage is up')) resolve(performance.now() - started);
      });
      child.on('exit', (code) => reject(new Error(`local-stage serve exited with ${code} before it was up`)));
    });
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  }
}

async function until(probe: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`not within 30 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Rewrites `from` to `to` in `path` and times until `probe` sees the change served. */
async function timeEdit(path: string, from: string, to: string, probe: () => Promise<boolean>): Promise<number> {
  const text = await readFile(path, 'utf8');
  if (!text.includes(from)) throw new Error(`"${from}" is not in ${path}`);
  const saved = performance.now();
  await writeFile(path, text.replace(from, to));
  await until(probe, `${path} served after the edit`);
  return performance.now() - saved;
}

export async function devLoopBench(options: { runs: number; log: (line: string) => void }): Promise<DevLoopSummary> {
  const summary: DevLoopSummary = { coldStartMs: [], warmStartMs: [], handlerReloadMs: [], contractReloadMs: [] };
  const buildDirectory = join(localDirectory, 'handler-build');
  for (let run = 0; run < options.runs; run++) {
    await rm(buildDirectory, { recursive: true, force: true });
    summary.coldStartMs.push(await timeStart({ TSX_DISABLE_CACHE: '1' }));
    summary.warmStartMs.push(await timeStart({}));
  }
  options.log(`  start to ready: cold ${median(summary.coldStartMs)} ms, warm ${median(summary.warmStartMs)} ms`);

  await mkdir(localDirectory, { recursive: true });
  const scratch = await mkdtemp(join(localDirectory, 'bench-reload-'));
  const handlerSource = join(scratch, 'handler-src');
  const contract = join(scratch, 'openapi.yaml');
  await cp(join(repositoryRoot, 'packages/handler/src'), handlerSource, { recursive: true });
  await cp(join(repositoryRoot, 'openapi/openapi.yaml'), contract);
  await cp(join(repositoryRoot, 'openapi/generated'), join(scratch, 'generated'), { recursive: true });
  const stage = await startLocalStage({
    port: 0,
    inMemory: true,
    writeStateFile: false,
    accessLog: () => {},
    onReload: () => {},
    invoker: 'in-process',
    watch: {
      handlerEntry: join(handlerSource, 'index.ts'),
      handlerSources: [handlerSource],
      contractPath: contract,
      generatedDirectory: join(scratch, 'generated'),
      buildDirectory: join(scratch, 'build'),
    },
  });
  const base = stage.url.replace('localhost', '127.0.0.1');
  const health = async () => ((await (await fetch(`${base}/health`)).json()) as { status: string }).status;
  const maxAge = async () =>
    (
      await fetch(`${base}/health`, {
        method: 'OPTIONS',
        headers: { Origin: 'http://example.test', 'Access-Control-Request-Method': 'GET' },
      })
    ).headers.get('access-control-max-age');
  try {
    let status = 'ok';
    let age = 600;
    for (let run = 0; run < options.runs; run++) {
      const nextStatus = `edit-${run}`;
      summary.handlerReloadMs.push(
        await timeEdit(
          join(handlerSource, 'rules.ts'),
          `status: '${status}'`,
          `status: '${nextStatus}'`,
          async () => (await health()) === nextStatus,
        ),
      );
      status = nextStatus;
      const nextAge = age + 1;
      summary.contractReloadMs.push(
        await timeEdit(
          contract,
          `maxAgeSeconds: ${age}`,
          `maxAgeSeconds: ${nextAge}`,
          async () => (await maxAge()) === String(nextAge),
        ),
      );
      age = nextAge;
    }
  } finally {
    await stage.stop();
    await rm(scratch, { recursive: true, force: true });
  }
  options.log(
    `  save to served: handler ${median(summary.handlerReloadMs)} ms, contract ${median(summary.contractReloadMs)} ms`,
  );
  return summary;
}
