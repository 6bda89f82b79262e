/**
 * `schemaProperties`: each object schema's property names, typed so that code building an object from a list (the
 * handler's `toItem`) cannot miss a field. The type-level checks below run under `tsc -p openapi/tsconfig.json`; the
 * tests compile tampered copies of the generated file to prove a left-out or misspelt name fails type checking. They
 * use `Problem`, which every contract has (whatever resources it stores) and which has required and optional fields.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import {
  schemaProperties,
  type SchemaPropertiesAreComplete,
  type UnlistedProperties,
} from '../generated/operations.ts';
import type { Problem } from '../generated/schema.ts';
import { deref, isObject, loadContract, type JsonObject } from '../src/contract.ts';
import { generatedDir } from '../src/generate.ts';

// --- Type level (tsc)

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type ProblemList = typeof schemaProperties.Problem;
type Listed = ProblemList[number];
type LastListed = ProblemList extends readonly [...unknown[], infer Last] ? Last : never;
/** Compiles only when `Value` is assignable to `Target`. */
type Assignable<Target, Value extends Target> = Value;

export const problemListIsKeyofProblem: Equal<Listed, keyof Problem> = true;
export const problemListIsATuple: Equal<number extends ProblemList['length'] ? false : true, true> = true;
export const generatedListsAreComplete: Equal<SchemaPropertiesAreComplete, never> = true;
export const unlistedIsNamed: Equal<UnlistedProperties<'Problem', Exclude<Listed, LastListed>[]>, LastListed> = true;

/** A consumer keeping one entry per listed field (e.g. how to read it from DynamoDB) covers every Problem field... */
export type CompleteMap = Assignable<{ [Name in keyof Problem]: unknown }, { [Name in Listed]: unknown }>;
/** ...and a map missing one of them does not compile. */
export type IncompleteMap = Assignable<
  { [Name in Listed]: unknown },
  // @ts-expect-error the last listed field is missing
  { [Name in Exclude<Listed, LastListed>]: unknown }
>;

// --- Compiling tampered copies of operations.ts

const config = ts.readConfigFile(new URL('../tsconfig.json', import.meta.url).pathname, ts.sys.readFile.bind(ts.sys));
const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, new URL('..', import.meta.url).pathname);

/** Type errors of operations.ts (next to the real schema.ts) after `edit`, one message per error. */
async function typeErrorsOfOperationsWith(edit: (text: string) => string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'items-api-schema-properties-'));
  try {
    await copyFile(join(generatedDir, 'schema.ts'), join(dir, 'schema.ts'));
    const operations = await readFile(join(generatedDir, 'operations.ts'), 'utf8');
    await writeFile(join(dir, 'operations.ts'), edit(operations));
    // No ambient types: the generated files need none, and a temp dir has no node_modules/@types to find.
    const program = ts.createProgram([join(dir, 'schema.ts'), join(dir, 'operations.ts')], { ...options, types: [] });
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Replaces the generated Problem list with `names`. */
function problemListAs(names: string[]): (text: string) => string {
  return (text) => {
    const start = text.indexOf('"Problem": [', text.indexOf('export const schemaProperties'));
    assert.ok(start > 0, 'no Problem list in operations.ts');
    return `${text.slice(0, start)}"Problem": ${JSON.stringify(names)}${text.slice(text.indexOf(']', start) + 1)}`;
  };
}

const contract = await loadContract();
const problemProperties = Object.keys(
  deref(contract, ((contract.components as JsonObject).schemas as JsonObject).Problem).properties as JsonObject,
);

describe('schemaProperties', () => {
  it("lists each object schema's properties in contract order", () => {
    const schemas = (contract.components as JsonObject).schemas as JsonObject;
    const objectSchemas = Object.entries(schemas).filter(([, schema]) => isObject(deref(contract, schema).properties));
    assert.deepEqual(
      Object.keys(schemaProperties),
      objectSchemas.map(([name]) => name),
    );
    assert.deepEqual(schemaProperties.Problem, problemProperties);
  });

  it('type-checks as generated', async () => {
    assert.deepEqual(await typeErrorsOfOperationsWith((text) => text), []);
  });

  it('fails type checking, naming the field, when a list leaves a property out', async () => {
    const left = problemProperties.at(-1);
    const errors = await typeErrorsOfOperationsWith(problemListAs(problemProperties.slice(0, -1)));
    assert.ok(
      errors.some((message) => message.includes(`"${left}"`) && message.includes('never')),
      errors.join('\n'),
    );
  });

  it('fails type checking when a list names something the schema does not have', async () => {
    const errors = await typeErrorsOfOperationsWith(problemListAs([...problemProperties, 'nmae']));
    assert.ok(
      errors.some((message) => message.includes('"nmae"')),
      errors.join('\n'),
    );
  });
});
