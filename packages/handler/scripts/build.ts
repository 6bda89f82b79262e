/**
 * `nx run handler:build`: bundles the Lambda with esbuild into one minified ESM file with its source map
 * (dist/lambda/index.mjs), then packs both into a deterministic zip (dist/handler.zip) that Terraform uploads:
 * fixed timestamps, fixed permissions and sorted entries, so the same inputs give a byte-identical zip and
 * Terraform's source hash only changes when the code does.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import yazl from 'yazl';

export const packageRoot = fileURLToPath(new URL('..', import.meta.url));
export const distDir = join(packageRoot, 'dist');
export const bundlePath = join(distDir, 'lambda', 'index.mjs');
export const zipPath = join(distDir, 'handler.zip');

/** Options shared with the benchmark's floor handler, so both are bundled the same way. */
export const bundleOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  // Runs on Lambda's nodejs22.x and on Node 20 (this machine, the local stage).
  target: ['node20'],
  minify: true,
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  mainFields: ['module', 'main'],
  // Bundled CommonJS dependencies call require() for Node built-ins; give the ESM bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
};

/** DOS timestamps are local time: build the date from local fields so every time zone writes the same bytes. */
const fixedTime = new Date(2020, 0, 1, 0, 0, 0);

export async function deterministicZip(files: Array<{ name: string; path: string }>, target: string): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const { name, path } of [...files].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    zip.addBuffer(await readFile(path), name, {
      mtime: fixedTime,
      mode: 0o100644,
      compress: true,
      forceDosTimestamp: true,
    });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, Buffer.concat(chunks));
}

export async function buildHandler(): Promise<void> {
  await rm(distDir, { recursive: true, force: true });
  await build({ ...bundleOptions, entryPoints: [join(packageRoot, 'src', 'index.ts')], outfile: bundlePath });
  await deterministicZip(
    [
      { name: 'index.mjs', path: bundlePath },
      { name: 'index.mjs.map', path: `${bundlePath}.map` },
    ],
    zipPath,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildHandler().then(
    async () => {
      const size = (await readFile(bundlePath)).length;
      console.log(
        `wrote ${relative(process.cwd(), bundlePath)} (${(size / 1024).toFixed(1)} KiB) and ${relative(process.cwd(), zipPath)}`,
      );
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
