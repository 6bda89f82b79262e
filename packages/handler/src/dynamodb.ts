/** The DynamoDB document client as the handler uses it: bounded retries and timeouts, optional endpoint override. */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { exactNumber } from './exact-numbers.ts';

/** Bounded so an unreachable DynamoDB yields a 503 within seconds, well under API Gateway's integration timeout. */
export const sdkLimits = { maxAttempts: 3, connectionTimeoutMs: 1_000, requestTimeoutMs: 3_000 } as const;

export function createDocumentClient(options: {
  region: string;
  endpoint?: string | undefined;
  credentials?: DynamoDBClientConfig['credentials'];
  /** For tests: shorter limits. */
  limits?: { maxAttempts: number; connectionTimeoutMs: number; requestTimeoutMs: number };
}): DynamoDBDocumentClient {
  const limits = options.limits ?? sdkLimits;
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      // `local` is what /health reports off AWS; the SDK still needs a syntactically valid Region.
      region: options.region === 'local' ? 'us-east-1' : options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      maxAttempts: limits.maxAttempts,
      // Without throwOnRequestTimeout the SDK only logs a warning when requestTimeout passes, and a DynamoDB
      // that accepts the connection but never answers would hang the request until Lambda's own timeout.
      requestHandler: {
        connectionTimeout: limits.connectionTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        throwOnRequestTimeout: true,
      },
    }),
    // A number a JS number cannot hold digit for digit comes back as its text (exact-numbers.ts).
    { marshallOptions: { removeUndefinedValues: true }, unmarshallOptions: { wrapNumbers: exactNumber } },
  );
}
