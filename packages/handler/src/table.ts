/**
 * The DynamoDB table the handler serves, as data: the key schema and the CreateTable input, derived from the
 * contract's table declaration (`infrastructure.table`, generated from `x-items-table`). The local stage and the
 * integration tests create their tables from this module (`@items-api/handler/table`); Terraform reads the same
 * declaration from infrastructure.json.
 */
import type { AttributeDefinition, CreateTableCommandInput, KeySchemaElement } from '@aws-sdk/client-dynamodb';
import { table } from '@items-api/openapi/infrastructure.json';
import type { infrastructure } from '@items-api/openapi/operations';

/**
 * The partition key; there is no sort key. Read from the JSON so the bundle carries only its `table` entry
 * (esbuild drops unused top-level JSON keys), typed by the generated constant that holds the same object.
 */
export const partitionKey = table.partitionKey as (typeof infrastructure)['table']['partitionKey'];

const keySchema: KeySchemaElement[] = [{ AttributeName: partitionKey.name, KeyType: 'HASH' }];

const attributeDefinitions: AttributeDefinition[] = [
  { AttributeName: partitionKey.name, AttributeType: partitionKey.type },
];

/** The CreateTable input for a table the handler can serve (on-demand billing). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    KeySchema: keySchema.map((k) => ({ ...k })),
    AttributeDefinitions: attributeDefinitions.map((a) => ({ ...a })),
    BillingMode: 'PAY_PER_REQUEST',
  };
}
