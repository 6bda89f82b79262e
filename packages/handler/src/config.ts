/**
 * The handler's configuration from its environment, read once at init. A missing or invalid variable fails the
 * init with a message naming it, instead of a 500 on every request.
 */
import { parseLogLevel, type LogLevel } from './logger.ts';
import { cursorKeyFromText, type CursorKeySource } from './signing-key.ts';

export interface Config {
  tableName: string;
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

export function loadConfig(env: Record<string, string | undefined>): Config {
  const tableName = env.TABLE_NAME?.trim();
  if (!tableName) {
    throw new ConfigError('TABLE_NAME is not set: the handler needs the name of its DynamoDB table.');
  }
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
    tableName,
    endpoint,
    region,
    cursorKeySource,
    logLevel,
    serviceName: env.POWERTOOLS_SERVICE_NAME?.trim() || 'items-api',
  };
}
