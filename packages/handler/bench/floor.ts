/**
 * The floor for the cold-start benchmark: the same SDK clients bundled the same way, one GetCommand, nothing
 * else. The handler can only be slower than this; the benchmark reports by how much.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: process.env.AWS_REGION ?? 'us-east-1', endpoint: process.env.DYNAMODB_ENDPOINT }),
);

export const handler = async (event: { pathParameters?: { id?: string } | null }) => {
  const out = await client.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { id: event.pathParameters?.id ?? '' } }));
  return { statusCode: out.Item ? 200 : 404, body: JSON.stringify(out.Item ?? null) };
};
