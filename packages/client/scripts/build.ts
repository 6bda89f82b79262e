/**
 * Builds the publishable package: dist/index.js (ESM, openapi-fetch left as a dependency) and dist/index.d.ts
 * with the contract's types inlined, so the published client depends on nothing private to this repo.
 */
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = `${root}src/index.ts`;
const external = ['openapi-fetch'];

await rm(`${root}dist`, { recursive: true, force: true });
await build({
  entryPoints: [entry],
  outfile: `${root}dist/index.js`,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  external,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});

const bundle = await rollup({
  input: entry,
  external,
  plugins: [dts({ respectExternal: true, tsconfig: `${root}tsconfig.json` })],
});
await bundle.write({ file: `${root}dist/index.d.ts`, format: 'es' });
await bundle.close();
console.log('client: wrote dist/index.js and dist/index.d.ts');
