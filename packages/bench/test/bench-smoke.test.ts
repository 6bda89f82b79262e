/**
 * The benchmarks must keep running (npm test runs them with tiny N; timings are not asserted here — the goals
 * live in docs/benchmarks.md). The peers' parity with the handler is items' own (test/items/bench-smoke.test.ts).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { hasItems, noItems } from '../src/items.ts';
import { parseOptions, renderReport, runBenchmarks, type BenchOptions, type BenchResults } from '../src/run.ts';
import { median, percentile } from '../src/stats.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

describe('stats', () => {
  it('median and nearest-rank percentile', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(sorted, 50), 50);
    assert.equal(percentile(sorted, 99), 99);
    assert.equal(percentile([7], 99), 7);
  });
});

describe('options', () => {
  it('rejects an unknown suite and a non-numeric count with a readable message', () => {
    assert.throws(() => parseOptions(['--suites=cold,fast']), /unknown suite "fast"/);
    assert.throws(() => parseOptions(['--runs=many']), /--runs must be a positive integer/);
    assert.throws(() => parseOptions(['--serverless-offline=maybe']), /must be auto, install or off/);
    assert.deepEqual(parseOptions(['--growth=1000,10000,100000']).growthSizes, [1000, 10000, 100000]);
    assert.deepEqual(parseOptions(['--growth-max=100000']).growthSizes, [1000, 10000, 100000]);
    assert.throws(() => parseOptions(['--invoker=lambda']), /--invoker must be workers or in-process/);
  });

  it('takes a list as Nx passes it: `--args="--suites=stage,cold"` arrives split at the comma', () => {
    assert.deepEqual(parseOptions(['--suites=stage', 'cold']).suites, ['stage', 'cold']);
    assert.deepEqual(parseOptions(['--growth=1000', '10000', '--runs=3']).growthSizes, [1000, 10000]);
    assert.throws(() => parseOptions(['--runs=3', 'cold']), /Unexpected argument 'cold'/);
  });

  it('runs through Nx with the documented list form', () => {
    // Without the bench's dependencies and with a bad --rounds: the run stops at option parsing, after the list.
    const run = spawnSync(
      'npx',
      [
        'nx',
        'run',
        'bench:bench',
        '--exclude-task-dependencies',
        '--skip-nx-cache',
        '--args=--suites=stage,cold --rounds=x',
      ],
      {
        cwd: fileURLToPath(new URL('../../..', import.meta.url)),
        env: { ...process.env, NX_DAEMON: 'false' },
        encoding: 'utf8',
      },
    );
    const output = run.stdout + run.stderr;
    assert.match(output, /--rounds must be a positive integer, got "x"/);
    assert.doesNotMatch(output, /Unexpected argument|unknown suite/);
  });
});

describe('smoke run of every benchmark', () => {
  let outDir: string | undefined;
  let options: BenchOptions;
  let results: BenchResults;
  let report: string;
  before(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'items-bench-smoke-'));
    options = { ...parseOptions(['--smoke', `--out=${outDir}`]), seconds: 1 };
    results = await runBenchmarks(options, () => {});
    report = renderReport(results);
  });
  after(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('measures the development loop', () => {
    assert.match(report, /5\. Development loop/);
    const devLoop = results.devLoop;
    assert.ok(devLoop, 'the development loop was measured');
    for (const times of [devLoop.coldStartMs, devLoop.warmStartMs, devLoop.handlerReloadMs, devLoop.contractReloadMs])
      assert.ok(times.length === 1 && times[0]! > 0);
  });

  it('skips exactly the suites that measure items when the contract has none, saying why', () => {
    const skipped = hasItems ? undefined : `cold, warm, stage, growth, direct skipped: ${noItems}`;
    assert.equal(results.skipped, skipped);
    assert.equal(report.includes('Not measured:'), !hasItems);
    if (!hasItems)
      assert.deepEqual(
        [results.cold, results.warm, results.stage, results.growth, results.direct],
        Array(5).fill(undefined),
        'a skipped suite has no results',
      );
  });

  it(
    'produces every table with every candidate, and no failed request',
    { skip: !hasItems && `the suites measuring items are skipped: ${noItems}` },
    () => {
      for (const heading of [
        '1. Cold start',
        '2. Warm overhead',
        '3. Local stage',
        '4. Growth',
        '7. getItem directly from DynamoDB',
      ])
        assert.match(report, new RegExp(heading));
      for (const variant of ['floor', 'handler', 'middy', 'hono'])
        assert.ok((results.cold?.[variant as 'floor']?.coldMs ?? 0) > 0, variant);
      assert.ok((results.cold?.handler.bundleBytes ?? 0) > 0);
      assert.equal(results.stage?.['sls-offline GET'], undefined, 'the smoke run leaves serverless-offline out');
      for (const candidate of ['floor GET', 'stage GET', 'floor PUT', 'stage PUT'] as const) {
        assert.equal(results.stage?.[candidate]?.failures, 0, `${candidate} had failed requests`);
        assert.ok((results.stage?.[candidate]?.requestsPerSecond ?? 0) > 0, candidate);
      }
      assert.deepEqual(
        results.growth?.map((g) => g.items),
        options.growthSizes,
      );
      for (const candidate of ['getItem through the Lambda', 'getItem direct'] as const) {
        assert.equal(results.direct?.[candidate].failures, 0, `${candidate} had failed requests`);
        assert.ok((results.direct?.[candidate].requestsPerSecond ?? 0) > 0, candidate);
      }
    },
  );
});
