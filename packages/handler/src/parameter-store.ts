/**
 * SSM Parameter Store's GetParameter with decryption as one SigV4-signed request (AWS JSON 1.1, target
 * `AmazonSSM.GetParameter`), made with what the DynamoDB client already carries — its credential provider, its SHA-256
 * and its HTTP handler with the same limits — and Smithy's signer, instead of @aws-sdk/client-ssm, which added 78 kB
 * to the bundle every cold start loads (docs/benchmarks.md, "Cold start").
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';

/** An error SSM answered, by its type (`ParameterNotFound`, `AccessDeniedException`…). */
export class ParameterStoreError extends Error {
  override name = 'ParameterStoreError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** SSM's endpoint in a Region, or the SDK's endpoint variables (AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL) when set. */
export function parameterStoreEndpoint(region: string, env: Record<string, string | undefined>): string {
  const override = env.AWS_ENDPOINT_URL_SSM?.trim() || env.AWS_ENDPOINT_URL?.trim();
  if (override) return override;
  return `https://ssm.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
}

async function text(body: unknown): Promise<string> {
  if (typeof body === 'string') return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a parameter's decrypted value (undefined when it has none); SSM's errors as ParameterStoreError. */
export function parameterReader(
  client: DynamoDBDocumentClient,
  region: string,
  endpoint: string,
): (name: string) => Promise<string | undefined> {
  const { credentials, sha256, requestHandler } = client.config;
  const signer = new SignatureV4({ service: 'ssm', region, credentials, sha256 });
  const url = new URL(endpoint);
  return async (name) => {
    const request = new HttpRequest({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      headers: {
        host: url.host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonSSM.GetParameter',
      },
      body: JSON.stringify({ Name: name, WithDecryption: true }),
    });
    const { response } = (await requestHandler.handle(await signer.sign(request))) as {
      response: { statusCode: number; body: unknown };
    };
    const answer = JSON.parse((await text(response.body)) || '{}') as {
      Parameter?: { Value?: string };
      __type?: string;
      message?: string;
      Message?: string;
    };
    if (response.statusCode >= 300) {
      const code = (answer.__type ?? `HTTP ${response.statusCode}`).split('#').pop()!;
      throw new ParameterStoreError(code, answer.message ?? answer.Message ?? code);
    }
    return answer.Parameter?.Value;
  };
}
