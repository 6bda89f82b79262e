/**
 * Loads a handler bundle (a self-contained ES module: it imports Node built-ins only) on this thread, once per
 * function instance, in a way that a day of reloads can afford and a debugger can follow:
 *
 * - As a `vm.SourceTextModule` (Node's `--experimental-vm-modules`), not with `import()`: an imported module is
 *   never unloaded (the loader keeps every URL it loaded), so each reload kept the whole previous bundle — about
 *   9 MB of heap a reload, measured in docs/benchmarks.md. A vm module is garbage once its instance is closed.
 * - Not through the process's module loader hooks: tsx's hook rewrites every ES module with a dynamic `import()`
 *   (the AWS SDK's bundle has some) and attaches its own source map, whose only source is `index.mjs`, in place of
 *   the bundle's `index.mjs.map` that lists the TypeScript sources; a debugger then cannot bind a breakpoint in a
 *   `.ts` file. The vm module keeps the bundle's `//# sourceMappingURL` and the bundle's own file URL.
 *
 * Without `--experimental-vm-modules` (the e2e suite's stages, a one-off script), the bundle is imported once with
 * `import()`; watch mode and `--inspect` need the flag (`npm start` passes it).
 */
import { readFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { FunctionInitError } from './worker-invoker.ts';

/** Whether bundles load as vm modules here: Node runs with `--experimental-vm-modules`. */
export const vmModulesAvailable = typeof vm.SourceTextModule === 'function';

/** What to say when a feature needs vm modules and Node runs without them. */
export const vmModulesNeeded =
  'start Node with --experimental-vm-modules (npm start and `nx run local-stage:serve` do), so that each reload of the function is loaded as a vm module that can be freed';

/** Node built-ins as vm modules, one per specifier: every bundle generation links to the same ones. */
const builtins = new Map<string, Promise<vm.Module>>();

function builtinModule(specifier: string, bundlePath: string): Promise<vm.Module> {
  if (!isBuiltin(specifier)) {
    return Promise.reject(
      new FunctionInitError(
        `${bundlePath} imports "${specifier}": the local stage runs a self-contained bundle, which imports Node built-ins only`,
      ),
    );
  }
  let module = builtins.get(specifier);
  if (!module) {
    module = (async () => {
      const namespace = (await import(specifier)) as Record<string, unknown>;
      const names = Object.keys(namespace);
      const synthetic = new vm.SyntheticModule(
        names,
        function exportAll() {
          for (const name of names) this.setExport(name, namespace[name]);
        },
        { identifier: specifier },
      );
      await synthetic.link(() => {
        throw new Error('a built-in has no imports');
      });
      await synthetic.evaluate();
      return synthetic;
    })();
    builtins.set(specifier, module);
  }
  return module;
}

let compilationCacheOff = false;
let imports = 0;

/**
 * V8 keeps the code it compiled for each distinct source text in its compilation cache until memory runs short;
 * every rebuilt bundle is a new text, so each reload would keep its code in that cache for a long time. Nothing
 * on the stage compiles the same text twice, so the cache buys nothing here.
 */
function turnCompilationCacheOff(): void {
  if (compilationCacheOff) return;
  v8.setFlagsFromString('--no-compilation-cache');
  compilationCacheOff = true;
}

/** The bundle's exports, evaluated (its top-level code run) on this thread. */
export async function loadBundleModule(bundlePath: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(bundlePath).href;
  // A new URL per load: the loader caches modules by URL, and a rebuilt bundle must run its new code.
  if (!vmModulesAvailable) return (await import(`${url}?load=${++imports}`)) as Record<string, unknown>;
  turnCompilationCacheOff();
  const source = await readFile(bundlePath, 'utf8');
  // One URL for every generation: a debugger's breakpoint set by URL binds again in each reloaded bundle, and the
  // relative `//# sourceMappingURL` resolves next to the file.
  const module = new vm.SourceTextModule(source, {
    identifier: url,
    initializeImportMeta: (meta) => {
      meta.url = url;
    },
    importModuleDynamically: (specifier: string) => builtinModule(specifier, bundlePath),
  });
  await module.link((specifier) => builtinModule(specifier, bundlePath));
  await module.evaluate();
  return module.namespace as Record<string, unknown>;
}
