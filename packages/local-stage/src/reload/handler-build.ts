/**
 * The handler bundle for watch mode: esbuild's incremental context over the handler's TypeScript sources, with the
 * bundling options of `nx run handler:build` except minification, and a source map that carries the sources, so a
 * debugger shows (and stops in) the TypeScript files.
 */
import { join } from 'node:path';
import { context, type BuildContext, type Message } from 'esbuild';
import { bundleOptions } from '../../../handler/scripts/build.ts';
import { repositoryRoot } from '../paths.ts';

export type BuildOutcome = { ok: true; bundlePath: string } | { ok: false; message: string };

export interface HandlerBuild {
  rebuild(): Promise<BuildOutcome>;
  dispose(): Promise<void>;
}

/** `file:line:column: text` per error, the file relative to the repository root, as editors and terminals link them. */
export function formatMessages(messages: Message[]): string {
  return messages
    .map(({ text, location }) =>
      location ? `${location.file}:${location.line}:${location.column + 1}: ${text}` : text,
    )
    .join('\n');
}

export async function createHandlerBuild(entry: string, outDirectory: string): Promise<HandlerBuild> {
  const bundlePath = join(outDirectory, 'index.mjs');
  const build: BuildContext = await context({
    ...bundleOptions,
    minify: false,
    sourcemap: 'linked',
    sourcesContent: true,
    logLevel: 'silent',
    // Error locations are relative to this directory: the repository root, where the developer's editor is.
    absWorkingDir: repositoryRoot,
    entryPoints: [entry],
    outfile: bundlePath,
  });
  return {
    async rebuild() {
      try {
        const result = await build.rebuild();
        return result.errors.length === 0
          ? { ok: true, bundlePath }
          : { ok: false, message: formatMessages(result.errors) };
      } catch (error) {
        const errors = (error as { errors?: Message[] }).errors;
        return { ok: false, message: errors ? formatMessages(errors) : String(error) };
      }
    },
    dispose: () => build.dispose(),
  };
}
