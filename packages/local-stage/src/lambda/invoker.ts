/** How the gateway calls a function: one invocation, one outcome. */
import type { APIGatewayProxyEvent } from 'aws-lambda';

export type InvocationOutcome =
  /** The function returned (the gateway still checks the shape). */
  | { kind: 'result'; result: unknown }
  /** The function threw, rejected, crashed its runtime or returned something that is not JSON. */
  | { kind: 'error'; errorType: string; errorMessage: string }
  /** The function did not answer within the integration timeout. */
  | { kind: 'timeout' };

export interface InvokeOptions {
  requestId: string;
  timeoutMs: number;
}

export interface LambdaInvoker {
  invoke(event: APIGatewayProxyEvent, options: InvokeOptions): Promise<InvocationOutcome>;
  close(): Promise<void>;
}
