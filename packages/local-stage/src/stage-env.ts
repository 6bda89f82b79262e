/**
 * `.local/stage.env`: how a client reaches this stage — base URL, token URL, the clients' IDs and secrets and their
 * API keys — as `KEY=value` lines that `set -a; . .local/stage.env; set +a`, the e2e suite, the bench and the seed
 * command read. A deployed env's file (`npm run stage-env`) has the same variables. Readable by its owner only.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatStageEnv } from '@items-api/client';
import type { StageCredentials } from './access.ts';

/** The file's text: the client's `formatStageEnv` over the stage's URL and its two clients. */
export function stageEnvText(baseUrl: string, credentials: StageCredentials): string {
  const { tokenUrl, clientId, clientSecret, apiKey, reader } = credentials;
  return formatStageEnv({ baseUrl, tokenUrl, roles: { default: { clientId, clientSecret, apiKey }, reader } });
}

/**
 * Writes `text` to `path` with mode 0600 and returns what removes it again. A file already there is replaced, not
 * rewritten, since rewriting keeps its old (maybe wider) mode. The remover leaves a file another stage has
 * rewritten since.
 */
export async function writeStageEnv(path: string, text: string): Promise<() => Promise<void>> {
  await mkdir(dirname(path), { recursive: true });
  await rm(path, { force: true });
  await writeFile(path, text, { mode: 0o600, flag: 'wx' });
  return async () => {
    const current = await readFile(path, 'utf8').catch(() => undefined);
    if (current === text) await rm(path, { force: true });
  };
}
