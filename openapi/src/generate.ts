/**
 * `nx run openapi:generate`: writes every committed artifact derived from openapi.yaml.
 *
 *   tsx src/generate.ts               write into openapi/generated/
 *   tsx src/generate.ts --out DIR     write into DIR instead
 *   tsx src/generate.ts --check       regenerate into a temp dir and fail if anything differs (drift)
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ContractError, loadContract, type JsonObject } from './contract.ts';
import { renderApiGatewayBody } from './generators/apigateway-body.ts';
import { renderInfrastructure } from './generators/infrastructure.ts';
import { renderOperations } from './generators/operations.ts';
import { renderTypes } from './generators/types.ts';
import {
  renderSchemaValidators,
  renderSchemaValidatorTypes,
  renderValidators,
  renderValidatorTypes,
} from './generators/validators.ts';

export const generatedDir = fileURLToPath(new URL('../generated/', import.meta.url));

/** Each committed artifact: its file name in generated/ and how it is rendered from the contract. */
export const artifacts: ReadonlyArray<{ file: string; render: (document: JsonObject) => string | Promise<string> }> = [
  { file: 'schema.ts', render: renderTypes },
  { file: 'operations.ts', render: renderOperations },
  { file: 'apigateway-body.json', render: renderApiGatewayBody },
  { file: 'infrastructure.json', render: renderInfrastructure },
  { file: 'validators.js', render: renderValidators },
  { file: 'validators.d.ts', render: renderValidatorTypes },
  { file: 'schema-validators.js', render: renderSchemaValidators },
  { file: 'schema-validators.d.ts', render: renderSchemaValidatorTypes },
];

/** Writes every artifact of `contract` (default openapi.yaml) into `outDir`. */
export async function generate(outDir: string = generatedDir, contract?: string): Promise<string[]> {
  const document = await loadContract(contract);
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const { file, render } of artifacts) {
    const target = join(outDir, file);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, await render(document));
    written.push(target);
  }
  return written;
}

/** Regenerates into a temp dir and lists the artifacts that differ from the committed ones. */
export async function findDrift(committedDir: string = generatedDir): Promise<string[]> {
  const scratch = await mkdtemp(join(tmpdir(), 'items-api-generate-'));
  try {
    await generate(scratch);
    const drifted: string[] = [];
    for (const { file } of artifacts) {
      const fresh = await readFile(join(scratch, file), 'utf8');
      const committed = await readFile(join(committedDir, file), 'utf8').catch(() => undefined);
      if (fresh !== committed) drifted.push(file);
    }
    return drifted;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, check: { type: 'boolean', default: false } } });
  if (values.check) {
    const drifted = await findDrift();
    if (drifted.length === 0) {
      console.log('Generated artifacts are up to date with openapi/openapi.yaml.');
      return 0;
    }
    console.error(`These generated files differ from openapi/openapi.yaml: ${drifted.join(', ')}`);
    console.error('Run `npx nx run openapi:generate` and commit the result.');
    return 1;
  }
  const written = await generate(values.out ?? generatedDir);
  for (const file of written) console.log(`wrote ${relative(process.cwd(), file)}`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof ContractError ? `openapi: ${error.message}` : error);
      process.exit(1);
    },
  );
}
