/**
 * The Lambda entry point (`index.handler`): reads the configuration, creates the DynamoDB client once per
 * execution environment and serves API Gateway REST proxy events.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createApp, type App } from './app.ts';
import { loadConfig } from './config.ts';
import { cursorKey } from './cursor.ts';
import { createLogger } from './logger.ts';

/** Bounded so an unreachable DynamoDB yields a 503 within seconds, well under API Gateway's 29 s. */
export const sdkLimits = { maxAttempts: 3, connectionTimeoutMs: 1_000, requestTimeoutMs: 3_000 } as const;

const config = loadConfig(process.env);

const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    region: config.region === 'local' ? 'us-east-1' : config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    maxAttempts: sdkLimits.maxAttempts,
    requestHandler: { connectionTimeout: sdkLimits.connectionTimeoutMs, requestTimeout: sdkLimits.requestTimeoutMs },
  }),
  { marshallOptions: { removeUndefinedValues: true } },
);

export const handler: App = createApp({
  client,
  tableName: config.tableName,
  region: config.region,
  cursorKey: cursorKey(config.cursorSigningKey, config.tableName),
  logger: createLogger({ level: config.logLevel, service: config.serviceName }),
});
