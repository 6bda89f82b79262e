/**
 * The handler's configuration from its environment, read once at init. A missing or invalid variable fails the
 * init with a message naming it, instead of a 500 on every request.
 */
import { apiName, resources, type ResourceName } from '@items-api/openapi/operations';
import { parseLogLevel, type LogLevel } from './logger.ts';
import { cursorKeyFromText, type CursorKeySource } from './signing-key.ts';

export interface Config {
  /** Each resource's DynamoDB table, from TABLE_NAMES. */
  tableNames: Readonly<Record<ResourceName, string>>;
  /** DynamoDB endpoint override (DynamoDB Local); undefined for the Region's endpoint. */
  endpoint: string | undefined;
  /** The Region reported by /health (`local` when AWS_REGION is unset). */
  region: string;
  /** Where the cursor signing key comes from: exactly one of CURSOR_SIGNING_KEY_PARAMETER and CURSOR_SIGNING_KEY. */
  cursorKeySource: CursorKeySource;
  logLevel: LogLevel;
  serviceName: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function cursorKeySourceOf(env: Record<string, string | undefined>): CursorKeySource {
  const parameter = env.CURSOR_SIGNING_KEY_PARAMETER?.trim() || undefined;
  const value = env.CURSOR_SIGNING_KEY || undefined;
  if (parameter !== undefined && value !== undefined) {
    throw new ConfigError(
      'Both CURSOR_SIGNING_KEY_PARAMETER and CURSOR_SIGNING_KEY are set: the cursor signing key needs exactly one source.',
    );
  }
  if (parameter !== undefined) return { kind: 'parameter', name: parameter };
  if (value === undefined) {
    throw new ConfigError(
      'Neither CURSOR_SIGNING_KEY_PARAMETER (the SSM parameter holding the key, on a deployed stage) nor CURSOR_SIGNING_KEY (the key itself, locally) is set: the handler needs a key to sign list cursors.',
    );
  }
  try {
    cursorKeyFromText(value, 'CURSOR_SIGNING_KEY');
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return { kind: 'value', value };
}

/** TABLE_NAMES: a JSON object naming the table of exactly the contract's resources. */
function tableNamesOf(value: string | undefined): Record<ResourceName, string> {
  const expected = Object.keys(resources);
  const shape = `a JSON object naming the DynamoDB table of each resource (${expected.map((r) => `"${r}"`).join(', ')}), e.g. ${JSON.stringify(Object.fromEntries(expected.map((r) => [r, `${r}-table`])))}`;
  if (!value?.trim()) throw new ConfigError(`TABLE_NAMES is not set: the handler needs ${shape}.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new ConfigError(`TABLE_NAMES is not JSON (${(error as Error).message}): it must be ${shape}.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new ConfigError(`TABLE_NAMES must be ${shape}; got ${value}.`);
  const names = parsed as Record<string, unknown>;
  const missing = expected.filter((resource) => !Object.hasOwn(names, resource));
  if (missing.length > 0) throw new ConfigError(`TABLE_NAMES has no table for the resource(s) ${missing.join(', ')}.`);
  const unknown = Object.keys(names).filter((resource) => !expected.includes(resource));
  if (unknown.length > 0)
    throw new ConfigError(
      `TABLE_NAMES names ${unknown.join(', ')}, which the contract does not declare as resources (${expected.join(', ')}).`,
    );
  for (const resource of expected) {
    const name = names[resource];
    if (typeof name !== 'string' || name.trim() === '')
      throw new ConfigError(
        `TABLE_NAMES.${resource} must be a table name (a non-empty string); got ${JSON.stringify(name)}.`,
      );
  }
  return names as Record<ResourceName, string>;
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const tableNames = tableNamesOf(env.TABLE_NAMES);
  const endpoint = env.DYNAMODB_ENDPOINT?.trim() || undefined;
  if (endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new ConfigError(`DYNAMODB_ENDPOINT must be a URL such as http://127.0.0.1:8000; got "${endpoint}".`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigError(`DYNAMODB_ENDPOINT must be an http(s) URL; got "${endpoint}".`);
    }
  }
  const cursorKeySource = cursorKeySourceOf(env);
  let logLevel: LogLevel;
  try {
    logLevel = parseLogLevel(env.LOG_LEVEL);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const region = env.AWS_REGION?.trim() || 'local';
  if (cursorKeySource.kind === 'parameter' && region === 'local') {
    throw new ConfigError('AWS_REGION is not set: the handler needs it to read CURSOR_SIGNING_KEY_PARAMETER from SSM.');
  }
  return {
    tableNames,
    endpoint,
    region,
    cursorKeySource,
    logLevel,
    serviceName: env.POWERTOOLS_SERVICE_NAME?.trim() || apiName,
  };
}
