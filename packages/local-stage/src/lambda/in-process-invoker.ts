/**
 * Runs the handler bundle in this process, on this thread: no worker hop and no structured clone per request, and
 * a debugger attached to this process (`--inspect`) stops in the function's code. What it cannot emulate, the
 * worker pool (worker-invoker.ts) can: a timed-out invocation is answered 504 but keeps running (nothing can stop
 * it), a crash of the function (`process.exit`, an uncaught exception) ends the whole stage, and the function
 * shares this process's environment variables and module state.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { loadBundleModule } from './bundle-module.ts';
import type { InvocationOutcome, InvokeOptions, LambdaInvoker } from './invoker.ts';
import { createLambdaContext, describeError } from './lambda-context.mjs';
import { FunctionInitError } from './worker-invoker.ts';

export interface InProcessInvokerOptions {
  /** The ESM bundle exporting the handler. */
  bundlePath: string;
  /** The function's name as its context reports it; default `items-api-local`. */
  functionName?: string;
  /** Name of the exported handler; default `handler`. */
  handlerExport?: string;
  /** The function's environment variables, set on this process before the bundle loads. */
  environment?: Record<string, string>;
}

type Handler = (event: APIGatewayProxyEvent, context: unknown) => unknown;

export function createInProcessInvoker(options: InProcessInvokerOptions): LambdaInvoker & { warm(): Promise<void> } {
  const functionName = options.functionName ?? 'items-api-local';
  const handlerExport = options.handlerExport ?? 'handler';
  let loaded: Promise<Handler> | undefined;

  function load(): Promise<Handler> {
    return (loaded ??= (async () => {
      Object.assign(process.env, options.environment);
      const module = await loadBundleModule(options.bundlePath);
      const handler = module[handlerExport];
      if (typeof handler !== 'function')
        throw new FunctionInitError(`${options.bundlePath} does not export a function named "${handlerExport}"`);
      return handler as Handler;
    })());
  }

  function run(handler: Handler, event: APIGatewayProxyEvent, invoke: InvokeOptions): Promise<unknown> {
    const context = createLambdaContext(functionName, invoke.requestId, Date.now() + invoke.timeoutMs);
    // A handler that throws before returning a promise fails like one that rejects.
    return new Promise((resolve) => resolve(handler(event, context)));
  }

  async function invoke(event: APIGatewayProxyEvent, invokeOptions: InvokeOptions): Promise<InvocationOutcome> {
    let handler: Handler;
    try {
      handler = await load();
    } catch (error) {
      return { kind: 'error', errorType: 'Runtime.InitError', errorMessage: describeError(error).errorMessage };
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<InvocationOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timeout' }), invokeOptions.timeoutMs);
    });
    const ran = run(handler, event, invokeOptions).then(
      (result): InvocationOutcome => {
        // Lambda hands the result to API Gateway as JSON: a copy through JSON fails here as it fails there.
        try {
          return { kind: 'result', result: JSON.parse(JSON.stringify(result) ?? 'null') as unknown };
        } catch (error) {
          const errorMessage = `The function's result is not JSON-serializable: ${describeError(error).errorMessage}`;
          return { kind: 'error', errorType: 'Runtime.MalformedResponse', errorMessage };
        }
      },
      (error: unknown): InvocationOutcome => ({ kind: 'error', ...describeError(error) }),
    );
    try {
      return await Promise.race([ran, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    invoke,
    /** Loads the bundle now: surfaces a broken bundle at start-up. */
    async warm() {
      await load();
    },
    close: () => Promise.resolve(),
  };
}
