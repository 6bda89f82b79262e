/**
 * `npm start` on a fresh clone runs the CLI before anything but its targets' `dependsOn` is built. Every workspace
 * package the CLI loads at start (static value imports, followed through src/) must therefore resolve to sources,
 * or be built by those targets: the client resolves to its `dist/`, which a fresh clone does not have.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Workspace packages are linked into the repository's node_modules (npm workspaces).
const workspaceModules = resolve(packageRoot, '../../node_modules');

interface TargetDependency {
  projects?: string[];
  target: string;
}

/** Static imports that load code at run time (`import type` and `await import()` do not). */
const valueImport = /^import\s+(?!type\s)[^;]*?from\s+'([^']+)';/gms;

/** The bare `@items-api/*` specifiers `entry` loads at start, through its relative imports. */
function workspaceImportsAtStart(entry: string): Set<string> {
  const seen = new Set<string>();
  const specifiers = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(valueImport)) {
      if (specifier!.startsWith('.')) visit(resolve(dirname(file), specifier!));
      else if (specifier!.startsWith('@items-api/')) specifiers.add(specifier!);
    }
  };
  visit(entry);
  return specifiers;
}

/** The Nx project whose `build` makes `specifier` loadable, or undefined when it resolves to sources. */
function projectBuiltFor(specifier: string): string | undefined {
  const [scope, name, ...rest] = specifier.split('/');
  const manifestPath = join(workspaceModules, scope!, name!, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports?: Record<string, unknown> };
  const entry = manifest.exports?.[rest.length > 0 ? `./${rest.join('/')}` : '.'];
  const runtimePath = typeof entry === 'string' ? entry : (entry as { import?: string } | undefined)?.import;
  if (runtimePath === undefined || !runtimePath.startsWith('./dist/')) return undefined;
  const project = JSON.parse(readFileSync(join(dirname(manifestPath), 'project.json'), 'utf8')) as { name: string };
  return project.name;
}

describe('the CLI on a fresh clone', () => {
  const targets = (
    JSON.parse(readFileSync(join(packageRoot, 'project.json'), 'utf8')) as {
      targets: Record<string, { dependsOn?: (TargetDependency | string)[] }>;
    }
  ).targets;
  const needed = [...workspaceImportsAtStart(join(packageRoot, 'src/cli.ts'))].flatMap((specifier) => {
    const project = projectBuiltFor(specifier);
    return project === undefined ? [] : [{ specifier, project }];
  });

  it('loads the client, which resolves to its build (so the check below checks something)', () => {
    assert.ok(needed.some(({ project }) => project === 'client'));
  });

  for (const name of ['serve', 'reset']) {
    it(`${name} builds every workspace package the CLI loads from a build`, () => {
      const dependsOn = targets[name]?.dependsOn ?? [];
      for (const { specifier, project } of needed) {
        const built =
          dependsOn.includes('^build') ||
          dependsOn.some((d) => typeof d === 'object' && d.target === 'build' && d.projects?.includes(project));
        assert.ok(
          built,
          `local-stage:${name} loads ${specifier} from its build but does not depend on ${project}:build`,
        );
      }
    });
  }
});
