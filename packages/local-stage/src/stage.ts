/**
 * The local stage: DynamoDB Local, the table, the handler bundle in a pool of Lambda-like workers behind the
 * local API Gateway, the token issuer at /oauth2/token and /.well-known/jwks.json, and the docs page at /docs — all
 * on one port, all stopped by `stop()`.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { availableParallelism } from 'node:os';
import type { AddressInfo } from 'node:net';
import { startDynamoDBLocal, localCredentials, localRegion, type DynamoDBLocal } from '@items-api/dynamodb-local';
import {
  accessDeclarationsOf,
  createStageAccess,
  type DeclaredUsagePlan,
  type StageAccess,
  type StageCredentials,
} from './access.ts';
import { loadStageApi, type IntegrationsMode } from './api-source.ts';
import {
  createGateway,
  type AccessLogEntry,
  type Gateway,
  type GatewayAccess,
  type RequestListener,
} from './gateway/gateway.ts';
import type { RestApi } from './gateway/rest-api.ts';
import { functionEnvironment, startInvoker, type InvokerKind } from './function.ts';
import { vmModulesAvailable, vmModulesNeeded } from './lambda/bundle-module.ts';
import type { LambdaInvoker } from './lambda/invoker.ts';
import { checkNoCollision, docsPaths, issuerPaths } from './own-paths.ts';
import { startWatchMode, type ReloadEntry, type WatchMode, type WatchOptions } from './reload/dev-loop.ts';
import { join } from 'node:path';
import { defaultDataDirectory, defaultWatchOptions, docsPagePath, handlerBundlePath, stateFileName } from './paths.ts';
import { stageEnvText, writeStageEnv } from './stage-env.ts';
import { ensureTables, localDynamoDBClient, localTableNames, readDeclaredTables, type TableNames } from './table.ts';
import { stopWhenOrphaned } from './watchdog.ts';

export interface LocalStageOptions {
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** Keep nothing: DynamoDB Local in memory. */
  inMemory?: boolean;
  /** Where DynamoDB Local keeps its file when not in memory; default `.local/dynamodb` in the repository. */
  dataDirectory?: string;
  /** Tables by resource name; a resource left out gets `<resource>-local` (`items-local`). */
  tableNames?: TableNames;
  /** Overrides every integration's `timeoutInMillis` from the body. */
  integrationTimeoutMs?: number;
  /**
   * Serve under `/<stage>`, exactly as an execute-api URL does: the stage is in every URL and in
   * `requestContext.path` and `requestContext.stage`, not in the event's `path`. Default: at `/`, as behind a custom
   * domain without base path (`requestContext.stage` is then `local`).
   */
  stage?: string;
  /** Concurrent function invocations (Lambda execution environments); default the CPU count, 2 to 8. */
  maxConcurrency?: number;
  /**
   * Watch mode: build the handler from its sources and rebuild it on change, regenerate and reload the contract on
   * change (see docs/local-stage.md, Watch mode). Default off: the built bundle (`nx run handler:build`) and the
   * generated body, as they were at start.
   */
  watch?: boolean | Partial<WatchOptions>;
  /**
   * `contract` (default): each operation on the integration the contract declares (the Lambda, or DynamoDB directly);
   * `lambda`: every operation on the Lambda.
   */
  integrations?: IntegrationsMode;
  /** How the function runs: `workers` (default) or `in-process` (see function.ts). */
  invoker?: InvokerKind;
  /** Where watch mode notes each reload; default a JSON line on stdout, the error also on stderr. */
  onReload?: (entry: ReloadEntry) => void;
  /** Where access log lines go; default one JSON line per request on stdout. */
  accessLog?: (entry: AccessLogEntry) => void;
  /** Where the function's own logs go; default stderr. */
  functionLogStream?: NodeJS.WritableStream;
  /** The handler's LOG_LEVEL; default WARN, so stdout reads as an access log. */
  logLevel?: string;
  /** Record a persisted stage in `<data dir>/local-stage.json` for `seed` and `reset`; default true. */
  writeStateFile?: boolean;
  /**
   * Write the stage's URLs and credentials here (mode 0600; see stage-env.ts), removed on stop. Default: no file
   * (`local-stage serve` writes `.local/stage.env`).
   */
  stageEnvPath?: string;
  /**
   * Replaces the contract's usage plans (`x-api-key-usage-plans`), e.g. for a benchmark that must not be throttled;
   * every plan a local client is on (src/local-clients.ts) must be given. Default: the contract's.
   */
  usagePlans?: Readonly<Record<string, DeclaredUsagePlan>>;
}

export interface LocalStage {
  /** The API's base URL: `http://localhost:3000`, or `http://localhost:3000/dev` with `stage: 'dev'`. */
  url: string;
  docsUrl: string;
  port: number;
  /** Each resource's table on DynamoDB Local (in watch mode, of the contract as last reloaded). */
  readonly tableNames: TableNames;
  dynamodb: { endpoint: string; pid: number; dataDirectory: string | null };
  /** The local clients' credentials (random per start) and where to get a token: the full-access one and `reader`. */
  credentials: StageCredentials;
  /** What the gateway enforces: a side gateway on this stage (side-gateway.ts) takes it, so tokens and keys work there. */
  access: GatewayAccess;
  /** The credentials file written (`stageEnvPath`), or null. */
  stageEnvPath: string | null;
  /** Stops the server, the function workers and DynamoDB Local. Safe to call twice. */
  stop(): Promise<void>;
}

/** What `<data dir>/local-stage.json` holds while a persisted stage runs. */
export interface StageState {
  pid: number;
  url: string;
  dynamodbEndpoint: string;
  dynamodbPid: number;
  /** Where the stage wrote its credentials (`seed` reads them), or null: the file holds the secrets, this does not. */
  stageEnvPath: string | null;
}

/**
 * One worker per core (2 to 8): more only compete for CPU with DynamoDB Local (see docs/local-stage.md, Performance),
 * and at least 2 so one slow invocation does not hold up the rest.
 */
export function defaultConcurrency(): number {
  return Math.min(8, Math.max(2, availableParallelism()));
}

/** A failure with a message meant for the user as is (no stack trace). */
export class StageError extends Error {
  override name = 'StageError';
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new StageError(
              `Port ${port} is already in use on ${host}. Stop what uses it or pick another one: --port <n> (or PORT=<n>).`,
            )
          : error.code === 'EACCES'
            ? new StageError(`Not allowed to listen on port ${port}; pick a port above 1023 with --port <n>.`)
            : error,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.removeListener('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function docsListener(html: Buffer): RequestListener {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('Method not allowed\n');
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': html.length,
      'Cache-Control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : html);
  };
}

/** Watch mode's default note of a reload: a line in the access log, and the error where errors go. */
function logReload(entry: ReloadEntry): void {
  process.stdout.write(`${JSON.stringify(entry)}\n`);
  if (entry.error !== undefined)
    process.stderr.write(`${entry.reload} reload failed, still serving the last good version:\n${entry.error}\n`);
}

/** API Gateway's rule for stage names: letters, digits, `-` and `_`, at most 128. */
const stageName = /^[A-Za-z0-9_-]{1,128}$/;

export async function startLocalStage(options: LocalStageOptions = {}): Promise<LocalStage> {
  const host = options.host ?? '127.0.0.1';
  if (options.stage !== undefined && !stageName.test(options.stage)) {
    throw new StageError(`A stage name is 1 to 128 letters, digits, - or _; "${options.stage}" is not one.`);
  }
  const basePath = options.stage === undefined ? '' : `/${options.stage}`;
  const watch = options.watch
    ? { ...defaultWatchOptions, ...(options.watch === true ? {} : options.watch) }
    : undefined;
  if (watch && (options.invoker ?? 'workers') === 'in-process' && !vmModulesAvailable) {
    throw new StageError(`Watch mode reloads the in-process function: ${vmModulesNeeded}.`);
  }
  if (!watch && !existsSync(handlerBundlePath)) {
    throw new StageError(
      `The handler bundle is not built (${handlerBundlePath}). Run \`npx nx run handler:build\`, or start the stage with \`npm start\`, which builds it.`,
    );
  }
  const docsHtml = await readFile(docsPagePath).catch(() => {
    throw new StageError(
      `The docs site is not built (${docsPagePath}). Run \`npx nx run openapi:build\`, or start the stage with \`npm start\`, which builds it.`,
    );
  });

  // Bind the port first: a port in use is the most common failure and needs no Java to report.
  let ready: Gateway | undefined;
  // Watch mode replaces it when the contract changes.
  let serveDocs = docsListener(docsHtml);
  // Set once the contract's access declarations are read, with the API.
  let stageAccess: StageAccess | undefined;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (docsPaths.includes(path)) serveDocs(req, res);
    else if (issuerPaths.includes(path) && stageAccess) stageAccess.issuer.handle(req, res);
    else if (ready) ready(req, res);
    else res.writeHead(503, { 'Content-Type': 'text/plain', 'Retry-After': '1' }).end('The local stage is starting\n');
  });
  // A request Node's parser refuses (a head over its 16 KiB, a malformed header line, Transfer-Encoding with
  // Content-Length) gets the gateway's problem+json, not Node's bare 400 or 431.
  server.on('clientError', (error: Error & { code?: string }, socket) =>
    ready ? ready.clientError(error, socket) : socket.destroy(),
  );
  server.keepAliveTimeout = 5_000;
  const port = await listen(server, options.port ?? 3000, host);

  const cleanups: (() => Promise<void>)[] = [
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  ];
  const runCleanups = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };

  try {
    const dataDirectory = options.inMemory ? null : (options.dataDirectory ?? defaultDataDirectory);
    if (dataDirectory !== null) mkdirSync(dataDirectory, { recursive: true });
    let dynamodb: DynamoDBLocal;
    try {
      dynamodb = await startDynamoDBLocal(dataDirectory === null ? { inMemory: true } : { dbPath: dataDirectory });
    } catch (error) {
      throw new StageError(error instanceof Error ? error.message : String(error));
    }
    cleanups.push(() => dynamodb.stop());
    const endWatch = stopWhenOrphaned(dynamodb.pid);
    cleanups.push(() => Promise.resolve(endWatch()));

    // A table per resource of the contract as generated: at start, and in watch mode on every reload, so a resource
    // added to the contract gets its table and its place in the function's TABLE_NAMES without a restart.
    const generatedDirectory = (watch ?? defaultWatchOptions).generatedDirectory;
    let tableNames: TableNames = {};
    const syncTables = async (directory: string): Promise<TableNames> => {
      const declared = await readDeclaredTables(directory);
      const names = localTableNames(options.tableNames, Object.keys(declared));
      const client = localDynamoDBClient(dynamodb.endpoint);
      try {
        await ensureTables(client, declared, names);
      } finally {
        client.destroy();
      }
      return (tableNames = names);
    };
    await syncTables(generatedDirectory).catch((error: unknown) => {
      throw new StageError(`The tables cannot be set up: ${error instanceof Error ? error.message : String(error)}`);
    });

    const functionOptions = {
      invoker: options.invoker ?? 'workers',
      maxConcurrency: options.maxConcurrency ?? defaultConcurrency(),
      logStream: options.functionLogStream ?? process.stderr,
      environment: functionEnvironment(tableNames, dynamodb.endpoint, options.logLevel),
    } as const;
    /** The function on the tables of the contract it was built from (watch mode: as generated now). */
    const startFunction = async (bundlePath: string) => {
      const names = watch ? await syncTables(generatedDirectory) : tableNames;
      const environment = { ...functionOptions.environment, TABLE_NAMES: JSON.stringify(names) };
      return startInvoker(bundlePath, { ...functionOptions, environment });
    };
    const onReload = options.onReload ?? logReload;
    // Set once the gateway exists: a contract reload replaces it.
    let serveApi: (api: RestApi) => void = () => {};
    let invoker: LambdaInvoker;
    let api: RestApi;
    let watchMode: WatchMode | undefined;
    const sourceOf = (directory: string, contractPath: string, names: TableNames) => ({
      integrations: options.integrations ?? 'contract',
      generatedDirectory: directory,
      contractPath,
      tableNames: names,
    });
    try {
      if (watch) {
        watchMode = await startWatchMode({
          watch,
          startInvoker: startFunction,
          setApi: (next) => serveApi(next),
          setDocs: (html) => (serveDocs = docsListener(html)),
          loadApi: async (directory) =>
            loadStageApi(sourceOf(directory, watch.contractPath, await syncTables(directory))),
          onReload,
        });
        ({ invoker, api } = watchMode);
      } else {
        // The API first: it needs no function, and a body the gateway refuses then leaves no function running.
        api = await loadStageApi(
          sourceOf(defaultWatchOptions.generatedDirectory, defaultWatchOptions.contractPath, tableNames),
        ).catch((error: unknown) => {
          throw new StageError(`The API cannot be served: ${error instanceof Error ? error.message : String(error)}`);
        });
        invoker = await startFunction(handlerBundlePath);
      }
    } catch (error) {
      if (error instanceof StageError) throw error;
      throw new StageError(
        `The handler bundle or the API failed to load: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    cleanups.push(() => invoker.close());
    const stopWatching = watchMode?.stop.bind(watchMode);
    if (stopWatching) cleanups.push(stopWatching);

    const origin = `http://${host === '127.0.0.1' || host === '::1' || host === '0.0.0.0' ? 'localhost' : host}:${port}`;
    const url = origin + basePath;
    // Built once from the API at start: a contract reload keeps the clients, keys and usage counts (and follows the
    // contract's scopes, serveApi below).
    const access = await createStageAccess({
      origin,
      access: accessDeclarationsOf(api.declarations),
      ...(options.usagePlans !== undefined && { usagePlans: options.usagePlans }),
    }).catch((error: unknown) => {
      throw new StageError(
        `Access control cannot be set up: ${error instanceof Error ? error.message : String(error)}`,
      );
    });

    const accessLog =
      options.accessLog ?? ((entry: AccessLogEntry) => process.stdout.write(`${JSON.stringify(entry)}\n`));
    const gatewayFor = (api: RestApi) => {
      checkNoCollision(api, basePath);
      return createGateway({
        api,
        invoker,
        accessLog,
        access: access.gateway,
        basePath,
        dynamodb: { url: dynamodb.endpoint, region: localRegion, credentials: localCredentials },
        ...(options.stage !== undefined && { stage: options.stage }),
        ...(options.integrationTimeoutMs !== undefined && { integrationTimeoutMs: options.integrationTimeoutMs }),
      });
    };
    stageAccess = access;
    try {
      ready = gatewayFor(api);
    } catch (error) {
      throw new StageError(`The API cannot be served: ${error instanceof Error ? error.message : String(error)}`);
    }
    serveApi = (next) => {
      // Before the gateway: a new resource's operations are served once its scopes can be granted.
      access.follow(accessDeclarationsOf(next.declarations));
      ready = gatewayFor(next);
    };

    const stageEnvPath = options.stageEnvPath ?? null;
    if (stageEnvPath !== null) {
      const removeStageEnv = await writeStageEnv(stageEnvPath, stageEnvText(url, access.credentials)).catch(
        (error: NodeJS.ErrnoException) => {
          throw new StageError(
            `Cannot write the credentials file ${stageEnvPath}: ${error.code ?? error.message} (--stage-env <file> elsewhere, or --no-stage-env)`,
          );
        },
      );
      cleanups.push(removeStageEnv);
    }
    if (options.writeStateFile !== false && dataDirectory !== null) {
      const stateFile = join(dataDirectory, stateFileName);
      const state: StageState = {
        pid: process.pid,
        url,
        dynamodbEndpoint: dynamodb.endpoint,
        dynamodbPid: dynamodb.pid,
        stageEnvPath,
      };
      await writeFile(stateFile, `${JSON.stringify(state, null, 2)}\n`);
      cleanups.push(() => rm(stateFile, { force: true }));
    }

    let stopping: Promise<void> | undefined;
    return {
      url,
      docsUrl: `${origin}/docs`,
      port,
      get tableNames() {
        return tableNames;
      },
      dynamodb: { endpoint: dynamodb.endpoint, pid: dynamodb.pid, dataDirectory },
      credentials: access.credentials,
      access: access.gateway,
      stageEnvPath,
      stop: () => (stopping ??= runCleanups()),
    };
  } catch (error) {
    await runCleanups();
    throw error;
  }
}
