/**
 * A scratch copy of what the generators edit and run (the contract, its generators and tests, the handler's
 * operations map, the generate scripts), under .local/ so the copy resolves the workspace's packages: the generator
 * tests never modify the real tree. The copy's contract holds `items` alone: the resources a user has added are
 * removed from it (by the resource generator's own --remove) and the copy regenerated, so the tests' names and
 * expectations do not depend on what the user's API declares.
 */
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isObject, parseContract, runGenerateScripts } from '../../src/contract-text.ts';
import { removeResource } from '../../src/resource/remove.ts';

export const root = fileURLToPath(new URL('../../../../', import.meta.url));

const copied = [
  'openapi/openapi.yaml',
  'openapi/package.json',
  'openapi/src',
  'openapi/test',
  'openapi/generated',
  'packages/handler/src',
  'redocly.yaml',
  'terraform/scripts/integration-fixtures.ts',
  'tools/generators/src',
  'terraform/modules/lambda-api/tests/fixtures',
];

/** The resource the generator tests compare what they add with. */
const kept = 'items';

/** Removes every resource but `kept` from the copy's contract; regenerates the copy when one was removed. */
async function keepItemsAlone(scratch: string): Promise<void> {
  const file = join(scratch, 'openapi/openapi.yaml');
  const original = await readFile(file, 'utf8');
  let text = original;
  const resources = parseContract(text).contract['x-resources'];
  for (const name of Object.keys(isObject(resources) ? resources : {}).filter((name) => name !== kept))
    text = removeResource(parseContract(text), name);
  if (text === original) return;
  await writeFile(file, text);
  runGenerateScripts(scratch);
}

/** A new scratch directory holding the copy; the caller removes it. */
export async function createScratch(prefix: string): Promise<string> {
  await mkdir(join(root, '.local'), { recursive: true });
  const scratch = await mkdtemp(join(root, '.local', prefix));
  for (const file of copied) await cp(join(root, file), join(scratch, file), { recursive: true });
  await keepItemsAlone(scratch);
  return scratch;
}
