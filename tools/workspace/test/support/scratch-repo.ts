/**
 * A scratch git repository holding a copy of the working tree (tracked files and untracked ones git does not
 * ignore), with node_modules linked from the workspace, so tests can commit and run Nx without touching the real
 * repository.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspace = fileURLToPath(new URL('../../../../', import.meta.url));

export interface ScratchRepo {
  readonly dir: string;
  /** Runs a command in the scratch repository and returns its stdout; throws if it exits non-zero. */
  run(command: string, args: string[], env?: Record<string, string>): string;
  /** Runs the workspace's Nx in the scratch repository. */
  nx(args: string[], env?: Record<string, string>): string;
  git(...args: string[]): string;
  /** Appends `text` to `file` (creating it) and commits that change alone. */
  commitChange(file: string, text: string): void;
  remove(): void;
}

/**
 * The environment without the parent Nx task's variables, so the nested Nx sees a workspace of its own, and without
 * node:test's NODE_TEST_CONTEXT, with which a nested `node --test` skips every file.
 */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('NX_') && name !== 'NODE_TEST_CONTEXT'),
  );
  return { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', ...extra };
}

const scope = '@items-api';

/**
 * The workspace's node_modules, entry by entry, except its own packages (`@items-api/*`), which point into the
 * scratch copy: code there that imports `@items-api/openapi` reads the scratch's contract and generated files.
 */
function linkNodeModules(dir: string): void {
  const modules = join(workspace, 'node_modules');
  mkdirSync(join(dir, 'node_modules', scope), { recursive: true });
  for (const entry of readdirSync(modules))
    if (entry !== scope) symlinkSync(join(modules, entry), join(dir, 'node_modules', entry));
  for (const entry of readdirSync(join(modules, scope)))
    symlinkSync(readlinkSync(join(modules, scope, entry)), join(dir, 'node_modules', scope, entry));
}
export interface ScratchOptions {
  /** Resolve the workspace's own packages in the copy (default: node_modules is a link to the workspace's). */
  ownPackages?: boolean;
}

export function createScratchRepo({ ownPackages = false }: ScratchOptions = {}): ScratchRepo {
  const dir = mkdtempSync(join(tmpdir(), 'items-api-scratch-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: workspace,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    try {
      cpSync(join(workspace, file), join(dir, file));
    } catch {
      // Listed by git but deleted in the working tree: not part of the copy.
    }
  }
  if (ownPackages) linkNodeModules(dir);
  else symlinkSync(join(workspace, 'node_modules'), join(dir, 'node_modules'), 'dir');

  const run = (command: string, args: string[], env: Record<string, string> = {}): string =>
    execFileSync(command, args, { cwd: dir, encoding: 'utf8', env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const git = (...args: string[]): string =>
    run('git', ['-c', 'user.name=scratch-test', '-c', 'user.email=scratch-test@localhost', ...args]);
  const repo: ScratchRepo = {
    dir,
    run,
    git,
    nx: (args, env) => run(join(workspace, 'node_modules', '.bin', 'nx'), args, env),
    commitChange(file, text) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      appendFileSync(join(dir, file), text);
      git('add', file);
      git('commit', '--quiet', '-m', `change ${file}`);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  git('init', '--quiet', '--initial-branch=main');
  git('add', '--all');
  git('commit', '--quiet', '-m', 'base');
  return repo;
}

/** The lines of a failed Nx run that say what failed: type errors, failed tests, the failed tasks. */
function failureLines(output: string): string {
  return output
    .split('\n')
    .filter((line) => /error TS\d+|\berror\b.*eslint|not ok|Failed tasks|^\s*- \S+:\S+$/.test(line))
    .join('\n');
}

/**
 * Runs `targets` of `projects` in the scratch repository without Nx's cache and asserts each ran and tested
 * something; a failure names what failed (`after`: what the scratch holds, for the message).
 */
export function assertTargetsPass(repo: ScratchRepo, targets: string[], projects: string[], after: string): void {
  let ran = '';
  try {
    ran = repo.nx(['run-many', '-t', ...targets, '-p', ...projects, '--skip-nx-cache', '--outputStyle=static']);
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    assert.fail(
      `nx run-many failed ${after}:\n${failureLines(stdout)}\n…\n${stdout.slice(-3000)}${stderr.slice(-2000)}`,
    );
  }
  for (const project of projects)
    for (const target of targets) assert.ok(ran.includes(`${project}:${target}`), `${project}:${target} did not run`);
  // node:test skips every file of a nested run that inherits the parent's test context.
  assert.doesNotMatch(ran, /skipping running files/);
  assert.match(ran, /# pass [1-9]/);
}
