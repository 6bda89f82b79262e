/**
 * The floor for the cold-start benchmark: the same SDK clients, configured and bundled the same way as the
 * handler's (`createDocumentClient`: document client, bounded retries and timeouts), one GetCommand, nothing
 * else. The handler can only be slower than this; the benchmark reports by how much.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../handler/src/dynamodb.ts';

const client = createDocumentClient({
  region: process.env.AWS_REGION ?? 'local',
  endpoint: process.env.DYNAMODB_ENDPOINT,
});

export const handler = async (event: { pathParameters?: { id?: string } | null }) => {
  const out = await client.send(
    new GetCommand({ TableName: process.env.TABLE_NAME, Key: { id: event.pathParameters?.id ?? '' } }),
  );
  return { statusCode: out.Item ? 200 : 404, body: JSON.stringify(out.Item ?? null) };
};
