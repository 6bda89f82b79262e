/**
 * `npm run generate` runs every project's `generate` target; the generators (operation, resource) run the same
 * scripts themselves (they work on trees without Nx). Their list is held to the targets here, so a new generated
 * artifact reaches both.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateScripts } from '../src/contract-text.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const readJson = <T,>(file: string): T => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as T;

describe('generate targets', () => {
  it("are the generators' scripts, and npm run generate runs them all", () => {
    const { scripts, workspaces } = readJson<{ scripts: Record<string, string>; workspaces: string[] }>('package.json');
    assert.equal(scripts.generate, 'nx run-many -t generate');
    const dirs = workspaces.flatMap((entry) =>
      entry.endsWith('/*')
        ? readdirSync(path.join(root, entry.slice(0, -2))).map((name) => `${entry.slice(0, -2)}/${name}`)
        : [entry],
    );
    const targets = dirs.flatMap((dir) => {
      if (!existsSync(path.join(root, dir, 'project.json'))) return [];
      const project = readJson<{ targets?: Record<string, { options?: { command?: string } }> }>(`${dir}/project.json`);
      const command = project.targets?.generate?.options?.command;
      if (command === undefined) return [];
      const script = command.split(/\s+/).find((word) => word.endsWith('.ts'));
      assert.ok(script, `${dir}:generate runs a .ts script (${command})`);
      return [path.posix.join(dir, script)];
    });
    assert.deepEqual([...generateScripts].sort(), targets.sort());
  });
});
