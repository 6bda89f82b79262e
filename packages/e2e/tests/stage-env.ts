/**
 * Where the suite finds a stage's URLs and credentials (the `ITEMS_API_*` variables): for a stage it was pointed
 * at (`ITEMS_API_BASE_URL` set), the environment, e.g. after `set -a; . .local/stage.env; set +a` or
 * `npm run stage-env -- --env dev`; for each local stage Playwright starts, the file that stage writes
 * (`--stage-env`), one per port.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseStageEnv } from '@items-api/client';

/** The stage the suite was pointed at, or undefined when Playwright starts local stages. */
export const externalBaseUrl = process.env.ITEMS_API_BASE_URL?.trim() || undefined;

/** Where the local stages write their credentials: under test-results, which git ignores. */
export const stageEnvDirectory = fileURLToPath(new URL('../test-results/stage-env/', import.meta.url));

/** The credentials file of the local stage on `port`. */
export const stageEnvFile = (port: string | number) => `${stageEnvDirectory}stage-${port}.env`;

/** A local stage writes its file while it starts: wait this long for it after its /health answered. */
const fileWaitMs = 15_000;

async function readWhenWritten(file: string): Promise<string> {
  const deadline = Date.now() + fileWaitMs;
  for (;;) {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || Date.now() > deadline)
        throw new Error(`the local stage's credentials file ${file} cannot be read`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The `ITEMS_API_*` variables of the stage at `baseURL`. */
export async function stageVariables(baseURL: string): Promise<Record<string, string | undefined>> {
  if (externalBaseUrl) return process.env;
  return parseStageEnv(await readWhenWritten(stageEnvFile(new URL(baseURL).port)));
}
