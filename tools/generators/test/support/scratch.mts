/**
 * A scratch copy of what the generators edit and run (the contract, its generators and tests, the handler's
 * operations map, the generate scripts), under .local/ so the copy resolves the workspace's packages: the generator
 * tests never modify the real tree.
 */
import { cp, mkdir, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  'terraform/modules/lambda-api/tests/fixtures',
];

/** A new scratch directory holding the copy; the caller removes it. */
export async function createScratch(prefix: string): Promise<string> {
  await mkdir(join(root, '.local'), { recursive: true });
  const scratch = await mkdtemp(join(root, '.local', prefix));
  for (const file of copied) await cp(join(root, file), join(scratch, file), { recursive: true });
  return scratch;
}
