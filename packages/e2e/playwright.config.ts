/**
 * The e2e suite runs unchanged against any stage:
 *   - ITEMS_API_BASE_URL set (e.g. https://<id>.execute-api.<region>.amazonaws.com/<stage>): that stage, with the
 *     credentials of the other ITEMS_API_* variables (`set -a; . .local/stage.env; set +a`, or the file
 *     `npm run stage-env -- --env dev` writes);
 *   - unset: Playwright starts fresh in-memory local stages on free ports (webServer) and stops them afterwards,
 *     in both deployment shapes: served at `/` (project `api`, like a custom domain without base path) and under
 *     a stage path `/dev` (project `api-under-stage`, like an execute-api URL), where the specs about URLs run again;
 *     and the whole API suite once more on a stage with every operation on the Lambda (project `api-all-lambda`,
 *     `--integrations lambda`), so the operations the contract serves directly from DynamoDB are proven both ways.
 *     Each local stage writes its credentials to its own file (`--stage-env`, see tests/stage-env.ts).
 * No browser is downloaded: the docs test drives Debian's /usr/bin/chromium (.ci/install.d/20-chromium.sh).
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import type { StageOptions } from './tests/support.ts';
import { externalBaseUrl as external, stageEnvDirectory, stageEnvFile } from './tests/stage-env.ts';

/** A free port on loopback. */
const freePort = () =>
  execFileSync(process.execPath, [
    '-e',
    "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { process.stdout.write(String(s.address().port)); s.close(); });",
  ]).toString();

// The config is evaluated again in every worker process: pick the ports once and hand them down through the env.
if (!external && !process.env.E2E_LOCAL_STAGE_PORT) {
  process.env.E2E_LOCAL_STAGE_PORT = freePort();
  process.env.E2E_STAGED_STAGE_PORT = freePort();
  process.env.E2E_ALL_LAMBDA_STAGE_PORT = freePort();
  // No credentials of an earlier run: each stage writes its file as it starts.
  rmSync(stageEnvDirectory, { recursive: true, force: true });
}
const localPort = process.env.E2E_LOCAL_STAGE_PORT ?? '';
const stagedPort = process.env.E2E_STAGED_STAGE_PORT ?? '';
const allLambdaPort = process.env.E2E_ALL_LAMBDA_STAGE_PORT ?? '';
/** The stage path of the second local stage, as on an execute-api URL. */
const stagePath = 'dev';
// A trailing slash, so relative request paths keep a stage prefix such as /dev.
const baseURL = `${(external ?? `http://127.0.0.1:${localPort}`).replace(/\/+$/, '')}/`;
const stagedBaseURL = `http://127.0.0.1:${stagedPort}/${stagePath}/`;
const allLambdaBaseURL = `http://127.0.0.1:${allLambdaPort}/`;

/** A fresh in-memory local stage for the suite, writing its credentials file; `extra` are further `serve` options. */
const localStage = (port: string, url: string, extra: string[] = []) => ({
  command: [
    'node --import tsx ../local-stage/src/cli.ts serve --in-memory --no-watch --port',
    port,
    '--stage-env',
    JSON.stringify(stageEnvFile(port)),
    ...extra,
  ].join(' '),
  url: `${url}health`,
  reuseExistingServer: false,
  timeout: 120_000,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
  gracefulShutdown: { signal: 'SIGINT' as const, timeout: 15_000 },
});

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig<StageOptions>({
  testDir: './tests',
  outputDir: './test-results/artifacts',
  reporter: [['list']],
  // Two cores on CI; the suite is I/O bound and every test owns its data, so two workers in parallel.
  workers: 2,
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  use: { baseURL },
  projects: [
    { name: 'api', testIgnore: /docs\.spec\.ts/ },
    // The specs about URLs again, on the local stage served under /dev (a deployed stage is one shape already).
    ...(external
      ? []
      : [
          { name: 'api-under-stage', testMatch: /(location|operations)\.spec\.ts/, use: { baseURL: stagedBaseURL } },
          {
            name: 'api-all-lambda',
            testIgnore: /docs\.spec\.ts/,
            use: { baseURL: allLambdaBaseURL, allOnLambda: true },
          },
        ]),
    {
      name: 'docs',
      testMatch: /docs\.spec\.ts/,
      use: {
        browserName: 'chromium',
        headless: true,
        // Playwright launches every browser with a fresh, temporary user-data-dir.
        launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
      },
    },
  ],
  webServer: external
    ? undefined
    : [
        localStage(localPort, baseURL),
        localStage(stagedPort, stagedBaseURL, ['--stage', stagePath]),
        localStage(allLambdaPort, allLambdaBaseURL, ['--integrations', 'lambda']),
      ],
});
