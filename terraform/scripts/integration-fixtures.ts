/**
 * lambda-api's test fixtures: the API Gateway body and infrastructure facts the contract renders with the integration
 * kinds of tests/fixtures/variants.json overridden, one folder per variant, committed so `tofu test` needs no
 * generator. Written by `terraform:generate` (after `openapi:generate`; both run by `npm run generate`);
 * terraform/test/integration-fixtures.test.ts fails on drift.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderGatewayArtifacts, type IntegrationOverride } from '@items-api/openapi/generate';

export const fixturesDirectory = fileURLToPath(new URL('../modules/lambda-api/tests/fixtures/', import.meta.url));

/** Each variant's folder name and its override, from variants.json. */
export function fixtureVariants(): [string, IntegrationOverride][] {
  const variants = JSON.parse(readFileSync(path.join(fixturesDirectory, 'variants.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  return Object.entries(variants).filter((entry): entry is [string, IntegrationOverride] => !entry[0].startsWith('$'));
}

/** The files of one variant as the contract renders them, by path. */
export async function renderFixture(name: string, override: IntegrationOverride): Promise<Map<string, string>> {
  const rendered = await renderGatewayArtifacts(override);
  const directory = path.join(fixturesDirectory, name);
  return new Map([
    [path.join(directory, 'apigateway-body.json'), rendered.apiGatewayBody],
    [path.join(directory, 'infrastructure.json'), rendered.infrastructure],
  ]);
}

async function main(): Promise<void> {
  for (const [name, override] of fixtureVariants())
    for (const [file, text] of await renderFixture(name, override)) {
      writeFileSync(file, text);
      console.log(`wrote ${path.relative(process.cwd(), file)}`);
    }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
