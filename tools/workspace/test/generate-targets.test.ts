/**
 * `npm run generate` runs every project's `generate` target; the operation generator runs the same scripts itself
 * (it works on trees without Nx). Its list is held to the targets here, so a new generated artifact reaches both.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { generateScripts } from '../../generators/src/operation/generator.ts';
import { projectJsons, workspaceRoot as root } from './support/projects.ts';

describe('generate targets', () => {
  it("are the operation generator's scripts, and npm run generate runs them all", () => {
    const { scripts } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    assert.equal(scripts.generate, 'nx run-many -t generate');
    const targets = projectJsons().flatMap(({ dir, json }) => {
      const command = json.targets?.generate?.options?.command;
      if (command === undefined) return [];
      const script = command.split(/\s+/).find((word) => word.endsWith('.ts'));
      assert.ok(script, `${dir}:generate runs a .ts script (${command})`);
      return [path.posix.join(dir, script)];
    });
    assert.deepEqual([...generateScripts].sort(), targets.sort());
  });
});
