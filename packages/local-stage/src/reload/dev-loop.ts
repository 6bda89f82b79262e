/**
 * Watch mode: a save of a handler source rebuilds the bundle (incrementally) and the next invocation runs it; a
 * save of the contract regenerates its artifacts, the gateway serves the new body (routes, validators,
 * integrations) and /docs the new page. A build or generation error keeps the last good version serving. DynamoDB
 * Local is not touched.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generate } from '@items-api/openapi/generate';
import type { LambdaInvoker } from '../lambda/invoker.ts';
import { createSwappableInvoker, type SwappableInvoker } from '../lambda/swappable-invoker.ts';
import type { RestApi } from '../gateway/rest-api.ts';
import { buildDocsPage } from './docs-build.ts';
import { createHandlerBuild } from './handler-build.ts';
import { watchPaths } from './watch-paths.ts';
import type { WatchOptions } from './watch-options.ts';

export type { WatchOptions } from './watch-options.ts';

/** One line of the access log per reload. */
export interface ReloadEntry {
  reload: 'handler' | 'contract';
  ok: boolean;
  /** From the change settling to the new version serving (or the error). */
  ms: number;
  /** The build or generation error, with file and line; the last good version keeps serving. */
  error?: string;
}

/** Runs `task` one at a time; calls while it runs collapse into one more run after it. */
function serialized(task: () => Promise<void>): () => void {
  let running: Promise<void> | undefined;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = task().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        run();
      }
    });
  };
  return run;
}

export interface WatchModeOptions {
  watch: WatchOptions;
  /** A loaded (warm) invoker for a built bundle; throws when the bundle fails to load. */
  startInvoker(bundlePath: string): Promise<LambdaInvoker>;
  /** Serve this API from the next request on. */
  setApi(api: RestApi): void;
  /** Serve this docs page (the HTML) from the next request on. */
  setDocs(html: Buffer): void;
  /** Loads the API once the contract is generated into `generatedDirectory`. */
  loadApi: (generatedDirectory: string) => Promise<RestApi>;
  onReload(entry: ReloadEntry): void;
}

export interface WatchMode {
  /** The function, whichever build is current. */
  invoker: LambdaInvoker;
  /** The API as generated when watch mode started. */
  api: RestApi;
  stop(): Promise<void>;
}

/** The first build and API (a failure here fails the start), then a reload per change. */
export async function startWatchMode(options: WatchModeOptions): Promise<WatchMode> {
  const { watch } = options;
  const { loadApi } = options;
  const build = await createHandlerBuild(watch.handlerEntry, watch.buildDirectory);
  let invoker: SwappableInvoker;
  let api: RestApi;
  try {
    const first = await build.rebuild();
    if (!first.ok) throw new Error(`The handler does not build:\n${first.message}`);
    invoker = createSwappableInvoker(await options.startInvoker(first.bundlePath));
    api = await loadApi(watch.generatedDirectory);
  } catch (error) {
    await build.dispose();
    throw error;
  }

  const timed = async (reload: ReloadEntry['reload'], step: () => Promise<string | undefined>) => {
    const started = performance.now();
    const error = await step().catch((failure: unknown) =>
      failure instanceof Error ? failure.message : String(failure),
    );
    const ms = Math.round(performance.now() - started);
    options.onReload(error === undefined ? { reload, ok: true, ms } : { reload, ok: false, ms, error });
  };
  const reloadHandler = serialized(() =>
    timed('handler', async () => {
      const built = await build.rebuild();
      if (!built.ok) return built.message;
      invoker.swap(await options.startInvoker(built.bundlePath));
      return undefined;
    }),
  );
  const reloadContract = serialized(() =>
    timed('contract', async () => {
      await generate(watch.generatedDirectory, watch.contractPath);
      options.setApi(await loadApi(watch.generatedDirectory));
      options.setDocs(await buildDocsPage(watch.contractPath, join(watch.buildDirectory, 'docs', 'index.html')));
      return undefined;
    }),
  );
  const watchFailed = (reload: ReloadEntry['reload']) => (error: Error) =>
    options.onReload({ reload, ok: false, ms: 0, error: `Watching failed: ${error.message}` });
  const watchers = [
    watchPaths(watch.handlerSources, reloadHandler, watchFailed('handler')),
    watchPaths([watch.contractPath], reloadContract, watchFailed('contract')),
  ];
  await Promise.all(watchers.map((watcher) => watcher.ready));
  return {
    invoker,
    api,
    async stop() {
      await Promise.all(watchers.map((watcher) => watcher.close()));
      await build.dispose();
    },
  };
}
