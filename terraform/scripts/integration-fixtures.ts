/**
 * lambda-api's test fixtures: the API Gateway body and infrastructure facts the contract renders with the integration
 * kinds of tests/fixtures/variants.json overridden (and, where a variant says so, resources added as copies of one of
 * the contract's), one folder per variant, committed so `tofu test` needs no generator. Written by
 * `terraform:generate` (after `openapi:generate`; both run by `npm run generate`);
 * terraform/test/integration-fixtures.test.ts fails on drift.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { renderGatewayArtifacts, type IntegrationOverride } from '@items-api/openapi/generate';
// The resource generator's own removal (a devDependency of this package, for Nx's graph).
import { isObject as isJsonObject, parseContract } from '../../tools/generators/src/contract-text.ts';
import { removeResource } from '../../tools/generators/src/resource/remove.ts';

export const fixturesDirectory = fileURLToPath(new URL('../modules/lambda-api/tests/fixtures/', import.meta.url));
const variantsFile = path.join(fixturesDirectory, 'variants.json');
const contractPath = fileURLToPath(new URL('../../openapi/openapi.yaml', import.meta.url));

/** A resource added to the contract as a copy of another: its `x-resources` entry and the operations of `paths`. */
interface ResourceCopy {
  of: string;
  paths: string[];
}

/**
 * One variant: the contract's `resources` it keeps (the others and their operations left out, so a resource a user
 * adds leaves the fixture as it is), then `copies` added (new resource name to what it copies), then the integration
 * kinds overridden.
 */
export interface FixtureVariant {
  resources: string[];
  override: IntegrationOverride;
  copies?: Record<string, ResourceCopy>;
}

/** Each variant's folder name and what it renders, from variants.json. */
export function fixtureVariants(): [string, FixtureVariant][] {
  const variants = JSON.parse(readFileSync(variantsFile, 'utf8')) as Record<string, FixtureVariant>;
  return Object.entries(variants).filter(([name]) => !name.startsWith('$'));
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/**
 * The contract's text with only `kept` of its resources: each other one removed as the resource generator's
 * `--remove` removes it (its declaration, tag, paths, scopes and schemas), which refuses, naming what, a resource
 * the rest of the contract still refers to.
 */
export function withResources(text: string, kept: string[]): string {
  const resources = parseContract(text).contract['x-resources'];
  const declared = Object.keys(isJsonObject(resources) ? resources : {});
  for (const name of kept)
    if (!declared.includes(name))
      throw new Error(`${variantsFile}: resources: the contract declares no resource "${name}"`);
  return declared
    .filter((name) => !kept.includes(name))
    .reduce((remaining, name) => removeResource(parseContract(remaining), name), text);
}

/**
 * The contract with each copy added: the copied resource's declaration under the new name, and each listed path
 * of it (`/<of>...`) again under `/<name>...`, its operations' ids suffixed with the capitalized name and their
 * `x-resource` naming the new resource.
 */
function withCopies(document: Json, copies: Record<string, ResourceCopy>): Json {
  const copy = structuredClone(document);
  const resources = copy['x-resources'] as Json;
  const paths = copy.paths as Record<string, Json>;
  for (const [name, { of, paths: copied }] of Object.entries(copies)) {
    const fail = (problem: string) => new Error(`${variantsFile}: copies.${name}: ${problem}`);
    if (!(of in resources)) throw fail(`the contract declares no resource "${of}"`);
    resources[name] = structuredClone(resources[of]);
    const suffix = name.charAt(0).toUpperCase() + name.slice(1);
    for (const from of copied) {
      if (!paths[from] || !from.startsWith(`/${of}`))
        throw fail(`"${from}" is not a path of the contract under /${of}`);
      const item = structuredClone(paths[from]);
      for (const operation of Object.values(item).filter(isObject)) {
        if (typeof operation.operationId !== 'string') continue;
        operation.operationId = `${operation.operationId}${suffix}`;
        if (isObject(operation['x-resource'])) operation['x-resource'].name = name;
      }
      paths[`/${name}${from.slice(of.length + 1)}`] = item;
    }
  }
  return copy;
}

/** The files of one variant as the contract renders them, by path. */
export async function renderFixture(name: string, variant: FixtureVariant): Promise<Map<string, string>> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'items-api-fixture-'));
  try {
    const kept = withResources(readFileSync(contractPath, 'utf8'), variant.resources);
    const contract = path.join(scratch, 'openapi.yaml');
    writeFileSync(contract, variant.copies ? stringify(withCopies(parse(kept) as Json, variant.copies)) : kept);
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
