/**
 * A day of saves: hundreds of reloads of the in-process function (each a new instance of the rebuilt bundle, the
 * previous one retired as watch mode retires it) keep the stage's heap bounded. An imported ES module is never
 * unloaded, so loading each generation with `import()` kept every previous bundle (about 9 MB each).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { functionEnvironment } from '../src/function.ts';
import { createInProcessInvoker } from '../src/lambda/in-process-invoker.ts';
import { createSwappableInvoker } from '../src/lambda/swappable-invoker.ts';
import { defaultWatchOptions, localDirectory } from '../src/paths.ts';
import { createHandlerBuild } from '../src/reload/handler-build.ts';
import { localTableNames } from '../src/table.ts';

const reloadCount = 300;
/** Heap growth allowed from the 30th to the last reload: far below one bundle per reload (about 9 MB). */
const allowedGrowthMb = 30;

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = () => {
  for (let round = 0; round < 3; round += 1) gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const health = {
  httpMethod: 'GET',
  path: '/health',
  resource: '/health',
  headers: {},
  multiValueHeaders: {},
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: null,
  stageVariables: null,
  requestContext: { requestId: 'memory', stage: 'local', resourcePath: '/health', httpMethod: 'GET', path: '/health' },
  body: null,
  isBase64Encoded: false,
} as unknown as APIGatewayProxyEvent;

describe('in-process reloads', () => {
  let scratch: string;
  let bundlePath: string;
  before(async () => {
    await mkdir(localDirectory, { recursive: true });
    scratch = await mkdtemp(join(localDirectory, 'reload-memory-'));
    const build = await createHandlerBuild(defaultWatchOptions.handlerEntry, scratch);
    const built = await build.rebuild();
    await build.dispose();
    assert.ok(built.ok, built.ok ? '' : built.message);
    bundlePath = built.bundlePath;
  });
  after(() => rm(scratch, { recursive: true, force: true }));

  it(`keep the heap bounded over ${reloadCount} reloads`, async (t) => {
    const environment = functionEnvironment(localTableNames(), 'http://127.0.0.1:9', 'ERROR');
    const load = async () => {
      const invoker = createInProcessInvoker({ bundlePath, environment });
      await invoker.warm();
      return invoker;
    };
    const function_ = createSwappableInvoker(await load());
    let afterWarmUp = 0;
    for (let reload = 1; reload <= reloadCount; reload += 1) {
      function_.swap(await load());
      const outcome = await function_.invoke(health, { requestId: `r-${reload}`, timeoutMs: 5_000 });
      assert.equal(outcome.kind === 'result' && (outcome.result as { statusCode: number }).statusCode, 200);
      if (reload === 30) afterWarmUp = heapMb();
    }
    const atEnd = heapMb();
    t.diagnostic(
      `heap after 30 reloads ${afterWarmUp.toFixed(1)} MB, after ${reloadCount} ${atEnd.toFixed(1)} MB, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
    );
    assert.ok(
      atEnd - afterWarmUp < allowedGrowthMb,
      `heap grew ${(atEnd - afterWarmUp).toFixed(1)} MB from reload 30 to ${reloadCount}`,
    );
    await function_.close();
  });
});
