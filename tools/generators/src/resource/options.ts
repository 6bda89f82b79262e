/**
 * The resource generator's options, checked and read into what the generator writes: the resource's name and its
 * schema's, its keys (DynamoDB type and who chooses each), its fields and whether reads and deletes go straight to
 * DynamoDB. Every refusal names the option and shows what it takes.
 */

export interface ResourceSchema {
  /** The resource's name: its path (`/users`), table and `x-resources` key. */
  name: string;
  /** `name[:S|:N]`, default `id:S`. */
  partitionKey?: string;
  /** `name[:S|:N]`; none by default. */
  sortKey?: string;
  /** Who chooses the partition key: default `server` for a string key without a sort key, else `client`. */
  keyChosenBy?: 'server' | 'client';
  /** `name:type,...` with types string, integer, number, boolean, string[]; default `name:string`. */
  fields?: string;
  /** Serve read and delete straight from DynamoDB (the `dynamodb` integration). */
  direct?: boolean;
  /** Remove what the generator added for the resource instead. */
  remove?: boolean;
}

export type KeyType = 'S' | 'N';

export interface KeyPlan {
  name: string;
  type: KeyType;
  chosenBy: 'server' | 'client';
}

export const fieldTypes = ['string', 'integer', 'number', 'boolean', 'string[]'] as const;
export type FieldType = (typeof fieldTypes)[number];

export interface FieldPlan {
  name: string;
  type: FieldType;
}

export interface ResourcePlan {
  name: string;
  /** The schema of a stored object: the singular of the name, capitalised (users → User). */
  schema: string;
  partitionKey: KeyPlan;
  sortKey?: KeyPlan;
  fields: FieldPlan[];
  direct: boolean;
}

/** The resource's keys: its partition key, then its sort key if it has one. */
export const keysOf = (plan: ResourcePlan): KeyPlan[] => [plan.partitionKey, ...(plan.sortKey ? [plan.sortKey] : [])];

/** A readable error for the user (Nx prints the message). */
export function fail(message: string): never {
  throw new Error(`resource generator: ${message}`);
}

/** The pattern `x-resources` holds resource names to (openapi/src/resources.ts). */
const resourceNamePattern = /^[a-z][a-zA-Z0-9]*$/;
/** Keys and fields are camelCase properties: they are path parameters, and the direct integration reads them in VTL. */
const propertyNamePattern = /^[a-z][a-zA-Z0-9]*$/;
/** What the API writes on every stored object itself. */
export const writtenByTheApi = ['version', 'createdAt', 'updatedAt'];

export const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * Global types a generated schema type must not shadow: schema.ts exports every schema as a type of its name, and
 * `export type Record = …` there would break every `Record<…>` in the generated files.
 */
const typeScriptGlobalTypes = new Set([
  'Array',
  'ArrayBuffer',
  'Awaited',
  'Boolean',
  'Capitalize',
  'Date',
  'Error',
  'Exclude',
  'Extract',
  'Function',
  'InstanceType',
  'Iterable',
  'Iterator',
  'Lowercase',
  'Map',
  'NonNullable',
  'Number',
  'Object',
  'Omit',
  'Parameters',
  'Partial',
  'Pick',
  'Promise',
  'PropertyKey',
  'Readonly',
  'ReadonlyArray',
  'Record',
  'RegExp',
  'Required',
  'ReturnType',
  'Set',
  'String',
  'Symbol',
  'Uncapitalize',
  'Uppercase',
  'WeakMap',
  'WeakSet',
]);

/** users → User, categories → Category, boxes → Box, configs → Config; a name not in the plural stays (kv → Kv). */
export function schemaNameOf(resource: string): string {
  const singular = resource.endsWith('ies')
    ? `${resource.slice(0, -3)}y`
    : /(ss|x|ch|sh)es$/.test(resource)
      ? resource.slice(0, -2)
      : /[^su]s$/.test(resource)
        ? resource.slice(0, -1)
        : resource;
  return capitalise(singular);
}

function parseKey(value: string, option: string): { name: string; type: KeyType } {
  const match = /^([^:]*)(?::(.*))?$/.exec(value) as RegExpExecArray;
  const [, name = '', type = 'S'] = match;
  if (!propertyNamePattern.test(name))
    fail(
      `${option} must be a camelCase property name, optionally with :S (string) or :N (number), e.g. id:S; got "${value}"`,
    );
  if (type !== 'S' && type !== 'N')
    fail(`${option}: the DynamoDB key type is S (string) or N (number); got "${type}" in "${value}"`);
  if (writtenByTheApi.includes(name))
    fail(`${option}: "${name}" is written by the API on every object; name the key otherwise`);
  return { name, type };
}

function parseFields(value: string, keys: string[]): FieldPlan[] {
  const fields = value.split(',').map((entry): FieldPlan => {
    const [name = '', type = '', ...rest] = entry.trim().split(':');
    if (!propertyNamePattern.test(name) || rest.length > 0)
      fail(
        `--fields takes name:type pairs separated by commas, names camelCase, e.g. name:string,count:integer; got "${entry}"`,
      );
    if (!(fieldTypes as readonly string[]).includes(type))
      fail(`--fields: the type of "${name}" must be one of ${fieldTypes.join(', ')}; got "${type}"`);
    if (writtenByTheApi.includes(name))
      fail(`--fields: "${name}" is written by the API on every object (${writtenByTheApi.join(', ')})`);
    if (keys.includes(name)) fail(`--fields: "${name}" is a key of the resource; list only the other fields`);
    return { name, type: type as FieldType };
  });
  const names = fields.map((field) => field.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) fail(`--fields names "${twice}" twice`);
  return fields;
}

export function readOptions(options: ResourceSchema): ResourcePlan {
  const { name } = options;
  if (typeof name !== 'string' || !resourceNamePattern.test(name))
    fail(
      `the resource name starts with a lower-case letter and holds only letters and digits, e.g. users; got "${name}"`,
    );
  const partition = parseKey(options.partitionKey ?? 'id', '--partition-key');
  const sort = options.sortKey === undefined ? undefined : parseKey(options.sortKey, '--sort-key');
  if (sort?.name === partition.name) fail(`--sort-key and --partition-key are one property ("${sort.name}")`);
  const chosenBy = options.keyChosenBy ?? (partition.type === 'S' && !sort ? 'server' : 'client');
  if (chosenBy !== 'server' && chosenBy !== 'client')
    fail(
      `--key-chosen-by is server (a UUID the API generates on create) or client (sent in the path); got "${String(chosenBy)}"`,
    );
  if (chosenBy === 'server' && partition.type !== 'S')
    fail(`--key-chosen-by server generates a UUID, a string: --partition-key must be ${partition.name}:S`);
  if (chosenBy === 'server' && sort)
    fail(
      '--key-chosen-by server: with a sort key the client chooses both keys (PUT creates); use --key-chosen-by client',
    );
  const direct = options.direct ?? false;
  if (direct && sort)
    fail(
      '--direct serves resources keyed by a partition key alone (GetItem/DeleteItem by the path); leave out --sort-key or --direct',
    );
  if (direct && partition.type !== 'S')
    fail(`--direct checks path parameters as strings only: --partition-key must be ${partition.name}:S`);
  const keys = [partition.name, ...(sort ? [sort.name] : [])];
  const schema = schemaNameOf(name);
  if (typeScriptGlobalTypes.has(schema))
    fail(
      `"${name}" would name its schema ${schema}, which TypeScript's own ${schema} type already names (the generated schema.ts exports each schema as a type); choose another resource name`,
    );
  return {
    name,
    schema,
    partitionKey: { ...partition, chosenBy },
    ...(sort && { sortKey: { ...sort, chosenBy: 'client' as const } }),
    fields: parseFields(options.fields ?? 'name:string', keys),
    direct,
  };
}
