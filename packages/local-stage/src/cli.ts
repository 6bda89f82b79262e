/**
 * `local-stage serve | seed | reset`: the commands behind `npm start`, `npx nx run local-stage:seed` and
 * `npx nx run local-stage:reset`. Expected failures (port in use, Java missing, nothing built) print one readable
 * line and exit 1; only real bugs print a stack.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import inspector from 'node:inspector';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { join, relative, resolve } from 'node:path';
import { startDynamoDBLocal } from '@items-api/dynamodb-local';
import { infrastructure, operations } from '@items-api/openapi/operations';
import type { ItemsClientOptions } from '@items-api/client';
import {
  defaultDataDirectory,
  defaultStageEnvPath,
  defaultWatchOptions,
  repositoryRoot,
  stateFileName,
} from './paths.ts';
import { parseIntegrationsMode, type IntegrationsMode } from './api-source.ts';
import { invokerKinds, type InvokerKind } from './function.ts';
import { vmModulesAvailable, vmModulesNeeded } from './lambda/bundle-module.ts';
import { StageError, startLocalStage, type LocalStage, type StageState } from './stage.ts';
import { localDynamoDBClient, localTableNames, readDeclaredTables, resetTables, type TableNames } from './table.ts';

const usage = `Usage: local-stage <command> [options]

Commands:
  serve   Start DynamoDB Local, the local API Gateway, the token issuer and the docs site (Ctrl-C stops everything).
          --port <n>         port of the API, token issuer and docs (default $PORT or 3000)
          --in-memory        keep nothing: DynamoDB Local in memory
          --data-dir <dir>   where DynamoDB Local keeps its file (default .local/dynamodb)
          --timeout-ms <n>   integration timeout (default: the body's timeoutInMillis, ${infrastructure.integrationTimeoutMillis})
          --concurrency <n>  concurrent function invocations (default: the CPU count, 2 to 8)
          --stage <name>     serve under /<name> as an execute-api URL does (default: at /, like a custom
                             domain without base path)
          --no-watch         serve the built bundle and generated body as they are (default: watch mode, which
                             rebuilds the handler and reloads the contract on save; npm start)
          --integrations <m> contract (default: each operation on the integration the contract declares),
                             lambda (every operation on the Lambda), or operationId=kind pairs separated
                             by commas (e.g. getItem=dynamodb) to try a switch without editing the contract
          --invoker <kind>   in-process (default: fast, debuggable) or workers (Lambda's timeout and crash
                             isolation: a hung invocation is ended, a crash ends its worker only)
          --inspect[=port]   open the Node inspector (default port 9229) on the function's code: in-process,
                             source maps to the TypeScript sources (VS Code: "Attach to the local stage")
          --stage-env <file> where to write the URLs and credentials (mode 0600, removed on stop; default
                             .local/stage.env); --no-stage-env writes none
  seed    Create sample objects of every resource through the API of the stage running on the data dir (or of
          a temporary one), with the credentials it wrote: each its create's (or replace's) example body.
          --count <n>        how many of each (default 20)
          --stage-env <file> seed the stage this credentials file names (any stage: another local one, AWS)
          --url <url>        seed this API with the credentials of the ITEMS_API_* environment variables
          --data-dir <dir>
  reset   Delete every item of every resource: drop and re-create each table of the stage running on the data
          dir (or in it).
          --data-dir <dir>
`;

class UsageError extends Error {}

// Lambda runs Node 22; the AWS SDK's notice that Node 20 support ends is noise here (the workers inherit this).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** An option's integer value, at least `min`. */
function integerOption(name: string, value: string, min: 0 | 1): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min)
    throw new UsageError(`--${name} must be a ${min === 0 ? 'non-negative' : 'positive'} integer, not "${value}"`);
  return number;
}

/** The invoker chosen by --invoker; --inspect needs the function on this process's thread. */
function invokerOption(value: string | undefined, inspect: boolean): InvokerKind {
  if (value !== undefined && !invokerKinds.includes(value as InvokerKind))
    throw new UsageError(`--invoker must be ${invokerKinds.join(' or ')}, not "${value}"`);
  if (inspect && value === 'workers')
    throw new UsageError('--inspect runs the function in-process: leave out --invoker workers');
  return (value as InvokerKind | undefined) ?? 'in-process';
}

/** The integrations chosen by --integrations (the generator checks the kinds and operations when it renders). */
function integrationsOption(value: string): IntegrationsMode {
  try {
    return parseIntegrationsMode(value);
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
}

/** The Node inspector on loopback, with stack traces mapped to the TypeScript sources. */
function openInspector(port: number): void {
  process.setSourceMapsEnabled(true);
  inspector.open(port, '127.0.0.1');
  console.log(`Debugger listening on ${inspector.url()} (attach to the function's code; see docs/local-stage.md)`);
}

/** What parseArgs reads `--no-stage-env` as (see normalizeArgs). */
const withoutStageEnv = 'without-stage-env';

/** The stage running on `dataDirectory`, if any. */
function runningStage(dataDirectory = defaultDataDirectory): StageState | undefined {
  const stateFile = join(dataDirectory, stateFileName);
  if (!existsSync(stateFile)) return undefined;
  try {
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as StageState;
    process.kill(state.pid, 0);
    return state;
  } catch {
    return undefined; // stale file from a stage that was killed
  }
}

/** A path as the user would type it: relative inside the repository, absolute outside. */
const display = (path: string) => {
  const inside = relative(repositoryRoot, path);
  return inside === '' ? '.' : inside.startsWith('..') ? path : inside;
};

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    allowNegative: true,
    options: {
      port: { type: 'string' },
      'in-memory': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      'timeout-ms': { type: 'string' },
      concurrency: { type: 'string' },
      stage: { type: 'string' },
      watch: { type: 'boolean', default: true },
      invoker: { type: 'string' },
      inspect: { type: 'string' },
      integrations: { type: 'string' },
      'stage-env': { type: 'string' },
      [withoutStageEnv]: { type: 'boolean', default: false },
    },
  });
  if (values[withoutStageEnv] && values['stage-env'] !== undefined)
    throw new UsageError('--stage-env <file> and --no-stage-env contradict each other: give one');
  const stageEnvPath = values[withoutStageEnv] ? undefined : resolve(values['stage-env'] ?? defaultStageEnvPath);
  const invoker = invokerOption(values.invoker, values.inspect !== undefined);
  // Imported, the bundle would go through tsx's loader hook, which replaces its source map (see bundle-module.ts).
  if (values.inspect !== undefined && !vmModulesAvailable)
    throw new UsageError(`--inspect loads the function as a vm module: ${vmModulesNeeded}`);
  // Before the function loads, so a breakpoint in its init code is hit too.
  if (values.inspect !== undefined) openInspector(integerOption('inspect', values.inspect, 0));
  const portOption = values.port ?? process.env.PORT;
  const port = portOption === undefined ? 3000 : integerOption('port', portOption, 0);
  if (port > 65535) throw new UsageError(`--port must be at most 65535, not ${port}`);
  // Filled once the stage is up; a signal or crash before that stops whatever has started.
  const started: { stage?: LocalStage } = {};
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) process.exit(code); // a second Ctrl-C: leave now (DynamoDB Local is killed on exit)
    stopping = true;
    await started.stage?.stop();
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));
  // A crash of the gateway must not leave Java behind.
  process.on('uncaughtException', (error) => {
    console.error('local-stage crashed:', error);
    void stop(1);
  });
  process.on('unhandledRejection', (error) => {
    console.error('local-stage crashed:', error);
    void stop(1);
  });

  const stage = (started.stage = await startLocalStage({
    port,
    inMemory: values['in-memory'],
    ...(values['data-dir'] !== undefined && { dataDirectory: values['data-dir'] }),
    ...(values['timeout-ms'] !== undefined && {
      integrationTimeoutMs: integerOption('timeout-ms', values['timeout-ms'], 1),
    }),
    ...(values.concurrency !== undefined && { maxConcurrency: integerOption('concurrency', values.concurrency, 1) }),
    ...(values.stage !== undefined && { stage: values.stage }),
    watch: values.watch,
    invoker,
    ...(values.integrations !== undefined && { integrations: integrationsOption(values.integrations) }),
    ...(stageEnvPath !== undefined && { stageEnvPath }),
  }));
  if (stopping) return;
  const data =
    stage.dynamodb.dataDirectory === null
      ? 'in memory, nothing kept'
      : `kept in ${display(stage.dynamodb.dataDirectory)}`;
  console.log(
    [
      '',
      'Items API local stage is up',
      `  API       ${stage.url}`,
      `  Docs      ${stage.docsUrl}`,
      `  DynamoDB  ${stage.dynamodb.endpoint}  ${tablesText(stage.tableNames)}, ${data}`,
      `  Tokens    ${stage.credentials.tokenUrl}  clients ${stage.credentials.clientId} (every scope), ${stage.credentials.reader.clientId} (read only)`,
      '',
      ...tryLines(stage),
      '  Seed      npx nx run local-stage:seed     Reset: npx nx run local-stage:reset',
      '',
      `  Ready in  ${Math.round(performance.now())} ms${values.watch ? ', watching the handler and the contract (--no-watch: off)' : ''}`,
      '',
      'Access log (one JSON line per request) follows; function logs go to stderr. Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

/**
 * How to call the API, printed by `serve`: the health check, then a token and an authorized request with the
 * credentials file's variables. Never a secret's value: the banner goes to terminals and CI logs.
 */
function tryLines(stage: LocalStage): string[] {
  const health = `  Try       curl ${stage.url}/health`;
  // A secured GET to try: the first resource's list, else the first secured GET the contract has.
  const gets = Object.values(operations).filter((operation) => operation.method === 'GET' && operation.scopes.length);
  const secured = (gets.find((operation) => operation.resource?.action === 'list') ?? gets[0])?.path;
  if (secured === undefined) return [health, ''];
  if (stage.stageEnvPath === null)
    return [
      health,
      `            ${secured} needs a token and an API key; without --no-stage-env the stage writes them to .local/stage.env`,
      '',
    ];
  return [
    health,
    `            set -a; . ${display(stage.stageEnvPath)}; set +a     # the URLs and credentials (mode 0600)`,
    '            TOKEN=$(curl -s -u "$ITEMS_API_CLIENT_ID:$ITEMS_API_CLIENT_SECRET" -d grant_type=client_credentials \\',
    `              "$ITEMS_API_TOKEN_URL" | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).access_token')`,
    `            curl -H "Authorization: Bearer $TOKEN" -H "x-api-key: $ITEMS_API_KEY" "$ITEMS_API_BASE_URL${secured}"`,
    '',
  ];
}

/** Client options from a credentials file (a stage's stage.env, or one `npm run stage-env` wrote). */
async function connectionFromFile(path: string): Promise<ItemsClientOptions> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new StageError(`Cannot read the credentials file ${display(path)}: ${error.code ?? error.message}`);
  });
  const { connectionFromEnv, parseStageEnv } = await import('@items-api/client');
  try {
    return connectionFromEnv(parseStageEnv(text));
  } catch (error) {
    throw new StageError(`${display(path)}: ${(error as Error).message}`);
  }
}

/** Runs `action` against the running stage with the credentials it wrote, or a temporary one on the data directory. */
async function withStage<T>(
  dataDirectory: string | undefined,
  action: (connection: ItemsClientOptions) => Promise<T>,
): Promise<T> {
  const running = runningStage(dataDirectory);
  if (running) {
    // A record without the field is from a stage of before access control: no credentials either.
    if (!running.stageEnvPath)
      throw new StageError(
        `The stage running on ${display(dataDirectory ?? defaultDataDirectory)} (${running.url}) was started with --no-stage-env, so its credentials are nowhere to read: pass --stage-env <file> of a stage, or restart it without --no-stage-env`,
      );
    return action(await connectionFromFile(running.stageEnvPath));
  }
  const stage = await startLocalStage({
    port: 0,
    writeStateFile: false,
    accessLog: () => {},
    ...(dataDirectory !== undefined && { dataDirectory }),
  });
  try {
    const { tokenUrl, clientId, clientSecret, apiKey } = stage.credentials;
    const loopback = (url: string) => url.replace('//localhost:', '//127.0.0.1:');
    return await action({
      baseUrl: loopback(stage.url),
      auth: { clientCredentials: { tokenUrl: loopback(tokenUrl), clientId, clientSecret } },
      apiKey,
    });
  } finally {
    await stage.stop();
  }
}

/** Client options from the environment's ITEMS_API_* variables, for the API at `url`. */
async function connectionForUrl(url: string): Promise<ItemsClientOptions> {
  const { connectionFromEnv } = await import('@items-api/client');
  try {
    return { ...connectionFromEnv({ ...process.env, ITEMS_API_BASE_URL: url }), baseUrl: url };
  } catch (error) {
    throw new StageError(`--url ${url}: ${(error as Error).message}`);
  }
}

async function seed(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      count: { type: 'string' },
      url: { type: 'string' },
      'stage-env': { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  const count = values.count === undefined ? 20 : integerOption('count', values.count, 1);
  if (values.url !== undefined && values['stage-env'] !== undefined)
    throw new UsageError('--url and --stage-env both name the stage to seed: give one');
  // Loaded here: only seeding needs the built client.
  const { seedResources } = await import('./seed.ts');
  const run = async (connection: ItemsClientOptions) => {
    const seeded = await seedResources(connection, count);
    if (seeded.length === 0)
      throw new StageError('The contract declares no resource an operation stores: nothing to seed');
    const each = seeded.map(({ resource, paths }) => `${resource} (${paths[0]} … ${paths.at(-1)})`);
    console.log(`Created ${count} sample objects of each resource on ${connection.baseUrl}: ${each.join(', ')}.`);
  };
  if (values['stage-env'] !== undefined) await run(await connectionFromFile(resolve(values['stage-env'])));
  else if (values.url !== undefined) await run(await connectionForUrl(values.url));
  else await withStage(values['data-dir'], run);
}

/** `table items-local`, or `tables items-local, configs-local` for a contract of several resources. */
function tablesText(tableNames: TableNames): string {
  const names = Object.values<string>(tableNames);
  return `${names.length === 1 ? 'table' : 'tables'} ${names.join(', ')}`;
}

async function reset(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { 'data-dir': { type: 'string' } } });
  const running = runningStage(values['data-dir']);
  // Every resource of the contract as generated, on the tables `serve` gives them.
  const tables = await readDeclaredTables(defaultWatchOptions.generatedDirectory);
  const tableNames = localTableNames({}, Object.keys(tables));
  if (running) {
    const client = localDynamoDBClient(running.dynamodbEndpoint);
    try {
      await resetTables(client, tables, tableNames);
    } finally {
      client.destroy();
    }
    console.log(`The ${tablesText(tableNames)} of the running stage (${running.url}): empty again.`);
    return;
  }
  const dataDirectory = values['data-dir'] ?? defaultDataDirectory;
  mkdirSync(dataDirectory, { recursive: true });
  const dynamodb = await startDynamoDBLocal({ dbPath: dataDirectory }).catch((error: unknown) => {
    throw new StageError(error instanceof Error ? error.message : String(error));
  });
  const client = localDynamoDBClient(dynamodb.endpoint);
  try {
    await resetTables(client, tables, tableNames);
  } finally {
    client.destroy();
    await dynamodb.stop();
  }
  console.log(`The ${tablesText(tableNames)} in ${display(dataDirectory)}: empty again.`);
}

const commands: Record<string, (args: string[]) => Promise<void>> = { serve, seed, reset };

const booleanFlags = ['--in-memory', '--watch'];

/**
 * Nx forwards flags as `--flag=true` or `--flag=false`, booleans take no value, `--no-watch` turns watch mode off,
 * `--inspect` alone means the default inspector port, and `--no-stage-env` (or Nx's `--stage-env=false`) turns
 * off a string option, which parseArgs cannot negate.
 */
function normalizeArgs(args: string[]): string[] {
  return args.flatMap((arg) => {
    const [flag, value] = arg.split('=', 2) as [string, string | undefined];
    if (arg === '--no-stage-env' || arg === '--stage-env=false') return [`--${withoutStageEnv}`];
    if (booleanFlags.includes(flag) && (value === 'true' || value === 'false'))
      return value === 'true' ? [flag] : [`--no-${flag.slice(2)}`];
    if (flag === '--inspect' && (value === undefined || value === 'true')) return ['--inspect=9229'];
    return [arg];
  });
}

const [command, ...rawRest] = process.argv.slice(2);
const rest = normalizeArgs(rawRest);
const run = command === undefined ? undefined : commands[command];
if (run === undefined) {
  process.stderr.write(
    command === undefined || command === '--help' || command === 'help'
      ? usage
      : `Unknown command "${command}".\n\n${usage}`,
  );
  process.exit(command === undefined || command === '--help' || command === 'help' ? 0 : 2);
}
process.chdir(repositoryRoot);
run(rest).catch((error: unknown) => {
  if (
    error instanceof StageError ||
    error instanceof UsageError ||
    (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
  ) {
    console.error(`local-stage ${command}: ${(error as Error).message}`);
  } else {
    console.error(`local-stage ${command} failed:`, error);
  }
  process.exit(1);
});
