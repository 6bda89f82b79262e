// @ts-check
/**
 * A Lambda "execution environment" in a worker thread: imports the handler bundle once (the cold start), then
 * runs one invocation at a time on request from the pool (worker-invoker.ts). An uncaught exception or
 * `process.exit` ends this worker only. Plain JavaScript on purpose: a worker does not inherit a TypeScript loader.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { createLambdaContext, describeError } from './lambda-context.mjs';

const port = parentPort;
if (port === null) throw new Error('runtime-worker.mjs must run in a worker thread');
/** @type {{ bundlePath: string; handlerExport: string; functionName: string }} */
const { bundlePath, handlerExport, functionName } = workerData;

/** @type {(event: unknown, context: unknown) => unknown} */
let handler;
try {
  const module = await import(pathToFileURL(bundlePath).href);
  if (typeof module[handlerExport] !== 'function')
    throw new Error(`${bundlePath} does not export a function named "${handlerExport}"`);
  handler = module[handlerExport];
  port.postMessage({ type: 'ready' });
} catch (error) {
  port.postMessage({ type: 'init-error', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}

port.on('message', async (/** @type {{ event: unknown; requestId: string; timeoutMs: number }} */ request) => {
  let result;
  try {
    // The pool enforces the timeout by terminating this worker.
    result = await handler(
      request.event,
      createLambdaContext(functionName, request.requestId, Date.now() + request.timeoutMs),
    );
  } catch (error) {
    port.postMessage({ type: 'outcome', outcome: { kind: 'error', ...describeError(error) } });
    return;
  }
  // Lambda hands the result to API Gateway as JSON: do the same, so what cannot be JSON fails here as there.
  try {
    port.postMessage({ type: 'result', json: JSON.stringify(result) ?? 'null' });
  } catch (error) {
    const errorMessage = `The function's result is not JSON-serializable: ${describeError(error).errorMessage}`;
    port.postMessage({
      type: 'outcome',
      outcome: { kind: 'error', errorType: 'Runtime.MalformedResponse', errorMessage },
    });
  }
});
