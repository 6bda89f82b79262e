/**
 * The schemas of a resource (stored, writable, merge patch, page and one a key) and the values its examples show,
 * each example an instance of its schema.
 */
import { type Json, type JsonObject } from '../contract-text.ts';
import {
  capitalise,
  fail,
  keysOf,
  type FieldPlan,
  type FieldType,
  type KeyPlan,
  type ResourcePlan,
} from './options.ts';
import { ref, schemaNamesOf } from './names.ts';

/** An example of a key value. */
function keyExample(key: KeyPlan, resourceSingular: string, position: number): Json {
  if (key.type === 'N') return position + 1;
  if (key.chosenBy === 'server') return '0b7e6a52-3c1d-4e8f-9a2b-5c6d7e8f9a0b';
  return `${position === 0 ? resourceSingular : key.name}-1`;
}

export const fieldExamples: Record<FieldType, (name: string) => Json> = {
  string: (name) => `Example ${name}`,
  integer: () => 1,
  number: () => 1.5,
  boolean: () => true,
  'string[]': () => ['example'],
};

/** The integers every JSON client reads exactly (JavaScript's safe integers); DynamoDB holds them all. */
const safeIntegers = { minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER };

const fieldSchemas: Record<FieldType, JsonObject> = {
  string: { type: 'string', maxLength: 2000 },
  integer: { type: 'integer', ...safeIntegers },
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  'string[]': { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 2000 } },
};

function keySchema(key: KeyPlan): JsonObject {
  if (key.type === 'N')
    return { type: 'integer', ...safeIntegers, description: 'A whole number, chosen by the client.' };
  return {
    type: 'string',
    description: `1 to 128 characters of letters, digits, \`_\` and \`-\`; ${key.chosenBy === 'server' ? 'the server generates a UUID on create' : 'chosen by the client'}.`,
    minLength: 1,
    maxLength: 128,
    pattern: '^[A-Za-z0-9_-]+$',
  };
}

/** The key and field values every example of the resource shows. */
export interface Example {
  keys: Record<string, Json>;
  fields: Record<string, Json>;
}

export function exampleOf(plan: ResourcePlan): Example {
  const singular = plan.schema.toLowerCase();
  return {
    keys: Object.fromEntries(keysOf(plan).map((key, i) => [key.name, keyExample(key, singular, i)])),
    fields: Object.fromEntries(plan.fields.map((field) => [field.name, fieldExamples[field.type](field.name)])),
  };
}

export const created = '2026-11-01T09:30:00.000Z';
export const stored = (example: Example, version: number, updatedAt: string): JsonObject => ({
  ...example.keys,
  ...example.fields,
  version,
  createdAt: version === 1 ? updatedAt : created,
  updatedAt,
});

/** `a user`, `an item` (by the first letter: a `u` mostly sounds like `you`). */
export const withArticle = (noun: string) => `${/^[aeio]/.test(noun) ? 'an' : 'a'} ${noun}`;

/**
 * A number's limits are DynamoDB's, which no JSON Schema bound states exactly (its largest magnitude is no double):
 * said in prose, as the contract's AttributeValue does. AWS, "Data types", Number:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number
 */
const numberLimits =
  ' DynamoDB holds 38 significant digits, a magnitude from 1e-130 to 9.9999999999999999999999999999999999999e125, and no negative zero; a number it cannot hold is refused with `400` naming it, never rounded.';

function fieldSchema(plan: ResourcePlan, field: FieldPlan): JsonObject {
  const description = `The ${plan.schema.toLowerCase()}'s ${field.name}.${field.type === 'number' ? numberLimits : ''}`;
  return { ...fieldSchemas[field.type], description };
}

export function schemasOf(plan: ResourcePlan): JsonObject {
  const singular = plan.schema.toLowerCase();
  const keys = keysOf(plan);
  const names = schemaNamesOf(plan);
  const all = [
    names.stored,
    names.writable,
    names.patch,
    names.page,
    ...keys.map((key) => `${plan.schema}${capitalise(key.name)}`),
  ];
  const twice = all.find((name, i) => all.indexOf(name) !== i);
  if (twice)
    fail(`a key would name its schema ${twice}, a name the resource's other schemas take; name the key otherwise`);
  const fields = Object.fromEntries(plan.fields.map((field) => [field.name, fieldSchema(plan, field)]));
  const fieldNames = plan.fields.map((field) => field.name);
  return {
    ...Object.fromEntries(keys.map((key) => [names.keys[key.name] as string, keySchema(key)])),
    [names.writable]: {
      type: 'object',
      description: `The writable fields of ${withArticle(singular)}.`,
      additionalProperties: false,
      required: fieldNames,
      properties: fields,
    },
    [names.patch]: {
      type: 'object',
      description: `A JSON merge patch of the writable fields of ${withArticle(singular)}: each field given replaces the stored one.`,
      additionalProperties: false,
      minProperties: 1,
      properties: fields,
    },
    [names.stored]: {
      type: 'object',
      description: `${capitalise(withArticle(singular))} as stored.`,
      additionalProperties: false,
      required: [...keys.map((key) => key.name), ...fieldNames, 'version', 'createdAt', 'updatedAt'],
      properties: {
        ...Object.fromEntries(keys.map((key) => [key.name, ref('schemas', names.keys[key.name] as string)])),
        ...fields,
        version: {
          type: 'integer',
          minimum: 1,
          description: 'Goes up by one with every change; the `ETag` is its strong tag.',
        },
        createdAt: { type: 'string', format: 'date-time', description: `When the ${singular} was first stored.` },
        updatedAt: { type: 'string', format: 'date-time', description: `When the ${singular} was last changed.` },
      },
    },
    [names.page]: {
      type: 'object',
      description: `One page of ${plan.name}.`,
      additionalProperties: false,
      required: ['items'],
      properties: {
        items: { type: 'array', items: ref('schemas', names.stored) },
        nextCursor: {
          type: 'string',
          description: 'Pass this back as `cursor` for the next page; absent on the last page.',
        },
      },
    },
  };
}
