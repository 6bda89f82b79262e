/**
 * The Lambda entry point (`index.handler`): reads the configuration, creates the DynamoDB client once per
 * execution environment and serves API Gateway REST proxy events.
 */
import { createApp, type App } from './app.ts';
import { loadConfig } from './config.ts';
import { cursorKey } from './cursor.ts';
import { createDocumentClient } from './dynamodb.ts';
import { createLogger } from './logger.ts';

const config = loadConfig(process.env);

export const handler: App = createApp({
  client: createDocumentClient({ region: config.region, endpoint: config.endpoint }),
  tableName: config.tableName,
  region: config.region,
  cursorKey: cursorKey(config.cursorSigningKey, config.tableName),
  logger: createLogger({ level: config.logLevel, service: config.serviceName }),
});
