/**
 * Writes the handler's cursor signing key to its SSM SecureString parameter in every Region of an environment
 * (the parameters Terraform names in the output `cursor_signing_key_parameters`; Terraform never holds the value).
 * One key for all Regions, so a cursor one Region issued works in another.
 */
import { randomBytes } from 'node:crypto';
import { DeleteParameterCommand, GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

/** One Region's parameter, as the Terraform output states it. */
export interface KeyParameter {
  region: string;
  name: string;
  kmsKeyArn: string;
}

export type KeyAction = 'set' | 'rotate' | 'delete';

/** What happened to one Region's parameter; never the key. */
export interface KeyOutcome {
  region: string;
  name: string;
  result: 'created' | 'kept' | 'copied' | 'rotated' | 'deleted' | 'absent';
}

export class CursorKeyError extends Error {
  override name = 'CursorKeyError';
}

/** 32 random bytes, base64url: 43 characters, above the handler's 32-character minimum. */
export function newCursorKey(): string {
  return randomBytes(32).toString('base64url');
}

function isNotFound(error: unknown): boolean {
  return (error as Error).name === 'ParameterNotFound';
}

/** The Terraform output `cursor_signing_key_parameters` (`{ <region>: { name, arn, kms_key_arn } }`), checked. */
export function parametersFromOutput(output: unknown): KeyParameter[] {
  if (typeof output !== 'object' || output === null || Array.isArray(output) || Object.keys(output).length === 0) {
    throw new CursorKeyError('cursor_signing_key_parameters is not a non-empty map of Regions.');
  }
  return Object.entries(output).map(([region, value]) => {
    const { name, kms_key_arn: kmsKeyArn } = (value ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || typeof kmsKeyArn !== 'string') {
      throw new CursorKeyError(`cursor_signing_key_parameters["${region}"] lacks a name or a kms_key_arn.`);
    }
    return { region, name, kmsKeyArn };
  });
}

async function readKey(ssm: SSMClient, parameter: KeyParameter): Promise<string | undefined> {
  try {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: parameter.name, WithDecryption: true }));
    return Parameter?.Value;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

function writeKey(ssm: SSMClient, parameter: KeyParameter, value: string, overwrite: boolean) {
  return ssm.send(
    new PutParameterCommand({
      Name: parameter.name,
      Description: 'Items API cursor signing key (written by npm run cursor-key; never in Terraform state)',
      Value: value,
      Type: 'SecureString',
      KeyId: parameter.kmsKeyArn,
      Tier: 'Standard',
      Overwrite: overwrite,
    }),
  );
}

/**
 * `set`: give every Region a key, keeping the one there is (copied to Regions that lack it; Regions holding
 * different keys are an error - `rotate` settles that). `rotate`: a new key everywhere (outstanding cursors become
 * invalid). `delete`: remove the parameters (before `destroy`: Terraform does not own them).
 */
export async function applyKeyAction(
  action: KeyAction,
  parameters: KeyParameter[],
  clientFor: (region: string) => SSMClient,
  generate: () => string = newCursorKey,
): Promise<KeyOutcome[]> {
  const clients = new Map(parameters.map((p) => [p.region, clientFor(p.region)]));
  const client = (p: KeyParameter) => clients.get(p.region) as SSMClient;
  try {
    if (action === 'delete') {
      return await Promise.all(
        parameters.map(async (p): Promise<KeyOutcome> => {
          try {
            await client(p).send(new DeleteParameterCommand({ Name: p.name }));
            return { region: p.region, name: p.name, result: 'deleted' };
          } catch (error) {
            if (isNotFound(error)) return { region: p.region, name: p.name, result: 'absent' };
            throw error;
          }
        }),
      );
    }
    if (action === 'rotate') {
      const key = generate();
      for (const p of parameters) await writeKey(client(p), p, key, true);
      return parameters.map((p) => ({ region: p.region, name: p.name, result: 'rotated' }));
    }
    const existing = await Promise.all(parameters.map((p) => readKey(client(p), p)));
    const distinct = new Set(existing.filter((value) => value !== undefined));
    if (distinct.size > 1) {
      throw new CursorKeyError(
        'The Regions hold different cursor signing keys, so a cursor from one fails in another: run `rotate` to give them one.',
      );
    }
    const [kept] = distinct;
    const key = kept ?? generate();
    const outcomes: KeyOutcome[] = [];
    for (const [index, p] of parameters.entries()) {
      if (existing[index] !== undefined) {
        outcomes.push({ region: p.region, name: p.name, result: 'kept' });
        continue;
      }
      // Overwrite false: a parameter written since the read above wins, and the write fails loudly.
      await writeKey(client(p), p, key, false);
      outcomes.push({ region: p.region, name: p.name, result: kept === undefined ? 'created' : 'copied' });
    }
    return outcomes;
  } finally {
    for (const c of clients.values()) c.destroy();
  }
}
