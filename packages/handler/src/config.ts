/**
 * The handler's configuration from its environment, read once at init. A missing or invalid variable fails the
 * init with a message naming it, instead of a 500 on every request.
 */
import { parseLogLevel, type LogLevel } from './logger.ts';

export interface Config {
  tableName: string;
  /** DynamoDB endpoint override (DynamoDB Local); undefined for the Region's endpoint. */
  endpoint: string | undefined;
  /** The Region reported by /health (`local` when AWS_REGION is unset). */
  region: string;
  cursorSigningKey: string | undefined;
  logLevel: LogLevel;
  serviceName: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const minCursorKeyLength = 32;

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
  const cursorSigningKey = env.CURSOR_SIGNING_KEY || undefined;
  if (cursorSigningKey !== undefined && cursorSigningKey.length < minCursorKeyLength) {
    throw new ConfigError(`CURSOR_SIGNING_KEY must be at least ${minCursorKeyLength} characters long.`);
  }
  let logLevel: LogLevel;
  try {
    logLevel = parseLogLevel(env.LOG_LEVEL);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return {
    tableName,
    endpoint,
    region: env.AWS_REGION?.trim() || 'local',
    cursorSigningKey,
    logLevel,
    serviceName: env.POWERTOOLS_SERVICE_NAME?.trim() || 'items-api',
  };
}
