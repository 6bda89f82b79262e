/**
 * The function as the gateway sees it across reloads: every invocation goes to the current invoker; `swap` makes a
 * new one current, and the old one is closed once the invocations it is still running have finished, so a reload
 * drops no request in flight.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { InvocationOutcome, InvokeOptions, LambdaInvoker } from './invoker.ts';

export interface SwappableInvoker extends LambdaInvoker {
  swap(next: LambdaInvoker): void;
}

export function createSwappableInvoker(first: LambdaInvoker): SwappableInvoker {
  let current = first;
  /** Invocations in flight per invoker, current or retired. */
  const inFlight = new Map<LambdaInvoker, number>([[first, 0]]);
  const retired = new Set<LambdaInvoker>();

  function closeIfDrained(invoker: LambdaInvoker): void {
    if (!retired.has(invoker) || inFlight.get(invoker) !== 0) return;
    retired.delete(invoker);
    inFlight.delete(invoker);
    void invoker.close();
  }

  return {
    async invoke(event: APIGatewayProxyEvent, options: InvokeOptions): Promise<InvocationOutcome> {
      const invoker = current;
      inFlight.set(invoker, (inFlight.get(invoker) ?? 0) + 1);
      try {
        return await invoker.invoke(event, options);
      } finally {
        inFlight.set(invoker, inFlight.get(invoker)! - 1);
        closeIfDrained(invoker);
      }
    },
    swap(next) {
      const previous = current;
      current = next;
      inFlight.set(next, 0);
      retired.add(previous);
      closeIfDrained(previous);
    },
    async close() {
      await Promise.all([current, ...retired].map((invoker) => invoker.close()));
      retired.clear();
      inFlight.clear();
    },
  };
}
