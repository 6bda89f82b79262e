/**
 * The e2e suite runs unchanged against any stage:
 *   - API_BASE_URL set (e.g. https://<id>.execute-api.<region>.amazonaws.com/<stage>): that stage;
 *   - unset: Playwright starts a fresh in-memory local stage on a free port (webServer) and stops it afterwards.
 * No browser is downloaded: the docs test drives Debian's /usr/bin/chromium (.ci/install.d/20-chromium.sh).
 */
import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

const external = process.env.API_BASE_URL?.trim() || undefined;

// The config is evaluated again in every worker process: pick the port once and hand it down through the env.
if (!external && !process.env.E2E_LOCAL_STAGE_PORT) {
  process.env.E2E_LOCAL_STAGE_PORT = execFileSync(process.execPath, [
    '-e',
    "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { process.stdout.write(String(s.address().port)); s.close(); });",
  ]).toString();
}
const localPort = process.env.E2E_LOCAL_STAGE_PORT;
// A trailing slash, so relative request paths keep a stage prefix such as /dev.
const baseURL = `${(external ?? `http://127.0.0.1:${localPort}`).replace(/\/+$/, '')}/`;

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

export default defineConfig({
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
    : {
        command: `node --import tsx ../local-stage/src/cli.ts serve --in-memory --port ${localPort}`,
        url: `${baseURL}health`,
        reuseExistingServer: false,
        timeout: 120_000,
        stdout: 'ignore',
        stderr: 'pipe',
        gracefulShutdown: { signal: 'SIGINT', timeout: 15_000 },
      },
});
