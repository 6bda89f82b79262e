/**
 * serverless-offline (with the Serverless Framework v3 it needs) serving the same handler bundle on the same
 * DynamoDB Local, as a peer of the local stage.
 *
 * Why not a workspace dependency: serverless-offline 14 requires Serverless Framework v4, whose npm package
 * downloads the framework from serverless.com at first run and needs a login — impossible here. v3 (3.40.0,
 * end of life) with serverless-offline 13.10.1 installs from npm alone, but brings 462 packages (279 MB, the
 * maintenance-mode aws-sdk v2 among them) that no product code needs, so it is installed on demand into
 * `.local/bench/serverless-offline` (git-ignored) by `--serverless-offline=install`, never into the lock file
 * every `npm ci` installs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort, localCredentials, localRegion } from '@items-api/dynamodb-local';
import type { ResourceName } from '@items-api/openapi/operations';
import { bundlePath } from '../../handler/scripts/build.ts';

export const serverlessVersions = { serverless: '3.40.0', 'serverless-offline': '13.10.1' } as const;
export const defaultInstallDir = fileURLToPath(new URL('../../../.local/bench/serverless-offline', import.meta.url));

const cli = (dir: string) => join(dir, 'node_modules', 'serverless', 'bin', 'serverless.js');

export function isInstalled(dir: string): boolean {
  return existsSync(cli(dir)) && existsSync(join(dir, 'node_modules', 'serverless-offline', 'package.json'));
}

/** Installs the pinned versions into `dir` with npm (the registry only; nothing else is downloaded). */
export function install(dir: string, log: (line: string) => void): void {
  if (isInstalled(dir)) return;
  log(
    `installing serverless@${serverlessVersions.serverless} serverless-offline@${serverlessVersions['serverless-offline']} into ${dir}`,
  );
  spawnSync('mkdir', ['-p', dir]);
  const result = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      dir,
      '--no-audit',
      '--no-fund',
      '--no-save',
      ...Object.entries(serverlessVersions).map(([name, version]) => `${name}@${version}`),
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status !== 0 || !isInstalled(dir))
    throw new Error(`npm could not install serverless-offline into ${dir} (exit ${result.status})`);
}

export interface ServerlessOffline {
  url: string;
  stop(): Promise<void>;
}

/** Starts `serverless offline` serving the handler bundle's GET and PUT /items/{id}; resolves once it is ready. */
export async function startServerlessOffline(options: {
  dir: string;
  tableNames: Readonly<Partial<Record<ResourceName, string>>>;
  dynamodbEndpoint: string;
}): Promise<ServerlessOffline> {
  const service = await mkdtemp(join(tmpdir(), 'items-sls-'));
  await mkdir(service, { recursive: true });
  await copyFile(bundlePath, join(service, 'index.mjs'));
  const [httpPort, lambdaPort] = [await findFreePort(), await findFreePort()];
  await writeFile(
    join(service, 'serverless.yml'),
    [
      'service: items-api-bench',
      "frameworkVersion: '3'",
      'provider:',
      '  name: aws',
      '  runtime: nodejs20.x',
      '  region: us-east-1',
      // serverless-offline gives the function only the environment declared here, not its own.
      '  environment:',
      `    TABLE_NAMES: ${JSON.stringify(JSON.stringify(options.tableNames))}`,
      `    DYNAMODB_ENDPOINT: ${JSON.stringify(options.dynamodbEndpoint)}`,
      `    CURSOR_SIGNING_KEY: ${JSON.stringify(randomBytes(32).toString('base64url'))}`,
      `    AWS_ACCESS_KEY_ID: ${JSON.stringify(localCredentials.accessKeyId)}`,
      `    AWS_SECRET_ACCESS_KEY: ${JSON.stringify(localCredentials.secretAccessKey)}`,
      // The same log level as the local stage's function, so neither pays for more log lines than the other.
      '    LOG_LEVEL: WARN',
      "    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'",
      'functions:',
      '  api:',
      '    handler: index.handler',
      '    events:',
      "      - http: { path: 'items/{id}', method: get }",
      "      - http: { path: 'items/{id}', method: put }",
      'plugins:',
      '  - serverless-offline',
      'custom:',
      '  serverless-offline:',
      `    httpPort: ${httpPort}`,
      `    lambdaPort: ${lambdaPort}`,
      '    host: 127.0.0.1',
      '    noPrependStageInUrl: true',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(process.execPath, [cli(options.dir), 'offline', 'start'], {
    cwd: service,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_PATH: join(options.dir, 'node_modules'),
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_REGION: localRegion,
    },
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(service, { recursive: true, force: true });
  };
  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`serverless offline did not start within 60 s:\n${output.slice(-2000)}`)),
        60_000,
      );
      const onData = (chunk: Buffer) => {
        if (process.env.BENCH_SLS_DEBUG) process.stderr.write(chunk);
        output = (output + chunk.toString()).slice(-20_000);
        if (output.includes('Server ready')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`serverless offline exited (${code}):\n${output.slice(-2000)}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  // Keep draining its output (lines per request) so the pipe never fills, without keeping it.
  if (!process.env.BENCH_SLS_DEBUG) {
    child.stdout?.removeAllListeners('data');
    child.stderr?.removeAllListeners('data');
  }
  child.stdout?.resume();
  child.stderr?.resume();
  return { url: `http://127.0.0.1:${httpPort}`, stop };
}
