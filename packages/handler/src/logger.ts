/**
 * Structured JSON logs on stdout, one object per line, in the shape of Powertools for AWS Lambda's Logger
 * (`level`, `message`, `timestamp`, `service`, plus fields). Hand-rolled because Powertools' Logger cost
 * measurable cold start for no feature this handler uses (see docs/handler.md, "Logging").
 */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';

const rank: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, SILENT: 100 };

export interface RequestLogFields {
  requestId: string;
  operationId: string | null;
  method: string;
  path: string;
  status: number;
  latencyMs: number;
  /** DynamoDB capacity units the request consumed, when DynamoDB reported them. */
  consumedCapacity: number | null;
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** The one line per request. */
  request(fields: RequestLogFields): void;
}

export function parseLogLevel(value: string | undefined): LogLevel {
  const upper = (value ?? '').trim().toUpperCase();
  if (upper === '') return 'INFO';
  if (upper === 'WARNING') return 'WARN';
  if (upper === 'CRITICAL') return 'ERROR';
  if (upper in rank) return upper as LogLevel;
  throw new Error(`LOG_LEVEL must be one of ${Object.keys(rank).join(', ')}; got "${value}".`);
}

function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    return {
      name: value.name,
      message: value.message,
      stack: value.stack,
      ...(value.cause !== undefined ? { cause: serialise(value.cause) } : {}),
    };
  }
  return value;
}

export function createLogger(options: { level: LogLevel; service: string; write?: (line: string) => void }): Logger {
  const threshold = rank[options.level];
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  let coldStart = true;
  const log = (level: 'INFO' | 'WARN' | 'ERROR', message: string, fields?: object) => {
    if (rank[level] < threshold) return;
    const entry: Record<string, unknown> = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: options.service,
    };
    if (fields) for (const [key, value] of Object.entries(fields)) entry[key] = serialise(value);
    write(JSON.stringify(entry));
  };
  return {
    info: (message, fields) => log('INFO', message, fields),
    warn: (message, fields) => log('WARN', message, fields),
    error: (message, fields) => log('ERROR', message, fields),
    // The hot path: one object literal and one JSON.stringify, no generic field loop.
    request: (fields) => {
      if (rank.INFO >= threshold) {
        write(
          JSON.stringify({
            level: 'INFO',
            message: 'request',
            timestamp: new Date().toISOString(),
            service: options.service,
            requestId: fields.requestId,
            operationId: fields.operationId,
            method: fields.method,
            path: fields.path,
            status: fields.status,
            latencyMs: fields.latencyMs,
            consumedCapacity: fields.consumedCapacity,
            coldStart,
          }),
        );
      }
      coldStart = false;
    },
  };
}
