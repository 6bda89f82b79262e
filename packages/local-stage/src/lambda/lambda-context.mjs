// @ts-check
/**
 * What both invokers hand the function: a Lambda-like `context` per invocation, and how a thrown value becomes
 * Lambda's `errorType`/`errorMessage`. Plain JavaScript so the worker thread (runtime-worker.mjs), which has no
 * TypeScript loader, shares it with the in-process invoker.
 */

function unsupported() {
  throw new Error('context.done/succeed/fail are not supported: return a value or a promise');
}

/**
 * @param {string} functionName
 * @param {string} requestId
 * @param {number} deadline epoch milliseconds when the invocation times out
 */
export function createLambdaContext(functionName, requestId, deadline) {
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

/** @param {unknown} error */
export function describeError(error) {
  return error instanceof Error
    ? { errorType: error.name, errorMessage: error.message }
    : { errorType: 'Error', errorMessage: String(error) };
}
