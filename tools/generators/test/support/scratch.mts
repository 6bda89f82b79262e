/**
 * A scratch copy of what the generators edit and run (the contract, its generators and tests, the handler's
 * operations map, the generate scripts), under .local/ so the copy resolves the workspace's packages: the generator
 * tests never modify the real tree. The copy's contract holds `items` alone, so the tests' names and expectations do
 * not depend on what the user's API declares: the other resources are removed (by the resource generator's own
 * --remove), and where the user removed items too, the generator adds it back (read directly, as the contract's own
 * items is); the copy is regenerated when its contract changed.
 */
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isObject, parseContract, runGenerateScripts } from '../../src/contract-text.ts';
import { addResource, resourceActionsOf } from '../../src/resource/generator.ts';
import { readOptions } from '../../src/resource/options.ts';
import { removeResource } from '../../src/resource/remove.ts';

export const root = fileURLToPath(new URL('../../../../', import.meta.url));

const copied = [
  'openapi/openapi.yaml',
  'openapi/package.json',
  'openapi/project.json',
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

/** Leaves `kept` alone in the copy's contract (removing the others, adding it when missing); regenerates on change. */
async function keepItemsAlone(scratch: string): Promise<void> {
  const file = join(scratch, 'openapi/openapi.yaml');
  const original = await readFile(file, 'utf8');
  let text = original;
  const resources = parseContract(text).contract['x-resources'];
  const declared = Object.keys(isObject(resources) ? resources : {});
  for (const name of declared.filter((name) => name !== kept)) text = removeResource(parseContract(text), name);
  if (!declared.includes(kept))
    text = addResource(parseContract(text), readOptions({ name: kept, direct: true }), resourceActionsOf(root));
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
