/**
 * The docs page for watch mode: the command of `nx run openapi:build` (read from openapi/project.json, so the page
 * is built exactly as the site is), run on the watched contract and written under the watch build directory.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot } from '../paths.ts';

const run = promisify(execFile);

const openapiProject = join(repositoryRoot, 'openapi');

/** The `build` target's command of the openapi project, split into its words. */
async function docsBuildCommand(): Promise<string[]> {
  const project = JSON.parse(await readFile(join(openapiProject, 'project.json'), 'utf8')) as {
    targets: { build: { options: { command: string } } };
  };
  return project.targets.build.options.command.split(/\s+/);
}

/** Builds the docs page of `contractPath` into `outputPath`; rejects with the builder's own output when it fails. */
export async function buildDocsPage(contractPath: string, outputPath: string): Promise<Buffer> {
  const [tool, ...words] = await docsBuildCommand();
  const output = words.indexOf('--output');
  const contract = words.indexOf('openapi.yaml');
  if (tool !== 'redocly' || output === -1 || contract === -1)
    throw new Error(`openapi/project.json's build command is not "redocly ... openapi.yaml ... --output <file>"`);
  words[contract] = contractPath;
  words[output + 1] = outputPath;
  try {
    await run(join(repositoryRoot, 'node_modules/.bin/redocly'), words, { cwd: openapiProject });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`The docs page does not build:\n${`${stderr}\n${stdout}`.trim()}`, { cause: error });
  }
  return readFile(outputPath);
}
