/** What both peer stacks share: the same two operations, on the same document client, with the same records. */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { problemTypes, problemTypeUriPrefix, type ProblemTypeKey } from '@items-api/openapi/operations';

export interface PeerOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

export interface NewItemBody {
  name: string;
  description?: string | null;
  tags?: string[];
  attributes?: Record<string, unknown>;
}

export interface PeerResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export async function readItem(
  { client, tableName }: PeerOptions,
  id: string,
): Promise<Record<string, unknown> | undefined> {
  const out = await client.send(new GetCommand({ TableName: tableName, Key: { id }, ConsistentRead: true }));
  return out.Item;
}

export async function writeNewItem(
  { client, tableName }: PeerOptions,
  body: NewItemBody,
): Promise<Record<string, unknown>> {
  const now = new Date().toISOString();
  const item = { ...body, id: randomUUID(), version: 1, createdAt: now, updatedAt: now };
  await client.send(
    new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(id)' }),
  );
  return item;
}

export function problemBody(key: ProblemTypeKey, detail: string, instance: string): string {
  const { status, title } = problemTypes[key];
  return JSON.stringify({ type: `${problemTypeUriPrefix}${key}`, title, status, detail, instance });
}
