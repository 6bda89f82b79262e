/**
 * The request pipeline: route (routing.ts) → read and validate the request (request.ts) → run the operation
 * (operations.ts) → answer; every failure becomes problem+json through one boundary (problems.ts), and each
 * request writes one log line. Dependencies come in through `createApp`, so unit tests run it with a stubbed
 * DynamoDB client and the Lambda entry wires the real one.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { OperationId, ResourceName } from '@items-api/openapi/operations';
import { problemResponse, type ProxyEvent, type ProxyResult } from './http.ts';
import type { Logger } from './logger.ts';
import { createOperations, type OperationHandlers, type OperationOptions } from './operations.ts';
import { problemOf } from './problems.ts';
import { readValidRequest } from './request.ts';
import { routeOf, type Route } from './routing.ts';
import type { StoreContext } from './store.ts';
import { internalErrorDetail } from '@items-api/openapi/answers';

export interface AppOptions extends OperationOptions {
  client: DynamoDBDocumentClient;
  /**
   * Each resource's DynamoDB table (TABLE_NAMES, which names every one). An app built for a test may name only the
   * resources it serves: an operation on another answers 500 (the store refuses a resource without a table).
   */
  tableNames: Readonly<Partial<Record<ResourceName, string>>>;
  logger: Logger;
}

export type App = (event: ProxyEvent, context?: { awsRequestId?: string }) => Promise<ProxyResult>;

/** Reads and validates the request as operation `K` and runs K's handler on it. */
function serve<K extends OperationId>(
  handlers: OperationHandlers,
  operationId: K,
  event: ProxyEvent,
  route: Route,
  store: StoreContext,
): Promise<ProxyResult> {
  return handlers[operationId](readValidRequest(operationId, event, route), store);
}

/** The problem+json answer to a failure, logging what the client does not see. */
function failureResponse(
  error: unknown,
  logger: Logger,
  request: { requestId: string; operationId: OperationId | undefined; instance: string },
): ProxyResult {
  const { requestId, operationId, instance } = request;
  const problem = problemOf(error);
  if (!problem) {
    logger.error('Unexpected error', { requestId, operationId, error });
    return problemResponse({ key: 'internal-error', detail: internalErrorDetail }, requestId, instance);
  }
  // A 503 (or a 413 DynamoDB refused) hides DynamoDB's error from the client; keep it for the logs.
  const cause = (error as Error).cause;
  if (cause !== undefined) logger.warn('DynamoDB call failed', { requestId, operationId, error: cause });
  return problemResponse(problem, requestId, instance);
}

export function createApp(options: AppOptions): App {
  const { client, tableNames, logger } = options;
  const handlers = createOperations(options);

  return async (event, context) => {
    const started = performance.now();
    const requestId = event.requestContext?.requestId ?? context?.awsRequestId ?? randomUUID();
    let operationId: OperationId | undefined;
    let capacity: ConsumedCapacity | undefined;
    let result: ProxyResult;
    try {
      const route = routeOf(event);
      operationId = route.operationId;
      result = await serve(handlers, operationId, event, route, {
        client,
        tableNames,
        onCapacity: (c) => (capacity = c),
      });
    } catch (error) {
      // The path as the client sent it (stage or base path included), as API Gateway's own problems say it.
      const instance = event.requestContext?.path ?? event.path;
      result = failureResponse(error, logger, { requestId, operationId, instance });
    }
    logger.request({
      requestId,
      operationId: operationId ?? null,
      method: event.httpMethod,
      path: event.path,
      status: result.statusCode,
      latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
      consumedCapacity: capacity?.CapacityUnits ?? null,
    });
    return result;
  };
}
