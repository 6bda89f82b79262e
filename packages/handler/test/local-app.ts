/** The app on a fresh DynamoDB Local holding its tables: the setup every test against a real DynamoDB shares. */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localCredentials, startDynamoDBLocal, type DynamoDBLocal } from '@items-api/dynamodb-local';
import { createApp, type App } from '../src/app.ts';
import { createDocumentClient } from '../src/dynamodb.ts';
import { createLogger, type LogLevel } from '../src/logger.ts';
import { createTableInput } from '../src/table.ts';
import type { ResourceName } from '@items-api/openapi/operations';
import { testCursorKey } from './helpers.ts';

export interface LocalApp {
  app: App;
  db: DynamoDBLocal;
}

/** `tableNames`: the tables the app serves, resource → table name (a test names only the resources it needs). */
export async function startLocalApp(
  tableNames: Readonly<Partial<Record<ResourceName, string>>>,
  logLevel: LogLevel,
): Promise<LocalApp> {
  const db = await startDynamoDBLocal();
  const raw = new DynamoDBClient({ endpoint: db.endpoint, region: 'us-east-1', credentials: localCredentials });
  try {
    for (const [resource, tableName] of Object.entries(tableNames) as [ResourceName, string][])
      await raw.send(new CreateTableCommand(createTableInput(resource, tableName)));
  } catch (error) {
    // The caller never gets `db` to stop: a DynamoDB Local left running keeps the test process alive for good.
    await db.stop();
    throw error;
  } finally {
    raw.destroy();
  }
  const app = createApp({
    client: createDocumentClient({ region: 'local', endpoint: db.endpoint, credentials: localCredentials }),
    tableNames,
    region: 'local',
    cursorKey: () => Promise.resolve(testCursorKey),
    logger: createLogger({ level: logLevel, service: 'items-api' }),
  });
  return { app, db };
}
