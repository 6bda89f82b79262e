/**
 * The Lambda entry point (`index.handler`): reads the configuration and the cursor signing key, creates the
 * DynamoDB client once per execution environment and serves API Gateway REST proxy events. The key is awaited
 * here, at module level, so Lambda's init phase reads it once and a stage without a usable key fails its init.
 */
import { createApp, type App } from './app.ts';
import { loadConfig } from './config.ts';
import { createDocumentClient } from './dynamodb.ts';
import { createLogger } from './logger.ts';
import { createParameterClient, readCursorKey } from './signing-key.ts';

const config = loadConfig(process.env);
const cursorKey = await readCursorKey(config.cursorKeySource, () => createParameterClient(config.region));

export const handler: App = createApp({
  client: createDocumentClient({ region: config.region, endpoint: config.endpoint }),
  tableName: config.tableName,
  region: config.region,
  cursorKey,
  logger: createLogger({ level: config.logLevel, service: config.serviceName }),
});
