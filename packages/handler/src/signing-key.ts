/**
 * The key that signs list cursors, from exactly one source (config.ts picks it): the SSM SecureString parameter
 * named by `CURSOR_SIGNING_KEY_PARAMETER` (a deployed stage: Terraform names the parameter and grants the read,
 * `npm run cursor-key` writes its value) or `CURSOR_SIGNING_KEY` itself (the local stage and tests). There is no
 * fallback: a key anyone can derive would let anyone forge cursors.
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { sdkLimits } from './dynamodb.ts';

export type CursorKeySource = { kind: 'parameter'; name: string } | { kind: 'value'; value: string };

export const minCursorKeyLength = 32;

/** How a missing or unusable parameter is fixed; the command lives in the root package.json. */
export const setCursorKeyCommand = 'npm run cursor-key -- set --env <env>';

export class CursorKeyError extends Error {
  override name = 'CursorKeyError';
}

/** The key's bytes, or a CursorKeyError naming `origin` when the text is too short to be a key. */
export function cursorKeyFromText(text: string, origin: string): Buffer {
  if (text.length < minCursorKeyLength) {
    throw new CursorKeyError(`${origin} must be at least ${minCursorKeyLength} characters long.`);
  }
  return Buffer.from(text, 'utf8');
}

/** An SSM client bounded like the DynamoDB one, so an unreachable SSM fails the init within seconds. */
export function createParameterClient(region: string): SSMClient {
  return new SSMClient({
    region,
    maxAttempts: sdkLimits.maxAttempts,
    requestHandler: {
      connectionTimeout: sdkLimits.connectionTimeoutMs,
      requestTimeout: sdkLimits.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  });
}

async function readParameter(name: string, ssm: SSMClient): Promise<string> {
  let value: string | undefined;
  try {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    value = Parameter?.Value;
  } catch (error) {
    if ((error as Error).name === 'ParameterNotFound') {
      throw new CursorKeyError(
        `The SSM parameter ${name} (CURSOR_SIGNING_KEY_PARAMETER) does not exist: set the cursor signing key with \`${setCursorKeyCommand}\`.`,
      );
    }
    throw new CursorKeyError(`Reading the SSM parameter ${name} (CURSOR_SIGNING_KEY_PARAMETER) failed.`, {
      cause: error,
    });
  }
  if (value === undefined) throw new CursorKeyError(`The SSM parameter ${name} has no value.`);
  return value;
}

/**
 * Resolves the key once; the Lambda entry awaits it at module level, during the init phase, so every request of
 * the execution environment shares the one read and a stage without a usable key fails its init, never a request.
 */
export async function readCursorKey(source: CursorKeySource, ssm: () => SSMClient): Promise<Buffer> {
  if (source.kind === 'value') return cursorKeyFromText(source.value, 'CURSOR_SIGNING_KEY');
  const client = ssm();
  try {
    const value = await readParameter(source.name, client);
    return cursorKeyFromText(
      value,
      `The value of the SSM parameter ${source.name} (set it with \`${setCursorKeyCommand}\`)`,
    );
  } finally {
    client.destroy();
  }
}
