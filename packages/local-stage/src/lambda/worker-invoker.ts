/**
 * Runs the built handler bundle like Lambda runs a function: a pool of execution environments (worker threads),
 * each serving one invocation at a time, created on demand up to `maxConcurrency` and reused while warm.
 * A timed-out invocation terminates its worker (the only way to stop a hung handler); a crash (uncaught
 * exception, `process.exit`) ends its worker only, never the gateway.
 */
import { Worker } from 'node:worker_threads';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { InvocationOutcome, InvokeOptions, LambdaInvoker } from './invoker.ts';

/** What runtime-worker.mjs receives and sends. */
export interface WorkerData {
  bundlePath: string;
  handlerExport: string;
  functionName: string;
}

export interface WorkerRequest {
  event: APIGatewayProxyEvent;
  requestId: string;
  timeoutMs: number;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'init-error'; message: string }
  | { type: 'result'; json: string }
  | { type: 'outcome'; outcome: InvocationOutcome };

export interface WorkerInvokerOptions {
  /** The ESM bundle exporting the handler, e.g. packages/handler/dist/lambda/index.mjs. */
  bundlePath: string;
  /** The function's name as its context reports it; default `items-api-local`. */
  functionName?: string;
  /** Name of the exported handler; default `handler`. */
  handlerExport?: string;
  /** The function's environment variables (added to this process's). */
  environment?: Record<string, string>;
  /** At most this many invocations run at once; more wait in line. Default 2. */
  maxConcurrency?: number;
  /** Where the function's stdout/stderr go (its logs); default this process's stderr. */
  logStream?: NodeJS.WritableStream;
}

interface Environment {
  worker: Worker;
  ready: Promise<void>;
  /** Settles the invocation in flight, if any. */
  settle?: (outcome: InvocationOutcome) => void;
}

export class FunctionInitError extends Error {
  override name = 'FunctionInitError';
}

const runtimeWorkerUrl = new URL('./runtime-worker.mjs', import.meta.url);

export function createWorkerInvoker(options: WorkerInvokerOptions): LambdaInvoker & { warm(): Promise<void> } {
  const maxConcurrency = options.maxConcurrency ?? 2;
  const logStream = options.logStream ?? process.stderr;
  const idle: Environment[] = [];
  const all = new Set<Environment>();
  const waiting: ((environment: Environment) => void)[] = [];
  let closed = false;

  function spawnEnvironment(): Environment {
    const worker = new Worker(runtimeWorkerUrl, {
      workerData: {
        bundlePath: options.bundlePath,
        handlerExport: options.handlerExport ?? 'handler',
        functionName: options.functionName ?? 'items-api-local',
      } satisfies WorkerData,
      env: { ...process.env, ...options.environment },
      stdout: true,
      stderr: true,
    });
    worker.stdout.pipe(logStream, { end: false });
    worker.stderr.pipe(logStream, { end: false });
    const environment: Environment = { worker, ready: Promise.resolve() };
    environment.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'init-error') reject(new FunctionInitError(message.message));
        else if (message.type === 'result') environment.settle?.({ kind: 'result', result: JSON.parse(message.json) });
        else environment.settle?.(message.outcome);
      });
      const onDeath = (errorType: string, errorMessage: string) => {
        all.delete(environment);
        const index = idle.indexOf(environment);
        if (index >= 0) idle.splice(index, 1);
        reject(new FunctionInitError(errorMessage));
        environment.settle?.({ kind: 'error', errorType, errorMessage });
      };
      worker.on('error', (error) => onDeath('Runtime.UnhandledError', `${error.name}: ${error.message}`));
      worker.on('exit', (code) => onDeath('Runtime.ExitError', `The function's runtime exited with code ${code}`));
    });
    environment.ready.catch(() => {});
    all.add(environment);
    return environment;
  }

  async function acquire(): Promise<Environment> {
    const warm = idle.pop();
    if (warm) return warm;
    if (all.size < maxConcurrency) {
      const fresh = spawnEnvironment();
      await fresh.ready;
      return fresh;
    }
    return new Promise((resolve) => waiting.push(resolve));
  }

  function release(environment: Environment): void {
    environment.settle = undefined;
    if (!all.has(environment) || closed) return;
    const next = waiting.shift();
    if (next) next(environment);
    else idle.push(environment);
  }

  /** A dead environment frees a slot: hand a fresh one to whoever waits. */
  function replace(): void {
    const next = waiting.shift();
    if (!next || closed) return;
    const fresh = spawnEnvironment();
    fresh.ready.then(
      () => next(fresh),
      () => replace(),
    );
  }

  async function invoke(event: APIGatewayProxyEvent, invokeOptions: InvokeOptions): Promise<InvocationOutcome> {
    if (closed) return { kind: 'error', errorType: 'Runtime.Closed', errorMessage: 'The local stage is stopping' };
    let environment: Environment;
    try {
      environment = await acquire();
    } catch (error) {
      replace();
      return {
        kind: 'error',
        errorType: 'Runtime.InitError',
        errorMessage: error instanceof Error ? error.message : String(error),
      };
    }
    const outcome = await new Promise<InvocationOutcome>((resolve) => {
      const timer = setTimeout(() => resolve({ kind: 'timeout' }), invokeOptions.timeoutMs);
      environment.settle = (value) => {
        clearTimeout(timer);
        resolve(value);
      };
      environment.worker.postMessage({
        event,
        requestId: invokeOptions.requestId,
        timeoutMs: invokeOptions.timeoutMs,
      } satisfies WorkerRequest);
    });
    if (outcome.kind === 'timeout') {
      // The handler may still be running: the only way to stop it is to end its environment.
      all.delete(environment);
      environment.settle = undefined;
      void environment.worker.terminate();
      replace();
    } else if (!all.has(environment)) {
      replace();
    } else {
      release(environment);
    }
    return outcome;
  }

  return {
    invoke,
    /** Starts one environment and waits for the bundle to load: surfaces a broken bundle at start-up. */
    async warm() {
      const environment = spawnEnvironment();
      await environment.ready;
      release(environment);
    },
    async close() {
      closed = true;
      await Promise.all([...all].map((environment) => environment.worker.terminate()));
      all.clear();
      idle.length = 0;
    },
  };
}
