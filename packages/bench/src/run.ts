/**
 * `npx nx run bench:bench` — every benchmark of docs/benchmarks.md in one run, side by side, with medians and
 * ratios. Not a test: nothing fails on a threshold (the goals are compared in the report, not asserted).
 *
 *   npx nx run bench:bench                                  # defaults below; growth at 1k and 10k
 *   npx nx run bench:bench --args="--growth-max=100000 --serverless-offline=install"   # 1k, 10k, 100k
 *   npx tsx src/run.ts --suites=warm                        # one suite while tuning
 *   npx tsx src/run.ts --smoke                              # tiny N: what `npm test` runs
 *
 *   npx tsx src/run.ts --suites=stage --workers=4           # the stage with 4 function workers
 *
 * Writes the Markdown report and the raw JSON to packages/bench/dist/.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startDynamoDBLocal } from '@items-api/dynamodb-local';
import { startLocalStage } from '@items-api/local-stage';
import { growth, pageLimit, type GrowthRow } from './growth.ts';
import { hasItems, items, noItems } from './items.ts';
import {
  coldStart,
  coldVariants,
  warmOverhead,
  warmScenarios,
  warmStacks,
  type ColdSummary,
  type ColdVariant,
  type WarmScenario,
  type WarmStack,
  type WarmSummary,
} from './lambda-bench.ts';
import { stageAuthHeaders, unthrottledPlans } from './stage-auth.ts';
import { stageBench, stageCandidates, type StageCandidate, type StageSummary } from './stage-bench.ts';
import {
  defaultInstallDir,
  install,
  isInstalled,
  startServerlessOffline,
  type ServerlessOffline,
} from './serverless-offline.ts';
import { kib, median, ms, ratio, table, us } from './stats.ts';
import { devLoopBench, type DevLoopSummary } from './dev-loop-bench.ts';
import { directBench, directCandidates, type DirectCandidate, type DirectSummary } from './direct-bench.ts';
import { invokerKinds, type InvokerKind } from '../../local-stage/src/function.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const suites = ['cold', 'warm', 'stage', 'growth', 'dev-loop', 'direct'] as const;
type Suite = (typeof suites)[number];
/** The suites that measure the items resource (src/items.ts): skipped, saying why, when the contract has none. */
const itemsSuites: readonly Suite[] = ['cold', 'warm', 'stage', 'growth', 'direct'];

export interface BenchOptions {
  suites: Suite[];
  runs: number;
  warmRequests: number;
  warmRounds: number;
  seconds: number;
  connections: number;
  rounds: number;
  /** Starts and edits timed by the dev-loop suite. */
  devLoopRuns: number;
  growthSizes: number[];
  /** The local stage's function workers; default the stage's own default (CPU count, 2 to 8). */
  workers: number | undefined;
  /** How the local stage runs the function: `in-process` (default, as `npm start`) or `workers`. */
  invoker: InvokerKind;
  /** `auto`: compare with serverless-offline when it is installed; `install`: install it first; `off`. */
  serverlessOffline: 'auto' | 'install' | 'off';
  outDir: string;
}

export interface BenchResults {
  machine: {
    node: string;
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    loadAverageStart: number[];
    loadAverageEnd: number[];
    date: string;
  };
  options: Omit<BenchOptions, 'outDir'>;
  cold?: Record<ColdVariant, ColdSummary>;
  warm?: Record<WarmScenario, Record<WarmStack, WarmSummary>>;
  stage?: Partial<Record<StageCandidate, StageSummary>>;
  /** Why serverless-offline is missing from the stage table, when it is. */
  serverlessOfflineNote?: string;
  growth?: GrowthRow[];
  devLoop?: DevLoopSummary;
  direct?: Record<DirectCandidate, DirectSummary>;
  /** The suites asked for that did not run, and why. */
  skipped?: string;
}

export const defaultOutDir = fileURLToPath(new URL('../dist', import.meta.url));

/** 1,000, 10,000, … up to `max` (Nx splits comma-separated --args, so `--growth-max` is the Nx-friendly form). */
function decades(max: number): number[] {
  const sizes: number[] = [];
  for (let n = 1_000; n <= max; n *= 10) sizes.push(n);
  return sizes.length > 0 ? sizes : [max];
}

function parseInvoker(value: string): InvokerKind {
  if (invokerKinds.includes(value as InvokerKind)) return value as InvokerKind;
  throw new Error(`--invoker must be ${invokerKinds.join(' or ')}, got "${value}"`);
}

function parseServerlessOffline(value: string): BenchOptions['serverlessOffline'] {
  if (value === 'auto' || value === 'install' || value === 'off') return value;
  throw new Error(`--serverless-offline must be auto, install or off, got "${value}"`);
}

/** The options that take a comma-separated list. */
const listOptions = ['suites', 'growth'];

/**
 * Nx's run-commands splits `--args="--suites=stage,cold"` at the comma and passes `--suites=stage cold`: join the
 * pieces of a list back, so the documented form works through Nx as written.
 */
export function rejoinLists(argv: string[]): string[] {
  const joined: string[] = [];
  for (const arg of argv) {
    const previous = joined.at(-1);
    const continuesList =
      previous !== undefined && !arg.startsWith('-') && listOptions.some((name) => previous.startsWith(`--${name}=`));
    if (continuesList) joined[joined.length - 1] = `${previous},${arg}`;
    else joined.push(arg);
  }
  return joined;
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: rejoinLists(argv),
    options: {
      suites: { type: 'string', default: suites.join(',') },
      smoke: { type: 'boolean', default: false },
      runs: { type: 'string' },
      'warm-requests': { type: 'string' },
      seconds: { type: 'string' },
      connections: { type: 'string' },
      rounds: { type: 'string' },
      growth: { type: 'string' },
      'growth-max': { type: 'string' },
      workers: { type: 'string' },
      invoker: { type: 'string' },
      'serverless-offline': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const smoke = values.smoke === true;
  const number = (name: string, value: string | undefined, fallback: number): number => {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got "${value}"`);
    return n;
  };
  const chosen = (values.suites ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of chosen)
    if (!suites.includes(s as Suite)) throw new Error(`--suites: unknown suite "${s}" (known: ${suites.join(', ')})`);
  return {
    suites: chosen as Suite[],
    runs: number('runs', values.runs, smoke ? 1 : 21),
    warmRequests: number('warm-requests', values['warm-requests'], smoke ? 300 : 50_000),
    warmRounds: smoke ? 1 : 5,
    seconds: number('seconds', values.seconds, smoke ? 1 : 5),
    connections: number('connections', values.connections, 8),
    rounds: number('rounds', values.rounds, smoke ? 1 : 3),
    devLoopRuns: smoke ? 1 : 5,
    growthSizes:
      values['growth-max'] !== undefined
        ? decades(number('growth-max', values['growth-max'], 0))
        : (values.growth ?? (smoke ? '200,400' : '1000,10000')).split(',').map((s) => number('growth', s, 0)),
    workers: values.workers === undefined ? undefined : number('workers', values.workers, 0),
    invoker: parseInvoker(values.invoker ?? 'in-process'),
    serverlessOffline: parseServerlessOffline(values['serverless-offline'] ?? (smoke ? 'off' : 'auto')),
    outDir: values.out ?? defaultOutDir,
  };
}

export async function runBenchmarks(
  options: BenchOptions,
  log: (line: string) => void = (l) => console.error(l),
): Promise<BenchResults> {
  const results: BenchResults = {
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      loadAverageStart: loadavg(),
      loadAverageEnd: [],
      date: new Date().toISOString(),
    },
    options: { ...options, outDir: undefined } as unknown as Omit<BenchOptions, 'outDir'>,
  };
  delete (results.options as Partial<BenchOptions>).outDir;
  const skipped = hasItems ? [] : options.suites.filter((suite) => itemsSuites.includes(suite));
  if (skipped.length > 0) {
    results.skipped = `${skipped.join(', ')} skipped: ${noItems}`;
    log(results.skipped);
  }
  const runs = (suite: Suite) => options.suites.includes(suite) && !skipped.includes(suite);
  if (runs('cold')) {
    log(`cold start: ${options.runs} interleaved runs of ${coldVariants.length} variants`);
    const scratch = await mkdtemp(join(tmpdir(), 'items-bench-'));
    const db = await startDynamoDBLocal();
    try {
      results.cold = await coldStart({ scratch, endpoint: db.endpoint, runs: options.runs });
    } finally {
      await db.stop();
      await rm(scratch, { recursive: true, force: true });
    }
  }
  if (runs('warm')) {
    log(`warm overhead: ${options.warmRequests} requests per stack and scenario`);
    results.warm = await warmOverhead({
      requests: options.warmRequests,
      warmup: Math.min(20_000, options.warmRequests),
      rounds: options.warmRounds,
    });
  }
  if (runs('stage') || runs('growth')) {
    const stage = await startLocalStage({
      port: 0,
      inMemory: true,
      accessLog: () => {},
      writeStateFile: false,
      tableNames: { [items]: 'items-bench' },
      invoker: options.invoker,
      usagePlans: unthrottledPlans,
      ...(options.workers !== undefined && { maxConcurrency: options.workers }),
    });
    try {
      if (runs('stage')) {
        log(`local stage: ${options.rounds} rounds of ${options.seconds} s at ${options.connections} connections`);
        let sls: ServerlessOffline | undefined;
        if (options.serverlessOffline === 'install') install(defaultInstallDir, log);
        if (options.serverlessOffline !== 'off' && isInstalled(defaultInstallDir)) {
          sls = await startServerlessOffline({
            dir: defaultInstallDir,
            tableNames: stage.tableNames,
            dynamodbEndpoint: stage.dynamodb.endpoint,
          });
        } else {
          results.serverlessOfflineNote =
            options.serverlessOffline === 'off'
              ? 'left out (--serverless-offline=off)'
              : `not installed in ${defaultInstallDir}: run with --serverless-offline=install`;
        }
        try {
          results.stage = await stageBench(stage, { ...options, serverlessOfflineUrl: sls?.url });
        } finally {
          await sls?.stop();
        }
      }
      if (runs('growth')) {
        // Growth needs a table holding only its own items: drop the stage bench's one.
        await fetch(`${stage.url.replace('localhost', '127.0.0.1')}/items/bench-stage-item`, {
          method: 'DELETE',
          headers: await stageAuthHeaders(stage),
        });
        results.growth = await growth(stage, options.growthSizes, log);
      }
    } finally {
      await stage.stop();
    }
  }
  if (runs('dev-loop')) {
    log(`development loop: ${options.devLoopRuns} runs of start (cold, warm), handler edit and contract edit`);
    results.devLoop = await devLoopBench({ runs: options.devLoopRuns, log });
  }
  if (runs('direct')) {
    log(`direct integration: ${options.rounds} rounds of ${options.seconds} s of getItem at 1 connection, each path`);
    const stage = await startLocalStage({
      port: 0,
      inMemory: true,
      accessLog: () => {},
      writeStateFile: false,
      tableNames: { [items]: 'items-bench-direct' },
      invoker: options.invoker,
      usagePlans: unthrottledPlans,
      integrations: { all: 'lambda' },
      ...(options.workers !== undefined && { maxConcurrency: options.workers }),
    });
    try {
      results.direct = await directBench(stage, { operations: { getItem: 'dynamodb' } }, options);
    } finally {
      await stage.stop();
    }
  }
  results.machine.loadAverageEnd = loadavg();
  return results;
}

const goal = (met: boolean) => (met ? '**met**' : '**missed**');

export function renderReport(r: BenchResults): string {
  const out: string[] = [];
  const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  out.push(
    `Node ${r.machine.node}, ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, ${r.machine.date}; load average (1/5/15 min) ${la(r.machine.loadAverageStart)} at the start, ${la(r.machine.loadAverageEnd)} at the end.`,
  );
  if (r.skipped) out.push('', `Not measured: ${r.skipped}.`);
  if (r.cold) {
    const c = r.cold;
    const floor = c.floor;
    out.push('', `### 1. Cold start (${r.options.runs} interleaved runs per variant; medians)`, '');
    out.push(
      table(
        [
          'variant',
          'bundle',
          'bundle / floor',
          'process wall',
          'import',
          'first request',
          'import + first request',
          '/ floor',
          'best run (/ floor)',
        ],
        coldVariants.map((v) => {
          const s = c[v];
          return [
            v,
            s.bundleBytes === null ? '—' : kib(s.bundleBytes),
            s.bundleBytes === null ? '—' : ratio(s.bundleBytes, floor.bundleBytes as number),
            ms(s.wallMs),
            ms(s.importMs),
            ms(s.firstRequestMs),
            ms(s.coldMs),
            v === 'empty' ? '—' : ratio(s.coldMs, floor.coldMs),
            v === 'empty' ? '—' : `${ms(s.bestColdMs)} (${ratio(s.bestColdMs, floor.bestColdMs)})`,
          ];
        }),
      ),
    );
    const h = c.handler.coldMs;
    out.push(
      '',
      `Handler import + first request: ${ratio(h, floor.coldMs)} the floor (goal ≤ 1.15×: ${goal(h / floor.coldMs <= 1.15)}), ${ratio(h, c.middy.coldMs)} Middy, ${ratio(h, c.hono.coldMs)} Hono (goal < 1× both: ${goal(h < c.middy.coldMs && h < c.hono.coldMs)}).`,
    );
  }
  if (r.warm) {
    out.push(
      '',
      `### 2. Warm overhead per request, in process, stubbed store (${r.options.warmRequests} timed requests per cell, interleaved in ${r.options.warmRounds} slices)`,
      '',
    );
    const rows: string[][] = [];
    for (const scenario of warmScenarios) {
      const base = r.warm[scenario].handler;
      for (const stack of warmStacks) {
        const s = r.warm[scenario][stack];
        rows.push([
          scenario,
          stack,
          us(s.p50),
          us(s.p99),
          stack === 'handler' ? '—' : ratio(base.p50, s.p50),
          stack === 'handler' ? '—' : ratio(base.p99, s.p99),
        ]);
      }
    }
    out.push(table(['request', 'stack', 'p50', 'p99', 'handler / this (p50)', 'handler / this (p99)'], rows));
    const worst = Math.max(...warmScenarios.map((s) => (r.warm as NonNullable<BenchResults['warm']>)[s].handler.p99));
    out.push('', `Handler's worst p99: ${us(worst)} (goal ≤ 50 µs: ${goal(worst <= 50)}).`);
  }
  if (r.stage) {
    const s = r.stage;
    out.push(
      '',
      `### 3. Local stage end to end (${r.options.rounds} interleaved rounds of ${r.options.seconds} s, ${r.options.connections} connections; medians)`,
      '',
    );
    out.push(
      table(
        ['path', 'req/s', 'p50 ms', 'p99 ms', 'req/s per round', 'failed requests', 'stage / floor'],
        stageCandidates.flatMap((name) => {
          const x = s[name];
          if (!x) return [];
          const floor = (name.endsWith('GET') ? s['floor GET'] : s['floor PUT']) as StageSummary;
          return [
            [
              name,
              x.requestsPerSecond.toFixed(0),
              x.p50.toFixed(1),
              x.p99.toFixed(1),
              x.rounds.map((v) => v.toFixed(0)).join(', '),
              String(x.failures),
              name.startsWith('floor')
                ? '—'
                : x.failures > 0
                  ? `not comparable (${x.failures} failed)`
                  : ratio(x.requestsPerSecond, floor.requestsPerSecond),
            ],
          ];
        }),
      ),
    );
    const rps = (name: StageCandidate) => s[name]?.requestsPerSecond ?? Number.NaN;
    const g = rps('stage GET') / rps('floor GET');
    const p = rps('stage PUT') / rps('floor PUT');
    out.push(
      '',
      `Stage / floor: GET ${g.toFixed(2)}×, PUT ${p.toFixed(2)}× (goal ≥ 0.8×: ${goal(Math.min(g, p) >= 0.8)}).`,
    );
    if (
      s['sls-offline GET'] &&
      s['sls-offline PUT'] &&
      s['sls-offline GET'].failures + s['sls-offline PUT'].failures > 0
    ) {
      out.push('serverless-offline: requests failed, so its throughput is not comparable (see the table).');
    } else if (s['sls-offline GET'] && s['sls-offline PUT']) {
      const sg = rps('stage GET') / rps('sls-offline GET');
      const sp = rps('stage PUT') / rps('sls-offline PUT');
      out.push(
        `Stage / serverless-offline: GET ${sg.toFixed(2)}×, PUT ${sp.toFixed(2)}× (goal ≥ 1×: ${goal(Math.min(sg, sp) >= 1)}).`,
      );
    } else {
      out.push(`serverless-offline: ${r.serverlessOfflineNote ?? 'not measured'}.`);
    }
  }
  if (r.growth) {
    out.push('', `### 4. Growth: list every item, ${pageLimit} per page, through the local stage`, '');
    const first = r.growth[0] as GrowthRow;
    out.push(
      table(
        [
          'items',
          'pages',
          'seed (BatchWrite)',
          'list all: total',
          'total / smallest',
          'ms per 1k items',
          'page p50',
          'page p99',
        ],
        r.growth.map((g) => [
          String(g.items),
          String(g.pages),
          `${g.seedSeconds.toFixed(1)} s`,
          ms(g.totalMs),
          ratio(g.totalMs, first.totalMs),
          g.msPer1k.toFixed(1),
          ms(g.pageP50),
          ms(g.pageP99),
        ]),
      ),
    );
  }
  if (r.devLoop) {
    const d = r.devLoop;
    const row = (what: string, values: number[], goalMs: number | undefined) => [
      what,
      ms(median(values)),
      `${ms(Math.min(...values))} – ${ms(Math.max(...values))}`,
      goalMs === undefined ? '—' : `< ${ms(goalMs)}: ${goal(median(values) < goalMs)}`,
    ];
    out.push('', `### 5. Development loop (${d.warmStartMs.length} runs each; medians)`, '');
    out.push(
      table(
        ['step', 'median', 'range', 'goal'],
        [
          row('start to ready, cold (no tsx cache, no watch build)', d.coldStartMs, undefined),
          row('start to ready, warm', d.warmStartMs, 5_000),
          row('handler file saved → new code answering', d.handlerReloadMs, 1_000),
          row('contract saved → new body answering', d.contractReloadMs, 3_000),
        ],
      ),
    );
  }
  if (r.direct) {
    const d = r.direct;
    out.push(
      '',
      `### 7. getItem directly from DynamoDB vs through the Lambda (${r.options.rounds} interleaved rounds of ${r.options.seconds} s, 1 connection; medians; autocannon's percentiles are whole milliseconds)`,
      '',
    );
    const lambda = d['getItem through the Lambda'];
    out.push(
      table(
        ['path', 'p50 ms', 'p99 ms', 'mean ms (1 / req/s)', 'req/s', 'failed requests', 'p50 / Lambda'],
        directCandidates.map((name) => [
          name,
          d[name].p50.toFixed(0),
          d[name].p99.toFixed(0),
          (1000 / d[name].requestsPerSecond).toFixed(2),
          d[name].requestsPerSecond.toFixed(0),
          String(d[name].failures),
          name === 'getItem through the Lambda' ? '—' : ratio(d[name].p50, lambda.p50),
        ]),
      ),
    );
  }
  return out.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const options = parseOptions(process.argv.slice(2));
    const results = await runBenchmarks(options);
    const report = renderReport(results);
    console.log(report);
    await mkdir(options.outDir, { recursive: true });
    await writeFile(join(options.outDir, 'bench-results.md'), `${report}\n`);
    await writeFile(join(options.outDir, 'bench-results.json'), `${JSON.stringify(results, null, 2)}\n`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
