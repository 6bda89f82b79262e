/**
 * One call of DynamoDB's JSON API, as API Gateway's AWS integration makes it: a SigV4-signed POST with the action
 * in `X-Amz-Target`. Locally it goes to DynamoDB Local with the credentials and Region the local function uses, so
 * both integrations see the same tables.
 */
import { createHash, createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';

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

/**
 * Kept-alive connections to DynamoDB Local, like the SDK's. node:http rather than fetch: fetch (undici, web streams,
 * an AbortSignal per request) cost about a quarter of the gateway's CPU per direct request in a profile.
 */
const agent = new Agent({ keepAlive: true });

/** POSTs `body` as `action`; rejects on a network failure or when `signal` aborts. */
export function callDynamoDB(
  endpoint: DynamoDBEndpoint,
  action: string,
  body: string,
  signal: AbortSignal,
): Promise<DynamoDBAnswer> {
  const url = new URL(endpoint.url);
  if (url.protocol !== 'http:')
    return Promise.reject(new Error(`DynamoDB endpoint ${endpoint.url}: only http is served locally`));
  const headers = signatureHeaders(endpoint, url.host, `DynamoDB_20120810.${action}`, body, new Date());
  headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const call = request(url, { method: 'POST', headers, agent, signal }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const answerHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) answerHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({
          status: response.statusCode ?? 0,
          headers: answerHeaders,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    // Aborted: reject with the signal's reason (e.g. a TimeoutError), as fetch does, not node:http's AbortError.
    call.on('error', (error) => reject(signal.aborted ? (signal.reason as Error) : error));
    call.end(body);
  });
}
