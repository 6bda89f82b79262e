/** The function behind the local gateway: which invoker runs the handler bundle, started and loaded. */
import type { LambdaInvoker } from './lambda/invoker.ts';
import { createInProcessInvoker } from './lambda/in-process-invoker.ts';
import { createWorkerInvoker } from './lambda/worker-invoker.ts';

/**
 * `workers` (default): a pool of worker threads, one invocation each at a time, that emulates Lambda's timeout
 * (the worker is ended) and crash isolation. `in-process`: the handler on the gateway's own thread, faster and
 * debuggable (`--inspect`), but a timed-out invocation keeps running and a crash ends the stage.
 */
export type InvokerKind = 'workers' | 'in-process';

export const invokerKinds: readonly InvokerKind[] = ['workers', 'in-process'];

export interface FunctionOptions {
  invoker: InvokerKind;
  environment: Record<string, string>;
  maxConcurrency: number;
  logStream: NodeJS.WritableStream;
}

/** An invoker for `bundlePath` with the bundle loaded; rejects (and closes it) when the bundle fails to load. */
export async function startInvoker(bundlePath: string, options: FunctionOptions): Promise<LambdaInvoker> {
  const invoker =
    options.invoker === 'in-process'
      ? createInProcessInvoker({ bundlePath, environment: options.environment })
      : createWorkerInvoker({
          bundlePath,
          maxConcurrency: options.maxConcurrency,
          logStream: options.logStream,
          environment: options.environment,
        });
  try {
    await invoker.warm();
  } catch (error) {
    await invoker.close();
    throw error;
  }
  return invoker;
}
