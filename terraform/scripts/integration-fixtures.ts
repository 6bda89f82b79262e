/**
 * lambda-api's test fixtures: the API Gateway body and infrastructure facts of an API made of the resources a variant
 * of tests/fixtures/variants.json lists (each added by the resource generator, with its options, to the contract
 * without its own resources), with the variant's integration kinds overridden, one folder per variant, committed so
 * `tofu test` needs no generator. The fixtures follow the contract's conventions and shared components, never its
 * resources: adding or removing one (items too) leaves them as they are. Written by `terraform:generate` (after
 * `openapi:generate`; both run by `npm run generate`); terraform/test/integration-fixtures.test.ts fails on drift.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderGatewayArtifacts, type IntegrationOverride } from '@items-api/openapi/generate';
import { resourceActions } from '@items-api/openapi/operations';
// The resource generator's own code (a devDependency of this package, for Nx's graph).
import { generatedApi } from '../../tools/generators/src/resource/generated-api.ts';
import type { ResourceSchema } from '../../tools/generators/src/resource/generator.ts';

export const fixturesDirectory = fileURLToPath(new URL('../modules/lambda-api/tests/fixtures/', import.meta.url));
const variantsFile = path.join(fixturesDirectory, 'variants.json');
const contractPath = fileURLToPath(new URL('../../openapi/openapi.yaml', import.meta.url));

/** One variant: its resources (the resource generator's options for each), then its integration kinds. */
export interface FixtureVariant {
  resources: ResourceSchema[];
  override: IntegrationOverride;
}

/** Each variant's folder name and what it renders, from variants.json. */
export function fixtureVariants(): [string, FixtureVariant][] {
  const variants = JSON.parse(readFileSync(variantsFile, 'utf8')) as Record<string, FixtureVariant>;
  return Object.entries(variants).filter(([name]) => !name.startsWith('$'));
}

/** The contract's text without its own resources, with `resources` added by the resource generator. */
export function fixtureContract(contractText: string, resources: ResourceSchema[]): string {
  try {
    return generatedApi(contractText, resources, resourceActions);
  } catch (error) {
    throw new Error(`${variantsFile}: resources: ${(error as Error).message}`, { cause: error });
  }
}

/** The files of one variant as the contract renders them, by path. */
export async function renderFixture(name: string, variant: FixtureVariant): Promise<Map<string, string>> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'items-api-fixture-'));
  try {
    const contract = path.join(scratch, 'openapi.yaml');
    writeFileSync(contract, fixtureContract(readFileSync(contractPath, 'utf8'), variant.resources));
    const rendered = await renderGatewayArtifacts(variant.override, contract);
    const directory = path.join(fixturesDirectory, name);
    return new Map([
      [path.join(directory, 'apigateway-body.json'), rendered.apiGatewayBody],
      [path.join(directory, 'infrastructure.json'), rendered.infrastructure],
    ]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  for (const [name, variant] of fixtureVariants())
    for (const [file, text] of await renderFixture(name, variant)) {
      writeFileSync(file, text);
      console.log(`wrote ${path.relative(process.cwd(), file)}`);
    }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
