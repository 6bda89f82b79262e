/**
 * A deployed environment's credentials for `.local/stage.env` (issue 14): the stage URL, the token endpoint and
 * the client IDs come from the env's Terraform outputs (ids only); each client's secret (Cognito
 * DescribeUserPoolClient) and API key value (API Gateway GetApiKey with includeValue) are read at run time.
 */
import { APIGatewayClient, GetApiKeyCommand } from '@aws-sdk/client-api-gateway';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { StageCredentials } from '@items-api/local-stage';

export class StageEnvError extends Error {
  override name = 'StageEnvError';
}

/** What the credentials of one client are read from. */
export interface ClientSource {
  name: string;
  clientId: string;
  apiKeyId: string;
}

/** Everything the env's outputs say about one Region's stage and two clients; no secret. */
export interface StageSource {
  region: string;
  baseUrl: string;
  tokenUrl: string;
  userPoolId: string;
  /** The user pool's Region (the primary Region): where its clients' secrets are read. */
  userPoolRegion: string;
  client: ClientSource;
  reader: ClientSource;
}

export interface StageSelection {
  /** The Region whose stage to call; `undefined` is the primary Region's (the output `api_url`). */
  region?: string;
  client: string;
  reader: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `terraform output -json` prints `{ <name>: { value, type, sensitive } }`; the values by name. */
function outputValues(outputs: unknown): Record<string, unknown> {
  if (!isRecord(outputs) || Object.keys(outputs).length === 0)
    throw new StageEnvError('the env has no outputs: apply it first (terraform output -json printed none).');
  return Object.fromEntries(
    Object.entries(outputs).map(([name, output]) => [name, isRecord(output) ? output.value : undefined]),
  );
}

function stringMap(value: unknown, what: string): Record<string, string> {
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string'))
    throw new StageEnvError(`the env's output ${what} is not a map of strings: apply this version of the env first.`);
  return value as Record<string, string>;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (!isRecord(value))
    throw new StageEnvError(`the env has no output ${what}: apply this version of the env first (issue 14 added it).`);
  return value;
}

function requiredString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '')
    throw new StageEnvError(`the env has no output ${what}: apply this version of the env first (issue 14 added it).`);
  return value;
}

/** A user pool ID is `<region>_<id>`; its clients' secrets are read in that Region. */
function poolRegion(userPoolId: string): string {
  const match = /^([a-z]{2}(?:-[a-z]+)+-\d)_[0-9A-Za-z]+$/.exec(userPoolId);
  if (!match) throw new StageEnvError(`the output auth.user_pool_id "${userPoolId}" is not a Cognito user pool ID.`);
  return match[1]!;
}

/** Which Region, URLs, pool and client IDs to use, from `terraform output -json` of the env; refuses what is missing. */
export function stageSourceFromOutputs(outputs: unknown, selection: StageSelection): StageSource {
  const values = outputValues(outputs);
  const apiUrls = stringMap(values.api_urls, 'api_urls');
  const primaryUrl = requiredString(values.api_url, 'api_url');
  const region = selection.region ?? Object.keys(apiUrls).find((r) => apiUrls[r] === primaryUrl);
  const baseUrl = region === undefined ? undefined : apiUrls[region];
  if (region === undefined || baseUrl === undefined)
    throw new StageEnvError(
      `--region ${selection.region ?? '(primary)'}: the env serves ${Object.keys(apiUrls).join(', ') || 'no Region'}.`,
    );
  const auth = record(values.auth, 'auth');
  const clientIds = stringMap(auth.client_ids, 'auth.client_ids');
  const keyIds = stringMap(record(values.api_key_ids, 'api_key_ids')[region], `api_key_ids["${region}"]`);
  const userPoolId = requiredString(auth.user_pool_id, 'auth.user_pool_id');
  const client = (name: string, flag: string): ClientSource => {
    const clientId = clientIds[name];
    const apiKeyId = keyIds[name];
    if (clientId === undefined || apiKeyId === undefined)
      throw new StageEnvError(
        `${flag} ${name}: the env declares no such client (api_clients: ${Object.keys(clientIds).join(', ') || 'none'}).`,
      );
    return { name, clientId, apiKeyId };
  };
  return {
    region,
    baseUrl,
    tokenUrl: requiredString(auth.token_endpoint, 'auth.token_endpoint'),
    userPoolId,
    userPoolRegion: poolRegion(userPoolId),
    client: client(selection.client, '--client'),
    reader: client(selection.reader, '--reader'),
  };
}

/** The AWS clients, made per Region by the caller (tests pass stubs). */
export interface AwsClients {
  cognito: (region: string) => CognitoIdentityProviderClient;
  apiGateway: (region: string) => APIGatewayClient;
}

/** Runs one AWS call and names what failed on error (never a secret: the SDK's messages carry none). */
async function reading<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const { name, message } = error as Error;
    throw new StageEnvError(`reading ${what} failed: ${name}: ${message}`);
  }
}

async function secretOf(source: StageSource, client: ClientSource, aws: AwsClients): Promise<string> {
  const what = `the secret of client ${client.name} (${client.clientId}) from Cognito in ${source.userPoolRegion}`;
  const answer = await reading(what, () =>
    aws
      .cognito(source.userPoolRegion)
      .send(new DescribeUserPoolClientCommand({ UserPoolId: source.userPoolId, ClientId: client.clientId })),
  );
  const secret = answer.UserPoolClient?.ClientSecret;
  if (!secret) throw new StageEnvError(`${what}: the app client has no secret (client_credentials needs one).`);
  return secret;
}

async function apiKeyOf(source: StageSource, client: ClientSource, aws: AwsClients): Promise<string> {
  const what = `the API key of client ${client.name} (${client.apiKeyId}) from API Gateway in ${source.region}`;
  const answer = await reading(what, () =>
    aws.apiGateway(source.region).send(new GetApiKeyCommand({ apiKey: client.apiKeyId, includeValue: true })),
  );
  if (answer.enabled === false) throw new StageEnvError(`${what}: the key is disabled.`);
  if (!answer.value) throw new StageEnvError(`${what}: API Gateway returned no value.`);
  return answer.value;
}

/** The two clients' secrets and API keys, read now; with the source, what `.local/stage.env` holds. */
export async function readCredentials(source: StageSource, aws: AwsClients): Promise<StageCredentials> {
  const [clientSecret, apiKey, readerSecret, readerKey] = await Promise.all([
    secretOf(source, source.client, aws),
    apiKeyOf(source, source.client, aws),
    secretOf(source, source.reader, aws),
    apiKeyOf(source, source.reader, aws),
  ]);
  return {
    tokenUrl: source.tokenUrl,
    clientId: source.client.clientId,
    clientSecret,
    apiKey,
    reader: { clientId: source.reader.clientId, clientSecret: readerSecret, apiKey: readerKey },
  };
}
