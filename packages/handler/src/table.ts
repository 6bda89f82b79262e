/**
 * The DynamoDB table of each resource, as data: its key schema and CreateTable input, derived from the contract's
 * `x-resources` (generated into `resources`; Terraform reads the same keys from infrastructure.json's `tables`).
 * The local stage and the integration tests create their tables from this module (`@items-api/handler/table`).
 */
import type { AttributeDefinition, CreateTableCommandInput, KeySchemaElement } from '@aws-sdk/client-dynamodb';
import { resources, type ResourceName } from '@items-api/openapi/operations';

/** A key attribute of a table: its name and DynamoDB type. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

/** A table's primary key: the partition key and, for a resource that groups its objects, a sort key. */
export interface TableKeys {
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute | undefined;
}

/**
 * The most UTF-8 bytes a string key value holds: 2048 for a partition key, 1024 for a sort key
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-partition-sort-keys).
 */
export const maxKeyBytes = { partition: 2048, sort: 1024 } as const;

/** The key attributes of `keys`, partition key first: what a stored object's key and a cursor consist of. */
export function keyAttributesOf<Key extends KeyAttribute>(keys: {
  readonly partitionKey: Key;
  readonly sortKey?: Key | undefined;
}): Key[] {
  return keys.sortKey ? [keys.partitionKey, keys.sortKey] : [keys.partitionKey];
}

/** The table keys each resource of the contract declares. */
export const tableKeys: { readonly [R in ResourceName]: TableKeys } = resources;

/** The CreateTable input for a table with these keys (on-demand billing). */
export function createTableInputFor(keys: TableKeys, tableName: string): CreateTableCommandInput {
  const attributes = keyAttributesOf(keys);
  const keySchema: KeySchemaElement[] = attributes.map((key, index) => ({
    AttributeName: key.name,
    KeyType: index === 0 ? 'HASH' : 'RANGE',
  }));
  const attributeDefinitions: AttributeDefinition[] = attributes.map((key) => ({
    AttributeName: key.name,
    AttributeType: key.type,
  }));
  return {
    TableName: tableName,
    KeySchema: keySchema,
    AttributeDefinitions: attributeDefinitions,
    BillingMode: 'PAY_PER_REQUEST',
  };
}

/** The CreateTable input for `resource`'s table, named `tableName`. */
export function createTableInput(resource: ResourceName, tableName: string): CreateTableCommandInput {
  return createTableInputFor(tableKeys[resource], tableName);
}
