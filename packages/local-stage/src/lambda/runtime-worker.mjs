// @ts-check
/**
 * A Lambda "execution environment" in a worker thread: imports the handler bundle once (the cold start), then
 * runs one invocation at a time on request from the pool (worker-invoker.ts). An uncaught exception or
 * `process.exit` ends this worker only. Plain JavaScript on purpose: a worker does not inherit a TypeScript loader.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const port = parentPort;
if (port === null) throw new Error('runtime-worker.mjs must run in a worker thread');
/** @type {{ bundlePath: string; handlerExport: string; functionName: string }} */
const { bundlePath, handlerExport, functionName } = workerData;

/** A Lambda-like `context` for one invocation. */
function createContext(/** @type {string} */ requestId, /** @type {number} */ deadline) {
  const unsupported = () => {
    throw new Error('context.done/succeed/fail are not supported: return a value or a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${process.pid}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

const describe = (/** @type {unknown} */ error) =>
  error instanceof Error
    ? { errorType: error.name, errorMessage: error.message }
    : { errorType: 'Error', errorMessage: String(error) };

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
    result = await handler(request.event, createContext(request.requestId, Date.now() + request.timeoutMs));
  } catch (error) {
    port.postMessage({ type: 'outcome', outcome: { kind: 'error', ...describe(error) } });
    return;
  }
  // Lambda hands the result to API Gateway as JSON: do the same, so what cannot be JSON fails here as there.
  try {
    port.postMessage({ type: 'result', json: JSON.stringify(result) ?? 'null' });
  } catch (error) {
    const errorMessage = `The function's result is not JSON-serializable: ${describe(error).errorMessage}`;
    port.postMessage({
      type: 'outcome',
      outcome: { kind: 'error', errorType: 'Runtime.MalformedResponse', errorMessage },
    });
  }
});
