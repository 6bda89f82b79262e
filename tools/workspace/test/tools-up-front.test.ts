/**
 * The Go-built tools (the offline OpenTofu toolchain, the Go tools) are built once, up front, by `workspace:tools`:
 * every Nx target whose script asks ensure-toolchain.sh or ensure-go-tools.sh for them depends on that target, so
 * none of them builds behind a lock while another waits for it (and Nx runs unrelated tasks meanwhile).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { projectJsons, workspaceRoot as root } from './support/projects.ts';

const ensureScripts = /ensure-toolchain\.sh|ensure-go-tools\.sh/;

describe('Go-built tools are built up front', () => {
  it('every target whose script builds them depends on workspace:tools', () => {
    const checked: string[] = [];
    for (const { dir, json } of projectJsons()) {
      for (const [name, target] of Object.entries(json.targets ?? {})) {
        const command = target.options?.command;
        if (!command || name === 'tools') continue;
        const cwd = (target.options?.cwd ?? '{workspaceRoot}')
          .replace('{projectRoot}', dir)
          .replace('{workspaceRoot}', '.');
        const scripts = command
          .split(/\s+/)
          .filter((word) => /\.(sh|ts)$/.test(word))
          .map((word) => path.join(root, cwd, word))
          .filter((file) => existsSync(file));
        if (!scripts.some((file) => ensureScripts.test(readFileSync(file, 'utf8')))) continue;
        checked.push(`${json.name}:${name}`);
        const onTools = (target.dependsOn ?? []).some((dep) =>
          typeof dep === 'string'
            ? dep === 'tools' && json.name === 'workspace'
            : dep.target === 'tools' && (dep.projects ?? [json.name]).includes('workspace'),
        );
        assert.ok(
          onTools,
          `${json.name}:${name} runs ${scripts.join(', ')}, which builds tools: dependsOn workspace:tools`,
        );
      }
    }
    // The targets known to use them today; a new one is found by the scan above.
    for (const known of ['terraform:validate', 'terraform:rehearse', 'terraform:lint-hcl', 'workspace:lint-ci'])
      assert.ok(checked.includes(known), `${known} was not recognised as a tool user (checked: ${checked.join(', ')})`);
  });
});
