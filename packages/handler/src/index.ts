/**
 * The Lambda entry point (`index.handler`): reads the configuration, creates the DynamoDB client once per execution
 * environment and serves API Gateway REST proxy events. The cursor signing key is read when listing first needs it
 * (signing-key.ts), through the DynamoDB client's credentials and HTTP handler (parameter-store.ts), and kept.
 */
import { createApp, type App } from './app.ts';
import { loadConfig } from './config.ts';
import { createDocumentClient } from './dynamodb.ts';
import { createLogger } from './logger.ts';
import { parameterReader, parameterStoreEndpoint } from './parameter-store.ts';
import { cursorKeyOnFirstUse, readCursorKey } from './signing-key.ts';

const config = loadConfig(process.env);
const client = createDocumentClient({ region: config.region, endpoint: config.endpoint });
const readParameter = parameterReader(client, config.region, parameterStoreEndpoint(config.region, process.env));

export const handler: App = createApp({
  client,
  tableNames: config.tableNames,
  region: config.region,
  cursorKey: cursorKeyOnFirstUse(() => readCursorKey(config.cursorKeySource, readParameter)),
  logger: createLogger({ level: config.logLevel, service: config.serviceName }),
});
