/**
 * The local tables, one per resource of the contract: created from the keys the generated infrastructure.json
 * declares (`tables`, read afresh so a resource added in watch mode gets its table) with the handler's own
 * definition (@items-api/handler/table), so their key schemas are the ones the Lambda and Terraform use; never
 * written here by hand.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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
import { resources } from '@items-api/openapi/operations';
import { createTableInputFor, type TableKeys } from '@items-api/handler/table';

/** Each resource's table on the local stage, by resource name. */
export type TableNames = Readonly<Record<string, string>>;

/** Each resource's table keys, as a generated infrastructure.json declares them. */
export type DeclaredTables = Readonly<Record<string, TableKeys>>;

/** The `tables` of `<generatedDirectory>/infrastructure.json`: the contract as generated now. */
export async function readDeclaredTables(generatedDirectory: string): Promise<DeclaredTables> {
  const file = join(generatedDirectory, 'infrastructure.json');
  const { tables } = JSON.parse(await readFile(file, 'utf8')) as { tables?: DeclaredTables };
  if (typeof tables !== 'object' || tables === null) throw new Error(`${file} declares no tables`);
  return tables;
}

/**
 * The local stage's table of every resource (default: the contract's as this process loaded it):
 * `<resource>-local` (so items keeps `items-local`), unless `overrides` names it.
 */
export function localTableNames(
  overrides: TableNames = {},
  resourceNames: readonly string[] = Object.keys(resources),
): TableNames {
  const unknown = Object.keys(overrides).filter((resource) => !resourceNames.includes(resource));
  if (unknown.length > 0)
    throw new Error(
      `tableNames names ${unknown.join(', ')}, which the contract does not declare as resources (${resourceNames.join(', ')})`,
    );
  return Object.fromEntries(resourceNames.map((resource) => [resource, overrides[resource] ?? `${resource}-local`]));
}

export function localDynamoDBClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
}

/** Creates the table with `keys` unless it exists; resolves once it is ACTIVE. Returns whether it was created. */
export async function ensureTable(client: DynamoDBClient, keys: TableKeys, tableName: string): Promise<boolean> {
  let created = false;
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    try {
      await client.send(new CreateTableCommand(createTableInputFor(keys, tableName)));
      created = true;
    } catch (createError) {
      if (!(createError instanceof ResourceInUseException)) throw createError;
    }
  }
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
  return created;
}

/** The table (named in `tableNames`) of every declared resource, created where missing. */
export async function ensureTables(
  client: DynamoDBClient,
  tables: DeclaredTables,
  tableNames: TableNames,
): Promise<void> {
  for (const [resource, keys] of Object.entries(tables))
    await ensureTable(client, keys, tableNameOf(tableNames, resource));
}

function tableNameOf(tableNames: TableNames, resource: string): string {
  const tableName = tableNames[resource];
  if (tableName === undefined) throw new Error(`No local table is named for the resource ${resource}`);
  return tableName;
}

/** Drops every object of every declared resource by deleting and re-creating each table. */
export async function resetTables(
  client: DynamoDBClient,
  tables: DeclaredTables,
  tableNames: TableNames,
): Promise<void> {
  for (const [resource, keys] of Object.entries(tables)) {
    const tableName = tableNameOf(tableNames, resource);
    try {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      await waitUntilTableNotExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    await ensureTable(client, keys, tableName);
  }
}
