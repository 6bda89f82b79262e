// The built package, as a user installs it: ESM entry, bundled types that name nothing private to this repo.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';

const dist = new URL('../dist/', import.meta.url);

interface PackageJson {
  exports: Record<string, { import?: string; types?: string }>;
}

describe('published package', () => {
  it('exports the client from the ESM entry', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as PackageJson;
    const entryPath = pkg.exports['.']?.import;
    assert.equal(entryPath, './dist/index.js');
    const entry = (await import(new URL(entryPath, new URL('../', import.meta.url)).href)) as Record<string, unknown>;
    assert.equal(typeof entry.createItemsClient, 'function');
    assert.equal(typeof entry.ifMatch, 'function');
  });

  it('ships self-contained type declarations', async () => {
    const types = await readFile(new URL('index.d.ts', dist), 'utf8');
    assert.doesNotMatch(types, /@items-api\//, 'declarations must inline the contract types');
    assert.match(types, /createItemsClient/);
    assert.match(types, /interface paths/);
  });

  it('depends only on openapi-fetch at run time', async () => {
    const code = await readFile(new URL('index.js', dist), 'utf8');
    // Import and re-export statements (rollup writes one a line, at the line's start); a string holding `from`,
    // such as a query's `"from": "rangeFrom"` in the operations table, is no import.
    const imports = [...code.matchAll(/^(?:import|export)\b[^;'"]*?(?:from\s*)?["']([^"']+)["']/gm)].map((m) => m[1]);
    assert.deepEqual([...new Set(imports)], ['openapi-fetch']);
  });
});
