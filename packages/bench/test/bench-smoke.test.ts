/**
 * The benchmarks must keep running (npm test runs them with tiny N; timings are not asserted here — the goals
 * live in docs/benchmarks.md), and the peers must validate exactly as the handler does, or the comparison
 * would not be fair.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { warmEvents, warmHandlers } from '../src/lambda-bench.ts';
import { parseOptions, renderReport, runBenchmarks } from '../src/run.ts';
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

describe('peers validate like the handler', () => {
  const post = (body: unknown): APIGatewayProxyEvent => ({
    ...warmEvents()['POST /items'],
    body: JSON.stringify(body),
  });
  const get = (id: string): APIGatewayProxyEvent => ({
    ...warmEvents()['GET /items/{id}'],
    path: `/items/${encodeURIComponent(id)}`,
    pathParameters: { id },
  });
  const cases: [string, APIGatewayProxyEvent, 'accept' | 'reject'][] = [
    ['a valid item', post({ name: 'Cup', tags: ['a'], attributes: { n: 1, s: 'x', b: true } }), 'accept'],
    ['a null attribute value', post({ name: 'Cup', attributes: { z: null } }), 'reject'],
    ['a missing name', post({ tags: ['a'] }), 'reject'],
    ['an unknown property', post({ name: 'Cup', colour: 'red' }), 'reject'],
    ['a number as name', post({ name: 42 }), 'reject'],
    ['duplicate tags', post({ name: 'Cup', tags: ['a', 'a'] }), 'reject'],
    ['a name of 201 characters', post({ name: 'x'.repeat(201) }), 'reject'],
    ['an object attribute value', post({ name: 'Cup', attributes: { nested: { a: 1 } } }), 'reject'],
    ['a valid id', get('cup-1'), 'accept'],
    ['an id with a space', get('cup 1'), 'reject'],
    ['an id of 129 characters', get('x'.repeat(129)), 'reject'],
  ];
  for (const [name, event, expected] of cases) {
    it(`${expected}s ${name}, in all three stacks`, async () => {
      const handlers = await warmHandlers();
      for (const [stack, handler] of Object.entries(handlers)) {
        const { statusCode } = await handler({ ...event });
        if (expected === 'accept') assert.ok(statusCode < 300, `${stack} answered ${statusCode}`);
        else assert.equal(statusCode, 400, `${stack} answered ${statusCode}`);
      }
    });
  }
});

describe('smoke run of every benchmark', () => {
  let outDir: string | undefined;
  after(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });
  it('produces every table with every candidate, and no failed request', async () => {
    outDir = await mkdtemp(join(tmpdir(), 'items-bench-smoke-'));
    const options = { ...parseOptions(['--smoke', `--out=${outDir}`]), seconds: 1 };
    const results = await runBenchmarks(options, () => {});
    const report = renderReport(results);
    for (const heading of [
      '1. Cold start',
      '2. Warm overhead',
      '3. Local stage',
      '4. Growth',
      '5. Development loop',
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
    const devLoop = results.devLoop;
    assert.ok(devLoop, 'the development loop was measured');
    for (const times of [devLoop.coldStartMs, devLoop.warmStartMs, devLoop.handlerReloadMs, devLoop.contractReloadMs])
      assert.ok(times.length === 1 && times[0]! > 0);
  });
});
