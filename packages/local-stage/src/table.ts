/**
 * The local tables, one per resource of the contract: created from the handler's own definition
 * (@items-api/handler/table), so their key schemas are the ones the Lambda and Terraform use; never written here by
 * hand.
 */
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  waitUntilTableExists,
  waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import { localCredentials, localRegion } from '@items-api/dynamodb-local';
import { resources, type ResourceName } from '@items-api/openapi/operations';
import { createTableInput } from '@items-api/handler/table';

/** Each resource's table on the local stage. */
export type TableNames = Readonly<Record<ResourceName, string>>;

/** The local stage's table of every resource: `<resource>-local` (so items keeps `items-local`), unless overridden. */
export function localTableNames(overrides: Partial<TableNames> = {}): TableNames {
  const unknown = Object.keys(overrides).filter((resource) => !Object.hasOwn(resources, resource));
  if (unknown.length > 0)
    throw new Error(
      `tableNames names ${unknown.join(', ')}, which the contract does not declare as resources (${Object.keys(resources).join(', ')})`,
    );
  return Object.fromEntries(
    (Object.keys(resources) as ResourceName[]).map((resource) => [
      resource,
      overrides[resource] ?? `${resource}-local`,
    ]),
  ) as TableNames;
}

export function localDynamoDBClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
}

/** Creates `resource`'s table unless it exists; resolves once it is ACTIVE. Returns whether it was created. */
export async function ensureTable(client: DynamoDBClient, resource: ResourceName, tableName: string): Promise<boolean> {
  let created = false;
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    try {
      await client.send(new CreateTableCommand(createTableInput(resource, tableName)));
      created = true;
    } catch (createError) {
      if (!(createError instanceof ResourceInUseException)) throw createError;
    }
  }
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
  return created;
}

/** Every resource's table, created where missing. */
export async function ensureTables(client: DynamoDBClient, tableNames: TableNames): Promise<void> {
  for (const [resource, tableName] of Object.entries(tableNames))
    await ensureTable(client, resource as ResourceName, tableName);
}

/** Drops every object of every resource by deleting and re-creating each table. */
export async function resetTables(client: DynamoDBClient, tableNames: TableNames): Promise<void> {
  for (const [resource, tableName] of Object.entries(tableNames)) {
    try {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      await waitUntilTableNotExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    await ensureTable(client, resource as ResourceName, tableName);
  }
}
