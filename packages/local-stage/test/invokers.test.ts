/** The in-process invoker's outcomes, and a reload's swap of invokers that drops no invocation in flight. */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createInProcessInvoker } from '../src/lambda/in-process-invoker.ts';
import type { InvocationOutcome, LambdaInvoker } from '../src/lambda/invoker.ts';
import { createSwappableInvoker } from '../src/lambda/swappable-invoker.ts';

const fakeHandler = fileURLToPath(new URL('./fixtures/fake-handler.mjs', import.meta.url));
const event = (path: string) => ({ path }) as APIGatewayProxyEvent;
const options = { requestId: 'r-1', timeoutMs: 1_000 };

describe('in-process invoker', () => {
  const invoker = createInProcessInvoker({ bundlePath: fakeHandler, functionName: 'fn' });

  it("returns the function's result as JSON would carry it, with a Lambda-like context", async () => {
    const outcome = await invoker.invoke(event('/echo'), options);
    assert.equal(outcome.kind, 'result');
    const { body } = (outcome as { result: { body: string } }).result;
    const echoed = JSON.parse(body) as { awsRequestId: string; remaining: number };
    assert.equal(echoed.awsRequestId, 'r-1');
    assert.ok(echoed.remaining > 0 && echoed.remaining <= 1_000);
  });

  it('reports a thrown error', async () => {
    assert.deepEqual(await invoker.invoke(event('/throw'), options), {
      kind: 'error',
      errorType: 'Error',
      errorMessage: 'boom',
    });
  });

  it('reports a timeout (the invocation itself cannot be stopped in-process)', async () => {
    assert.deepEqual(await invoker.invoke(event('/hang'), { ...options, timeoutMs: 50 }), { kind: 'timeout' });
  });

  it('reports a result that is not JSON-serializable', async () => {
    const cyclic = createInProcessInvoker({
      bundlePath: fileURLToPath(new URL('./fixtures/cyclic-result-handler.mjs', import.meta.url)),
    });
    const outcome = await cyclic.invoke(event('/'), options);
    assert.equal(outcome.kind === 'error' && outcome.errorType, 'Runtime.MalformedResponse');
  });

  it('fails warm() and every invocation with Runtime.InitError when the bundle has no such export', async () => {
    const missing = createInProcessInvoker({ bundlePath: fakeHandler, handlerExport: 'nope' });
    await assert.rejects(missing.warm(), /does not export a function named "nope"/);
    const outcome = await missing.invoke(event('/'), options);
    assert.equal(outcome.kind === 'error' && outcome.errorType, 'Runtime.InitError');
  });
});

/** An invoker whose invocations finish when the test says so. */
function manualInvoker(name: string) {
  const pending: (() => void)[] = [];
  let closed = false;
  const invoker: LambdaInvoker = {
    invoke: () =>
      new Promise<InvocationOutcome>((resolve) => pending.push(() => resolve({ kind: 'result', result: name }))),
    close: () => {
      closed = true;
      return Promise.resolve();
    },
  };
  return { invoker, finishAll: () => pending.splice(0).forEach((finish) => finish()), isClosed: () => closed };
}

describe('swappable invoker', () => {
  it('sends new invocations to the new invoker and closes the old one once its invocations finish', async () => {
    const old = manualInvoker('old');
    const fresh = manualInvoker('new');
    const swappable = createSwappableInvoker(old.invoker);
    const inFlight = swappable.invoke(event('/'), options);
    swappable.swap(fresh.invoker);
    const afterSwap = swappable.invoke(event('/'), options);
    assert.equal(old.isClosed(), false, 'not closed while an invocation runs on it');
    old.finishAll();
    fresh.finishAll();
    assert.deepEqual(await inFlight, { kind: 'result', result: 'old' });
    assert.deepEqual(await afterSwap, { kind: 'result', result: 'new' });
    assert.equal(old.isClosed(), true);
    assert.equal(fresh.isClosed(), false);
  });

  it('closes an idle old invoker at once, and every invoker on close()', async () => {
    const old = manualInvoker('old');
    const fresh = manualInvoker('new');
    const swappable = createSwappableInvoker(old.invoker);
    swappable.swap(fresh.invoker);
    assert.equal(old.isClosed(), true);
    await swappable.close();
    assert.equal(fresh.isClosed(), true);
  });
});
