/**
 * One way to get credentials everywhere: the `ITEMS_API_*` variables that the local stage writes to
 * `.local/stage.env` and `npm run stage-env` writes for a deployed environment, read into client options.
 */
import type { ItemsClientOptions } from './options.ts';

/** Which declared client the options are for: the one with every scope, or the read-only one. */
export type ConnectionRole = 'default' | 'reader';

/**
 * The variable names, stated once: the local stage and `npm run stage-env` write them (`formatStageEnv`), clients
 * read them (`connectionFromEnv`). The base and token URLs are shared; each role has its client and API key.
 */
export const stageEnvVariables = {
  baseUrl: 'ITEMS_API_BASE_URL',
  tokenUrl: 'ITEMS_API_TOKEN_URL',
  roles: {
    default: { clientId: 'ITEMS_API_CLIENT_ID', clientSecret: 'ITEMS_API_CLIENT_SECRET', apiKey: 'ITEMS_API_KEY' },
    reader: {
      clientId: 'ITEMS_API_READER_CLIENT_ID',
      clientSecret: 'ITEMS_API_READER_CLIENT_SECRET',
      apiKey: 'ITEMS_API_READER_KEY',
    },
  },
} as const satisfies {
  baseUrl: string;
  tokenUrl: string;
  roles: Record<ConnectionRole, Record<'clientId' | 'clientSecret' | 'apiKey', string>>;
};

/** One declared client's credentials as a stage.env file holds them. */
export interface StageEnvClient {
  clientId: string;
  clientSecret: string;
  apiKey: string;
}

/** Everything a stage.env file holds. */
export interface StageEnv {
  baseUrl: string;
  tokenUrl: string;
  roles: Record<ConnectionRole, StageEnvClient>;
}

/** A stage.env file's text: every variable, in a fixed order, one `KEY=value` line each. */
export function formatStageEnv(values: StageEnv): string {
  const lines: [string, string][] = [
    [stageEnvVariables.baseUrl, values.baseUrl],
    [stageEnvVariables.tokenUrl, values.tokenUrl],
  ];
  for (const role of ['default', 'reader'] as const) {
    const names = stageEnvVariables.roles[role];
    const client = values.roles[role];
    lines.push(
      [names.clientId, client.clientId],
      [names.clientSecret, client.clientSecret],
      [names.apiKey, client.apiKey],
    );
  }
  for (const [name, value] of lines) {
    // One line per variable: a line break would end the value early in every reader, `.` included.
    if (/[\r\n]/.test(value)) throw new Error(`${name} cannot hold a line break`);
  }
  return lines.map(([name, value]) => `${name}=${value}\n`).join('');
}

const variables = stageEnvVariables.roles;
const baseUrlVariable = stageEnvVariables.baseUrl;
const tokenUrlVariable = stageEnvVariables.tokenUrl;

/**
 * Client options from the `ITEMS_API_*` variables (`process.env` by default): the base URL, client credentials at
 * the token URL and the API key of `role`. Throws naming every variable that is missing or empty.
 */
export function connectionFromEnv(
  env: Record<string, string | undefined> = globalThis.process?.env ?? {},
  role: ConnectionRole = 'default',
): ItemsClientOptions {
  const names = variables[role];
  const wanted = [baseUrlVariable, tokenUrlVariable, names.clientId, names.clientSecret, names.apiKey];
  const missing = wanted.filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set: load the stage's credentials ` +
        '(`set -a; . .local/stage.env; set +a`, written by the local stage or by `npm run stage-env`)',
    );
  }
  const value = (name: string) => (env[name] as string).trim();
  for (const name of [baseUrlVariable, tokenUrlVariable]) {
    if (!/^https?:\/\//.test(value(name))) throw new Error(`${name} must be an http(s) URL, got "${value(name)}"`);
  }
  return {
    baseUrl: value(baseUrlVariable),
    auth: {
      clientCredentials: {
        tokenUrl: value(tokenUrlVariable),
        clientId: value(names.clientId),
        clientSecret: value(names.clientSecret),
      },
    },
    apiKey: value(names.apiKey),
  };
}

const assignment = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

/** A value as written: unquoted (trimmed), or inside one pair of single or double quotes (kept as is). */
function unquote(raw: string, line: number): string {
  const quote = raw[0];
  if (quote !== '"' && quote !== "'") return raw;
  if (raw.length < 2 || raw[raw.length - 1] !== quote) throw new Error(`stage env line ${line}: unterminated ${quote}`);
  return raw.slice(1, -1);
}

/**
 * Parses a stage.env file's text: `KEY=value` lines (an `export ` prefix allowed), blank lines and `#` comments,
 * values optionally quoted. A malformed line is an error naming its number, never its text (it may hold a secret).
 */
export function parseStageEnv(text: string): Record<string, string> {
  const parsed: Record<string, string> = {};
  text.split(/\r?\n/).forEach((content, index) => {
    const line = content.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = assignment.exec(line);
    if (!match) throw new Error(`stage env line ${index + 1}: expected KEY=value`);
    parsed[match[1] as string] = unquote((match[2] as string).trim(), index + 1);
  });
  return parsed;
}
