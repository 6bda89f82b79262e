/**
 * `local-stage serve` as a user runs it, for the CLI tests: each stage writes its credentials to a file of the
 * test's own (never the developer's .local/stage.env), and a stage a failed test left running is stopped after it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StageCredentials } from '../../src/access.ts';
import { loopback } from './credentials.ts';
import { childPids, commandOf, runCli, waitFor, type CliRun } from './processes.ts';

/** The variables of a stage.env file. */
export function readStageEnv(path: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** The credentials a stage.env file holds, as `LocalStage.credentials` has them. */
export function credentialsIn(env: Record<string, string>): StageCredentials {
  const [tokenUrl, clientId, clientSecret, apiKey, readerId, readerSecret, readerKey] = [
    'ITEMS_API_TOKEN_URL',
    'ITEMS_API_CLIENT_ID',
    'ITEMS_API_CLIENT_SECRET',
    'ITEMS_API_KEY',
    'ITEMS_API_READER_CLIENT_ID',
    'ITEMS_API_READER_CLIENT_SECRET',
    'ITEMS_API_READER_KEY',
  ].map((name) => env[name] as string) as [string, string, string, string, string, string, string];
  return {
    tokenUrl,
    clientId,
    clientSecret,
    apiKey,
    reader: { clientId: readerId, clientSecret: readerSecret, apiKey: readerKey },
  };
}

export interface Serving {
  run: CliRun;
  url: string;
  javaPid: number;
  stageEnvPath: string | undefined;
}

/** Starts stages in a scratch directory of their own; `stopAll` after each test, `cleanUp` after the file. */
export function serveRunner() {
  const serving: CliRun[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'local-stage-cli-'));
  let stages = 0;
  return {
    startServe: async (
      preload: string[] = [],
      storage = ['--in-memory'],
      stageEnv: string[] = ['--stage-env', join(scratch, `stage-${++stages}.env`)],
    ): Promise<Serving> => {
      const run = runCli(['serve', ...storage, '--port', '0', ...stageEnv], preload);
      serving.push(run);
      const url = await waitFor(
        'the banner',
        () =>
          /API\s+(http:\/\/localhost:\d+)/.exec(run.output())?.[1] ??
          (run.child.exitCode !== null ? `exited: ${run.output()}` : undefined),
      );
      assert.match(url, /^http:/, run.output());
      const javaPid = childPids(run.child.pid as number).find((pid) => commandOf(pid).includes('DynamoDBLocal.jar'));
      assert.ok(javaPid, 'DynamoDB Local runs as a child of the CLI');
      return {
        run,
        url: loopback(url),
        javaPid,
        stageEnvPath: stageEnv[0] === '--stage-env' ? stageEnv[1] : undefined,
      };
    },
    stopAll: async (): Promise<void> => {
      for (const run of serving.splice(0)) {
        if (run.child.exitCode !== null || run.child.signalCode !== null) continue;
        run.child.kill('SIGTERM');
        await run.exited;
      }
    },
    cleanUp: () => rmSync(scratch, { recursive: true, force: true }),
  };
}
