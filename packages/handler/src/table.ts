/**
 * The DynamoDB table the handler serves, as data: the key schema, the CreateTable input and the IAM actions the
 * handler calls. The local stage, the integration tests and the Terraform static test derive from this module
 * (`@items-api/handler/table`), so it imports nothing but SDK types.
 */
import type { AttributeDefinition, CreateTableCommandInput, KeySchemaElement } from '@aws-sdk/client-dynamodb';

/** The partition key; there is no sort key. */
export const partitionKey = { name: 'id', type: 'S' } as const;

export const keySchema: KeySchemaElement[] = [{ AttributeName: partitionKey.name, KeyType: 'HASH' }];

export const attributeDefinitions: AttributeDefinition[] = [{ AttributeName: partitionKey.name, AttributeType: partitionKey.type }];

/** The CreateTable input for a table the handler can serve (on-demand billing). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    KeySchema: keySchema.map((k) => ({ ...k })),
    AttributeDefinitions: attributeDefinitions.map((a) => ({ ...a })),
    BillingMode: 'PAY_PER_REQUEST',
  };
}

/** Exactly the DynamoDB actions the handler calls, one per kind of request it sends (least privilege). */
export const iamActions = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:Scan',
] as const;

export type IamAction = (typeof iamActions)[number];
