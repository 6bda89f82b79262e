/**
 * `nx run openapi:generate`: writes every committed artifact derived from openapi.yaml.
 *
 *   tsx src/generate.ts               write into openapi/generated/
 *   tsx src/generate.ts --out DIR     write into DIR instead
 *   tsx src/generate.ts --check       regenerate into a temp dir and fail if anything differs (drift)
 *   tsx src/generate.ts --out DIR --all KIND   every operation served by KIND (e.g. lambda)
 *   tsx src/generate.ts --out DIR --serve getItem=dynamodb,deleteItem=dynamodb   those operations by those kinds
 *
 * Also the API for serving the contract with other integration kinds (the local stage, CI's all-Lambda run):
 * `generate(dir, contract, { all: 'lambda' })` writes every artifact as if the contract declared that, and
 * `renderGatewayArtifacts(override)` returns the body and infrastructure.json without writing anything.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ContractError, loadContract, type JsonObject } from './contract.ts';
import { overrideIntegrations, type IntegrationOverride } from './integration-override.ts';
import { integrationKindNames, isIntegrationKindName } from './integrations/index.ts';
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

export { overrideIntegrations, type IntegrationOverride };

/** The contract (default openapi.yaml), with the integration kinds overridden when asked. */
async function loadServed(contract?: string, override?: IntegrationOverride): Promise<JsonObject> {
  const document = await loadContract(contract);
  return override ? overrideIntegrations(document, override) : document;
}

/**
 * Writes every artifact of `contract` (default openapi.yaml) into `outDir`; with `override`, as if the contract
 * declared those integration kinds (never into generated/, which holds the contract's own artifacts).
 */
export async function generate(
  outDir: string = generatedDir,
  contract?: string,
  override?: IntegrationOverride,
): Promise<string[]> {
  if (override && resolve(outDir) === resolve(generatedDir))
    throw new ContractError(`${generatedDir} holds the contract's own artifacts: write an overridden API elsewhere`);
  const document = await loadServed(contract, override);
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

/** The API Gateway body (template variables unfilled) and infrastructure.json, served with `override`'s kinds. */
export async function renderGatewayArtifacts(
  override: IntegrationOverride,
  contract?: string,
): Promise<{ apiGatewayBody: string; infrastructure: string }> {
  const document = await loadServed(contract, override);
  return { apiGatewayBody: renderApiGatewayBody(document), infrastructure: renderInfrastructure(document) };
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

/** `--all KIND` or `--serve operationId=KIND,...` as an override; a kind's name is checked here, an operation's later. */
function overrideOption(all: string | undefined, serve: string | undefined): IntegrationOverride | undefined {
  const kind = (name: string, option: string) => {
    if (!isIntegrationKindName(name))
      throw new ContractError(`${option}: "${name}" is not one of ${integrationKindNames.join(', ')}`);
    return name;
  };
  if (all !== undefined && serve !== undefined) throw new ContractError('Give --all or --serve, not both');
  if (all !== undefined) return { all: kind(all, '--all') };
  if (serve === undefined) return undefined;
  const pairs = serve.split(',').map((pair) => {
    const [operationId = '', name = '', ...rest] = pair.split('=');
    if (operationId === '' || name === '' || rest.length > 0)
      throw new ContractError(`--serve: "${pair}" is not operationId=kind`);
    return [operationId, kind(name, '--serve')] as const;
  });
  return { operations: Object.fromEntries(pairs) };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      check: { type: 'boolean', default: false },
      all: { type: 'string' },
      serve: { type: 'string' },
    },
  });
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
  const override = overrideOption(values.all, values.serve);
  const written = await generate(values.out ?? generatedDir, undefined, override);
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
