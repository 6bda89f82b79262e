/** Every project.json of the directories the root package.json's workspaces name, read as written. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export type Dependency = string | { target: string; projects?: string[] };
export interface ProjectJson {
  name: string;
  targets?: Record<string, { options?: { command?: string; cwd?: string }; dependsOn?: Dependency[] }>;
}

export function projectJsons(): { dir: string; json: ProjectJson }[] {
  const { workspaces } = JSON.parse(readFileSync(path.join(workspaceRoot, 'package.json'), 'utf8')) as {
    workspaces: string[];
  };
  const dirs = workspaces.flatMap((entry) => {
    if (!entry.endsWith('/*')) return [entry];
    const parent = entry.slice(0, -2);
    return readdirSync(path.join(workspaceRoot, parent)).map((name) => `${parent}/${name}`);
  });
  return dirs
    .filter((dir) => existsSync(path.join(workspaceRoot, dir, 'project.json')))
    .map((dir) => ({
      dir,
      json: JSON.parse(readFileSync(path.join(workspaceRoot, dir, 'project.json'), 'utf8')) as ProjectJson,
    }));
}
