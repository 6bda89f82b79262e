/**
 * One call of DynamoDB's JSON API, as API Gateway's AWS integration makes it: a SigV4-signed POST with the action
 * in `X-Amz-Target`. Locally it goes to DynamoDB Local with the credentials and Region the local function uses, so
 * both integrations see the same tables.
 */
import { createHash, createHmac } from 'node:crypto';

export interface DynamoDBEndpoint {
  /** e.g. `http://127.0.0.1:8000`. */
  url: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export interface DynamoDBAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** The SigV4 headers of a POST to `/` of `host` (DynamoDB Local only reads the credential, but sign it properly). */
function signatureHeaders(
  endpoint: DynamoDBEndpoint,
  host: string,
  target: string,
  body: string,
  now: Date,
): Record<string, string> {
  const amzDate = now.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.0',
    host,
    'x-amz-date': amzDate,
    'x-amz-target': target,
  };
  const signedHeaders = Object.keys(headers).join(';');
  const canonicalHeaders = Object.entries(headers)
    .map(([name, value]) => `${name}:${value}\n`)
    .join('');
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256(body)].join('\n');
  const scope = `${day}/${endpoint.region}/dynamodb/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${endpoint.credentials.secretAccessKey}`, day);
  for (const part of [endpoint.region, 'dynamodb', 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${endpoint.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

/** POSTs `body` as `action`; rejects on a network failure or when `signal` aborts. */
export async function callDynamoDB(
  endpoint: DynamoDBEndpoint,
  action: string,
  body: string,
  signal: AbortSignal,
): Promise<DynamoDBAnswer> {
  const url = new URL(endpoint.url);
  const headers = signatureHeaders(endpoint, url.host, `DynamoDB_20120810.${action}`, body, new Date());
  // fetch sets Host itself (the same value).
  delete headers.host;
  const response = await fetch(url, { method: 'POST', headers, body, signal });
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: await response.text(),
  };
}
