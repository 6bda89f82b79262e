/** The zip is deterministic: the same inputs give byte-identical output. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { deterministicZip } from '../scripts/build.ts';

describe('deterministicZip', () => {
  it('writes byte-identical zips for the same files, whatever order they are given in', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'handler-zip-'));
    try {
      await writeFile(join(dir, 'a.mjs'), 'export const a = 1;\n');
      await writeFile(join(dir, 'b.map'), '{"version":3}\n');
      const files = [
        { name: 'index.mjs', path: join(dir, 'a.mjs') },
        { name: 'index.mjs.map', path: join(dir, 'b.map') },
      ];
      await deterministicZip(files, join(dir, 'one.zip'));
      await new Promise((resolve) => setTimeout(resolve, 1100)); // a different wall-clock second
      await deterministicZip([...files].reverse(), join(dir, 'two.zip'));
      assert.deepEqual(await readFile(join(dir, 'one.zip')), await readFile(join(dir, 'two.zip')));
      await writeFile(join(dir, 'a.mjs'), 'export const a = 2;\n');
      await deterministicZip(files, join(dir, 'three.zip'));
      assert.notDeepEqual(await readFile(join(dir, 'one.zip')), await readFile(join(dir, 'three.zip')));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
