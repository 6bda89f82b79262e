/** Where the local stage finds the build outputs it serves and keeps its data, relative to the repository. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { WatchOptions } from './reload/watch-options.ts';

export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The handler bundle, as zipped for Lambda (`npx nx run handler:build`). LOCAL_STAGE_HANDLER_BUNDLE runs another
 * build of the function instead (e.g. the index.mjs of a release zip).
 */
export const handlerBundlePath =
  process.env.LOCAL_STAGE_HANDLER_BUNDLE || join(repositoryRoot, 'packages/handler/dist/lambda/index.mjs');

/** The self-contained Redoc page (`npx nx run openapi:build`). */
export const docsPagePath = join(repositoryRoot, 'openapi/dist/docs/index.html');

/** Git-ignored (`.local/` in .gitignore). */
export const localDirectory = join(repositoryRoot, '.local');
export const defaultDataDirectory = join(localDirectory, 'dynamodb');

/** Where `serve` writes the stage's URLs and credentials (`--stage-env`), read by `seed`, the e2e suite and the bench. */
export const defaultStageEnvPath = join(localDirectory, 'stage.env');

/** Written in the data directory while a persisted stage runs, so `seed` and `reset` find it. */
export const stateFileName = 'local-stage.json';

/** Watch mode's sources and outputs: the repository's own (tests and benchmarks point at copies). */
export const defaultWatchOptions: WatchOptions = {
  handlerEntry: join(repositoryRoot, 'packages/handler/src/index.ts'),
  handlerSources: [join(repositoryRoot, 'packages/handler/src'), join(repositoryRoot, 'openapi/generated')],
  contractPath: join(repositoryRoot, 'openapi/openapi.yaml'),
  generatedDirectory: join(repositoryRoot, 'openapi/generated'),
  buildDirectory: join(localDirectory, 'handler-build'),
};
