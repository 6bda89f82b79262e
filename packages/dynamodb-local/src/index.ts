/**
 * Starts the official DynamoDB Local emulator (the jar shipped in `amplify-dynamodb-simulator`) on a free port
 * and stops it again. Used by the handler's integration tests and by the local stage.
 *
 * The child process is always reaped: `stop()` sends SIGTERM then SIGKILL after a grace period, and every
 * emulator still running when the parent exits (normally or on SIGINT/SIGTERM/SIGHUP) is killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDBLocalOptions {
  /** Keep tables in memory (the default when `dbPath` is not given). */
  inMemory?: boolean;
  /** Directory for the database file; implies `inMemory: false`. Must exist. */
  dbPath?: string;
  /** Port to listen on; a free one is picked when omitted. */
  port?: number;
  /** Interface to bind and to advertise in `endpoint`; default 127.0.0.1. */
  host?: string;
  /** How long to wait for the emulator to answer; default 30 s. */
  startTimeoutMs?: number;
}

export interface DynamoDBLocal {
  /** e.g. `http://127.0.0.1:41234`, to pass as the SDK's `endpoint`. */
  endpoint: string;
  port: number;
  pid: number;
  /** Stops the emulator and resolves once the process has exited. Safe to call twice. */
  stop(): Promise<void>;
}

/** Dummy credentials and region for SDK clients talking to DynamoDB Local (it accepts any). */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const localRegion = 'local';

const stopGraceMs = 5_000;
const running = new Set<ChildProcess>();
let exitHooksInstalled = false;

/** The emulator directory (holding DynamoDBLocal.jar and DynamoDBLocal_lib) inside amplify-dynamodb-simulator. */
export function emulatorDirectory(): string {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve('amplify-dynamodb-simulator/package.json');
  } catch {
    throw new Error('DynamoDB Local: the npm package amplify-dynamodb-simulator is not installed (run `npm ci`).');
  }
  const directory = join(dirname(packageJson), 'emulator');
  if (!existsSync(join(directory, 'DynamoDBLocal.jar'))) {
    throw new Error(
      `DynamoDB Local: ${join(directory, 'DynamoDBLocal.jar')} is missing; reinstall amplify-dynamodb-simulator.`,
    );
  }
  return directory;
}

/** Asks the OS for a port that is free right now on `host`. */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('Could not find a free port'))));
    });
  });
}

function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  const killAll = () => {
    for (const child of running) child.kill('SIGKILL');
    running.clear();
  };
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      killAll();
      // If nobody else handles this signal, keep Node's default behaviour (exit by that signal).
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.once(signal, onSignal);
  }
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopChild(child: ChildProcess): Promise<void> {
  const exited = waitForExit(child);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
    timer.unref();
    await exited;
    clearTimeout(timer);
  }
  running.delete(child);
}

async function answers(endpoint: string): Promise<boolean> {
  const client = new DynamoDBClient({
    endpoint,
    region: localRegion,
    credentials: localCredentials,
    maxAttempts: 1,
    // throwOnRequestTimeout: otherwise a half-started emulator that accepts but never answers would hang the probe.
    requestHandler: { connectionTimeout: 500, requestTimeout: 2_000, throwOnRequestTimeout: true },
  });
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts DynamoDB Local and resolves once it answers a ListTables call. */
export async function startDynamoDBLocal(options: DynamoDBLocalOptions = {}): Promise<DynamoDBLocal> {
  const host = options.host ?? '127.0.0.1';
  const inMemory = options.dbPath === undefined ? options.inMemory !== false : false;
  if (!inMemory && options.dbPath === undefined) {
    throw new Error('DynamoDB Local: inMemory: false needs a dbPath.');
  }
  if (options.dbPath !== undefined && !existsSync(options.dbPath)) {
    throw new Error(`DynamoDB Local: dbPath ${options.dbPath} does not exist.`);
  }
  const emulator = emulatorDirectory();
  const port = options.port ?? (await findFreePort(host));
  // DynamoDB Local does not exit when its port is taken (and another server would answer our readiness probe),
  // so check the port ourselves first.
  if (!(await isPortFree(port, host))) {
    throw new Error(`DynamoDB Local: port ${port} on ${host} is already in use.`);
  }
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const args = [
    `-Djava.library.path=${join(emulator, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(emulator, 'DynamoDBLocal.jar'),
    '-disableTelemetry',
    '-port',
    String(port),
    ...(inMemory ? ['-inMemory'] : ['-dbPath', options.dbPath as string]),
    '-sharedDb',
  ];
  const child = spawn('java', args, { cwd: emulator, stdio: ['ignore', 'pipe', 'pipe'] });
  installExitHooks();
  running.add(child);

  let output = '';
  const collect = (chunk: Buffer) => {
    // Keep the tail only: enough to explain a failed start.
    output = (output + chunk.toString('utf8')).slice(-8_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  // Set by the child's event handlers; an object so the loop below re-reads it after each await.
  const startup: { failure?: Error } = {};
  child.once('error', (error: NodeJS.ErrnoException) => {
    startup.failure =
      error.code === 'ENOENT'
        ? new Error(
            'DynamoDB Local needs Java 17 or later, but `java` is not on the PATH. Install a JRE (e.g. apt-get install openjdk-17-jre-headless).',
          )
        : new Error(`DynamoDB Local could not start java: ${error.message}`);
  });
  child.once('exit', (code, signal) => {
    running.delete(child);
    startup.failure ??= new Error(
      `DynamoDB Local exited during start-up (${signal ?? `exit code ${code}`}) on port ${port}.\n${output.trim()}`,
    );
  });

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    if (startup.failure) throw startup.failure;
    const up = await answers(endpoint);
    // Re-read after the await: the child may have failed meanwhile (TypeScript keeps the narrowing from above).
    const failed = startup.failure as Error | undefined;
    if (failed) throw failed;
    if (up) break;
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(
        `DynamoDB Local did not answer on ${endpoint} within ${options.startTimeoutMs ?? 30_000} ms.\n${output.trim()}`,
      );
    }
    await sleep(100);
  }

  // Past start-up, stop collecting output so a long-running emulator does not hold buffers.
  child.stdout?.removeListener('data', collect);
  child.stderr?.removeListener('data', collect);
  child.stdout?.resume();
  child.stderr?.resume();

  let stopping: Promise<void> | undefined;
  return {
    endpoint,
    port,
    pid: child.pid as number,
    stop: () => (stopping ??= stopChild(child)),
  };
}
