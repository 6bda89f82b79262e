/**
 * No package's source imports itself round in a circle: each folder depends one way (shared types live in modules
 * of their own). The scanner is checked on a planted cycle first, so a clean run means something.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { describeCycle, importCycles, importGraph } from '../src/import-cycles.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Every project's source folder: openapi/src, packages/<name>/src, tools/<name>/src. */
function sourceFolders(): string[] {
  const children = (folder: string) =>
    readdirSync(join(root, folder), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(folder, entry.name));
  return ['openapi', ...children('packages'), ...children('tools')]
    .map((project) => join(project, 'src'))
    .filter((folder) => existsSync(join(root, folder)));
}

describe('import cycles', () => {
  it('the scanner finds a cycle, type-only imports and re-exports included, and refuses an unresolvable import', () => {
    const folder = mkdtempSync(join(tmpdir(), 'import-cycles-'));
    try {
      writeFileSync(join(folder, 'a.ts'), "import type { B } from './b.ts';\nexport type A = B;\n");
      writeFileSync(join(folder, 'b.ts'), "export { c } from './c.ts';\nexport type B = string;\n");
      writeFileSync(join(folder, 'c.ts'), "import type { A } from './a.ts';\nexport const c: A = '';\n");
      writeFileSync(join(folder, 'd.ts'), "import { c } from './c.ts';\nexport const d = c;\n");
      assert.deepEqual(
        importCycles(importGraph(folder)).map((cycle) => describeCycle(cycle, folder)),
        ['a.ts ↔ b.ts ↔ c.ts'],
      );
      writeFileSync(join(folder, 'e.ts'), "import { x } from './missing.ts';\nexport const e = x;\n");
      assert.throws(() => importGraph(folder), /e\.ts imports \.\/missing\.ts, which is no file/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  const folders = sourceFolders();
  it('scans every project source folder', () => {
    for (const expected of ['openapi/src', 'packages/client/src', 'packages/local-stage/src'])
      assert.ok(folders.includes(expected), expected);
  });

  for (const folder of folders) {
    it(`${folder} has no import cycle`, () => {
      const cycles = importCycles(importGraph(join(root, folder))).map((cycle) =>
        describeCycle(cycle, join(root, folder)),
      );
      assert.deepEqual(cycles, [], `${folder}: ${cycles.join('; ')}`);
    });
  }
});
