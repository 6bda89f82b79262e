import type { Context } from 'aws-lambda';

/** A Lambda-like `context` for one invocation that times out at `deadline` (epoch milliseconds). */
export function createLambdaContext(functionName: string, requestId: string, deadline: number): Context;

/** Lambda's `errorType` and `errorMessage` for a thrown value. */
export function describeError(error: unknown): { errorType: string; errorMessage: string };
