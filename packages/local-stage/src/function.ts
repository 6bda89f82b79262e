/** The function behind the local gateway: which invoker runs the handler bundle, started and loaded. */
import { randomBytes } from 'node:crypto';
import { localCredentials, localRegion } from '@items-api/dynamodb-local';
import type { LambdaInvoker } from './lambda/invoker.ts';
import type { TableNames } from './table.ts';
import { createInProcessInvoker } from './lambda/in-process-invoker.ts';
import { createWorkerInvoker } from './lambda/worker-invoker.ts';

/**
 * `workers` (default): a pool of worker threads, one invocation each at a time, that emulates Lambda's timeout
 * (the worker is ended) and crash isolation. `in-process`: the handler on the gateway's own thread, faster and
 * debuggable (`--inspect`), but a timed-out invocation keeps running and a crash ends the stage.
 */
export type InvokerKind = 'workers' | 'in-process';

export const invokerKinds: readonly InvokerKind[] = ['workers', 'in-process'];

/** The function's environment on the local stage: the tables on DynamoDB Local, with its credentials and Region. */
export function functionEnvironment(
  tableNames: TableNames,
  dynamodbEndpoint: string,
  logLevel = process.env.LOG_LEVEL ?? 'WARN',
): Record<string, string> {
  return {
    TABLE_NAMES: JSON.stringify(tableNames),
    DYNAMODB_ENDPOINT: dynamodbEndpoint,
    AWS_REGION: localRegion,
    AWS_DEFAULT_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_LAMBDA_FUNCTION_NAME: 'items-api-local',
    LOG_LEVEL: logLevel,
    // A fresh key per start (no key in the source is a key anyone can forge with): cursors outlive function
    // reloads, not a restart. CURSOR_SIGNING_KEY keeps them across restarts.
    CURSOR_SIGNING_KEY: process.env.CURSOR_SIGNING_KEY ?? randomBytes(32).toString('base64url'),
  };
}

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
