/**
 * The key schema Terraform gives the table, read from terraform/modules/global-table with @cdktn/hcl2json
 * (the maintained fork of cdktf's HCL→JSON parser; cdktf itself is deprecated upstream).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktn/hcl2json';
import { repositoryRoot } from '../../src/paths.ts';

type Block = Record<string, unknown>;

export interface TerraformTable {
  hashKey: { name: string; type: string };
  rangeKey: { name: string; type: string } | undefined;
  attributes: { name: string; type: string }[];
  billingMode: string;
}

const moduleDirectory = join(repositoryRoot, 'terraform/modules/global-table');

/** Resolves `${local.a.b}` against the module's locals; other expressions are returned as is. */
function resolve(value: unknown, locals: Block): unknown {
  if (typeof value !== 'string') return value;
  const reference = /^\$\{local\.([A-Za-z0-9_.]+)\}$/.exec(value)?.[1];
  if (reference === undefined) return value;
  let current: unknown = locals;
  for (const key of reference.split('.')) current = (current as Block | undefined)?.[key];
  if (current === undefined) throw new Error(`local.${reference} is not defined in ${moduleDirectory}`);
  return current;
}

export async function terraformTable(): Promise<TerraformTable> {
  const locals: Block = {};
  let table: Block | undefined;
  for (const file of readdirSync(moduleDirectory).filter((name) => name.endsWith('.tf'))) {
    const json = (await parse(file, readFileSync(join(moduleDirectory, file), 'utf8'))) as Block;
    for (const block of (json.locals as Block[] | undefined) ?? []) Object.assign(locals, block);
    const tables = (json.resource as Block | undefined)?.aws_dynamodb_table as Record<string, Block[]> | undefined;
    for (const [name, [definition]] of Object.entries(tables ?? {})) {
      if (table) throw new Error(`${moduleDirectory} declares more than one aws_dynamodb_table (${name})`);
      table = definition;
    }
  }
  if (!table) throw new Error(`${moduleDirectory} declares no aws_dynamodb_table`);
  const attributes = ((table.attribute as Block[] | undefined) ?? []).map((attribute) => ({
    name: resolve(attribute.name, locals) as string,
    type: resolve(attribute.type, locals) as string,
  }));
  const keyOf = (name: unknown) => {
    if (name === undefined) return undefined;
    const resolved = resolve(name, locals) as string;
    const attribute = attributes.find((a) => a.name === resolved);
    if (!attribute) throw new Error(`key ${resolved} has no attribute block`);
    return attribute;
  };
  return {
    hashKey: keyOf(table.hash_key) as { name: string; type: string },
    rangeKey: keyOf(table.range_key),
    attributes,
    billingMode: resolve(table.billing_mode, locals) as string,
  };
}
