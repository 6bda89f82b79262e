/**
 * Faults survived.
 *  1. DynamoDB Local is killed (SIGKILL) in the middle of load: every request still gets an answer, a 503
 *     problem+json with Retry-After, within the SDK's configured bound (retries × timeouts) plus slack — no hung
 *     request, no dropped connection. DynamoDB Local then comes back on the same port with the same -dbPath
 *     (so the data written before the kill must still be there: restarting in memory and recreating the table
 *     would hide lost writes) and the same running stage recovers by itself, serving every acknowledged item.
 *  2. A function that throws, rejects, hangs, answers too late, answers garbage or exits: the gateway answers
 *     502/504 problem+json to every request, under concurrency, and keeps serving afterwards.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { startDynamoDBLocal, type DynamoDBLocal } from '@items-api/dynamodb-local';
import { createGateway, createWorkerInvoker, loadStageApi, type LocalStage } from '@items-api/local-stage';
import { sdkLimits } from '../../../handler/src/dynamodb.ts';
import { defaultWatchOptions } from '../../../local-stage/src/paths.ts';
import { createTestAccess } from '../../../local-stage/test/support/gateway-access.ts';

/** The API with every operation on the Lambda: these drills are about the function, whatever is served directly. */
const allOnTheLambda = () =>
  loadStageApi({
    integrations: { all: 'lambda' },
    generatedDirectory: defaultWatchOptions.generatedDirectory,
    contractPath: defaultWatchOptions.contractPath,
    tableNames: { items: 'items-faults' },
  });
import {
  discard,
  json,
  long,
  problemDefect,
  send,
  startQuietStage,
  apiOf,
  type Answer,
  type Api,
} from '../support/reliability.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The longest a request may take while DynamoDB is down: every attempt times out, plus back-off and slack. */
const sdkBoundMs = sdkLimits.maxAttempts * (sdkLimits.connectionTimeoutMs + sdkLimits.requestTimeoutMs) + 5_000;

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

describe('DynamoDB Local killed mid-load', () => {
  let stage: LocalStage | undefined;
  let restarted: DynamoDBLocal | undefined;
  let dataDirectory: string | undefined;
  after(async () => {
    await stage?.stop();
    await restarted?.stop();
    if (dataDirectory) await rm(dataDirectory, { recursive: true, force: true });
  });

  it('answers 503 problem+json within the SDK bound, then recovers by itself with every acknowledged write', async (t) => {
    dataDirectory = await mkdtemp(join(tmpdir(), 'items-faults-'));
    // Every operation on the Lambda: the drill is about the function's SDK bound and its 503s. (A direct
    // integration meeting a DynamoDB it cannot reach answers the gateway's integration failure instead, tested in
    // local-stage's dynamodb-integration tests.)
    stage = await startQuietStage({ inMemory: false, dataDirectory, integrations: { all: 'lambda' } });
    const api = await apiOf(stage);
    const port = Number(new URL(stage.dynamodb.endpoint).port);
    const acked = new Map<string, number>();
    for (let i = 0; i < 5; i++) {
      const answer = await send(api, {
        method: 'POST',
        path: '/items',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: `before-${i}` }),
      });
      assert.equal(answer.status, 201, answer.text);
      acked.set(json<{ id: string }>(answer).id, 1);
    }
    const known = [...acked.keys()];

    type Phase = 'before' | 'outage' | 'after';
    let phase: Phase = 'before';
    let running = true;
    const answers: { phase: Phase; what: string; answer: Answer; endedAt: number }[] = [];
    const users = Array.from({ length: long ? 16 : 4 }, async (_, user) => {
      let n = 0;
      while (running) {
        n++;
        const at = phase;
        if (n % 3 === 0) {
          const answer = await send(api, {
            method: 'POST',
            path: '/items',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ name: `u${user}-${n}` }),
            timeoutMs: sdkBoundMs + 30_000,
          });
          answers.push({ phase: at, what: 'POST /items', answer, endedAt: performance.now() });
          if (answer.status === 201) acked.set(json<{ id: string }>(answer).id, 1);
        } else {
          const id = known[n % known.length] as string;
          const answer = await send(api, { method: 'GET', path: `/items/${id}`, timeoutMs: sdkBoundMs + 30_000 });
          answers.push({ phase: at, what: `GET /items/${id}`, answer, endedAt: performance.now() });
        }
        // While DynamoDB is down the answers come fast: pace the users so the outage is sampled, not flooded.
        if (at === 'outage') await sleep(50);
      }
    });

    await sleep(long ? 5_000 : 1_000);
    phase = 'outage';
    const pid = stage.dynamodb.pid;
    const killedAt = performance.now();
    process.kill(pid, 'SIGKILL');
    while (!processGone(pid)) await sleep(20);
    await sleep(long ? 10_000 : 3_000);
    restarted = await startDynamoDBLocal({ port, dbPath: dataDirectory });
    phase = 'after';
    // Recovery by itself: the same stage, the same function workers, no restart; poll until a read succeeds.
    const recoveryDeadline = performance.now() + sdkBoundMs + 30_000;
    let recovered = false;
    while (!recovered && performance.now() < recoveryDeadline) {
      recovered = (await send(api, { method: 'GET', path: `/items/${known[0]}` })).status === 200;
      if (!recovered) await sleep(200);
    }
    await sleep(long ? 5_000 : 1_000);
    running = false;
    await Promise.all(users);

    assert.ok(recovered, 'the stage did not serve a read again after DynamoDB Local came back');
    const outage = answers.filter((a) => a.phase === 'outage');
    const failures: string[] = [];
    for (const { phase: p, what, answer, endedAt } of answers) {
      if (answer.error) failures.push(`${p} ${what}: ${answer.error} (${answer.errorMessage})`);
      else if (answer.ms > sdkBoundMs)
        failures.push(`${p} ${what}: answered after ${answer.ms.toFixed(0)} ms (bound ${sdkBoundMs} ms)`);
      else if (answer.status === 503) {
        const defect = problemDefect(answer);
        if (defect) failures.push(`${p} ${what}: 503 but ${defect}`);
        else if (!json<{ type: string }>(answer).type.endsWith(':service-unavailable'))
          failures.push(`${p} ${what}: 503 of type ${json<{ type: string }>(answer).type}`);
        else if (answer.headers['retry-after'] === undefined) failures.push(`${p} ${what}: 503 without Retry-After`);
      } else if (answer.status !== 200 && answer.status !== 201)
        failures.push(`${p} ${what}: ${answer.status} ${answer.text.slice(0, 200)}`);
      // What was answered before the kill may not fail at all.
      if (endedAt < killedAt && answer.status >= 500) failures.push(`before the kill, ${what}: ${answer.status}`);
    }
    assert.deepEqual(failures, []);
    const unavailable = outage.filter((a) => a.answer.status === 503).length;
    assert.ok(unavailable > 0, `no 503 during the outage (${outage.length} requests): the kill went unnoticed`);

    // Every write acknowledged before, during or after the outage is there, at its version.
    const missing: string[] = [];
    for (const [id, version] of acked) {
      const answer = await send(api, { method: 'GET', path: `/items/${id}` });
      if (answer.status !== 200 || json<{ version: number }>(answer).version !== version)
        missing.push(`${id}: ${answer.status}`);
    }
    assert.deepEqual(missing, [], `${missing.length} of ${acked.size} acknowledged writes missing after the restart`);
    const slowest = Math.max(...outage.map((a) => a.answer.ms));
    t.diagnostic(
      `faults: ${outage.length} requests during the outage, ${unavailable} × 503, slowest ${slowest.toFixed(0)} ms (bound ${sdkBoundMs} ms); ${acked.size} acknowledged writes all present after the restart`,
    );
  });
});

describe('a function that throws, rejects, hangs, is too slow, answers garbage or exits', () => {
  let server: Server | undefined;
  let close: (() => Promise<void>) | undefined;
  after(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await close?.();
  });

  it('gets 502/504 problem+json from the gateway for every request, never a dropped connection, and the gateway keeps serving', async () => {
    const invoker = createWorkerInvoker({
      bundlePath: fileURLToPath(new URL('./fixtures/faulty-handler.mjs', import.meta.url)),
      maxConcurrency: 2,
      logStream: discard(),
    });
    close = () => invoker.close();
    await invoker.warm();
    const integrationTimeoutMs = 500;
    // The contract secures the item routes: a gateway without a stage gets the local-stage tests' access.
    const testAccess = await createTestAccess();
    server = createServer(
      createGateway({
        api: await allOnTheLambda(),
        invoker,
        integrationTimeoutMs,
        access: testAccess.access,
        accessLog: () => {},
      }),
    );
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
    const api: Api = {
      base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      headers: await testAccess.headers('writer'),
    };

    const expected: Record<string, number> = {
      throw: 502,
      reject: 502,
      hang: 504,
      slow: 504,
      garbage: 502,
      exit: 502,
      ok: 200,
    };
    const rounds = long ? 10 : 2;
    const requests = Array.from({ length: rounds }, () => Object.keys(expected)).flat();
    const answers = await Promise.all(
      requests.map(async (kind) => ({
        kind,
        answer: await send(api, { method: 'GET', path: `/items/${kind}`, timeoutMs: 60_000 }),
      })),
    );
    const failures: string[] = [];
    for (const { kind, answer } of answers) {
      if (answer.error) failures.push(`${kind}: ${answer.error} (${answer.errorMessage})`);
      else if (answer.status !== expected[kind]) failures.push(`${kind}: ${answer.status}, expected ${expected[kind]}`);
      else if (answer.status >= 500 && problemDefect(answer)) failures.push(`${kind}: ${problemDefect(answer)}`);
    }
    assert.deepEqual(failures, []);
    // Hung and crashed environments were replaced: the function still serves.
    for (let i = 0; i < 4; i++) assert.equal((await send(api, { method: 'GET', path: '/items/ok' })).status, 200);
  });
});
