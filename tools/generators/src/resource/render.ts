/**
 * What the resource generator adds to the contract, as plain data: the `x-resources` entry, the schemas, the tag,
 * the OAuth scopes and the paths with their operations. Operations are declared the way items' are: each names its
 * resource and shared action (`x-resource`), its integration and the one DynamoDB action that action is served with
 * (read from openapi/src/resources.ts, the contract's own reader), its scope and API key, the shared parameters and
 * responses, and examples that are instances of their schemas.
 */
import { isObject, operationsOf, sharedResponses, type Json, type JsonObject } from '../contract-text.ts';
import { fail, keysOf, type FieldPlan, type FieldType, type KeyPlan, type ResourcePlan } from './options.ts';

export type ResourceAction = 'list' | 'query' | 'create' | 'read' | 'replace' | 'patch' | 'delete';
/** Each shared action and the DynamoDB action serving it (`resourceActions` of openapi/src/resources.ts). */
export type ResourceActions = Record<ResourceAction, string>;

/** What the generator writes for one resource, keyed as it goes into the contract. */
export interface ResourceFragments {
  declaration: JsonObject;
  schemas: JsonObject;
  tag: { name: string; description: string };
  scopes: Record<string, string>;
  paths: JsonObject;
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const ref = (section: string, name: string) => ({ $ref: `#/components/${section}/${name}` });

/** The names of the schemas the generator writes for a resource whose stored schema is `schema`, keys by name. */
export function schemaNames(schema: string, keyNames: string[]) {
  return {
    stored: schema,
    writable: `New${schema}`,
    patch: `${schema}Patch`,
    page: `${schema}Page`,
    keys: Object.fromEntries(keyNames.map((key) => [key, `${schema}${capitalise(key)}`])) as Record<string, string>,
  };
}

const schemaNamesOf = (plan: ResourcePlan) =>
  schemaNames(
    plan.schema,
    keysOf(plan).map((key) => key.name),
  );

export const tagOf = (resource: string) => capitalise(resource);
export const scopesOf = (resource: string) => ({ read: `${resource}:read`, write: `${resource}:write` });

/** The component a generated operation refers to; the contract must have it (items' operations use each). */
function component(contract: JsonObject, section: string, name: string): JsonObject {
  const components = isObject(contract.components) ? contract.components[section] : undefined;
  if (!isObject(components) || !isObject(components[name]))
    fail(`the contract has no components.${section}.${name}, which the resource's operations refer to`);
  return ref(section, name);
}

/** The OAuth 2.0 scheme and the API key scheme of `components.securitySchemes`, by name. */
export function securitySchemes(contract: JsonObject): { oauth: string; apiKey: string } {
  const schemes = isObject(contract.components) ? contract.components.securitySchemes : undefined;
  const named = (type: string) =>
    Object.entries(isObject(schemes) ? schemes : {}).find(
      ([, scheme]) => isObject(scheme) && scheme.type === type,
    )?.[0] ??
    fail(`the contract has no ${type} security scheme in components.securitySchemes to add the resource's scopes to`);
  return { oauth: named('oauth2'), apiKey: named('apiKey') };
}

/** The place of the OAuth scheme's scopes, `components.securitySchemes.<scheme>.flows.clientCredentials.scopes`. */
export const scopesPath = (contract: JsonObject) => [
  'components',
  'securitySchemes',
  securitySchemes(contract).oauth,
  'flows',
  'clientCredentials',
  'scopes',
];

/** An example of a key value. */
function keyExample(key: KeyPlan, resourceSingular: string, position: number): Json {
  if (key.type === 'N') return position + 1;
  if (key.chosenBy === 'server') return '0b7e6a52-3c1d-4e8f-9a2b-5c6d7e8f9a0b';
  return `${position === 0 ? resourceSingular : key.name}-1`;
}

const fieldExamples: Record<FieldType, (name: string) => Json> = {
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
interface Example {
  keys: Record<string, Json>;
  fields: Record<string, Json>;
}

function exampleOf(plan: ResourcePlan): Example {
  const singular = plan.schema.toLowerCase();
  return {
    keys: Object.fromEntries(keysOf(plan).map((key, i) => [key.name, keyExample(key, singular, i)])),
    fields: Object.fromEntries(plan.fields.map((field) => [field.name, fieldExamples[field.type](field.name)])),
  };
}

const created = '2026-11-01T09:30:00.000Z';
const stored = (example: Example, version: number, updatedAt: string): JsonObject => ({
  ...example.keys,
  ...example.fields,
  version,
  createdAt: version === 1 ? updatedAt : created,
  updatedAt,
});

/** `a user`, `an item` (by the first letter: a `u` mostly sounds like `you`). */
const withArticle = (noun: string) => `${/^[aeio]/.test(noun) ? 'an' : 'a'} ${noun}`;

/** The actions a resource has: the collection's list, create when the server chooses the key, query with a sort key. */
function actionsOf(plan: ResourcePlan): ResourceAction[] {
  return [
    'list',
    ...(plan.partitionKey.chosenBy === 'server' ? (['create'] as const) : []),
    ...(plan.sortKey ? (['query'] as const) : []),
    'read',
    'replace',
    'patch',
    'delete',
  ];
}

const reads: ResourceAction[] = ['list', 'query', 'read'];

/** `List, create, read, replace, patch and delete users`. */
function sentence(actions: ResourceAction[], noun: string): string {
  const text = actions.length === 1 ? actions[0] : `${actions.slice(0, -1).join(', ')} and ${actions.at(-1)}`;
  return `${capitalise(text ?? '')} ${noun}.`;
}

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

function schemasOf(plan: ResourcePlan): JsonObject {
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

/** The error responses of an operation beyond those its kind (read or write) shares with the contract's. */
const ownErrors: Record<ResourceAction, Record<string, string>> = {
  list: {},
  query: {},
  create: { '415': 'UnsupportedMediaType' },
  read: { '404': 'NotFound' },
  replace: { '412': 'PreconditionFailed', '415': 'UnsupportedMediaType' },
  patch: { '404': 'NotFound', '412': 'PreconditionFailed', '415': 'UnsupportedMediaType' },
  delete: { '404': 'NotFound', '412': 'PreconditionFailed' },
};
/** API Gateway refuses a non-JSON Content-Type before a direct integration (openapi/src/integrations/dynamodb). */
const directErrors = { '415': 'ContentTypeNotJson' };
const servedDirectly: ResourceAction[] = ['read', 'delete'];

const ownParameters: Record<ResourceAction, string[]> = {
  list: ['Limit', 'Cursor'],
  query: ['Limit', 'Cursor'],
  create: [],
  read: [],
  replace: ['IfMatch', 'IfNoneMatch'],
  patch: ['IfMatch'],
  delete: ['IfMatch'],
};

/**
 * The error responses the contract's secured operations of a kind (reads: GET; writes: the rest) all document
 * alike (400, 401, 403 and the gateway's): what any new read or write answers too.
 */
function sharedErrors(contract: JsonObject, read: boolean): JsonObject {
  const secured = operationsOf(contract).filter(
    ({ method, operation }) =>
      (method === 'get') === read && Array.isArray(operation.security) && operation.security.length > 0,
  );
  const shared = sharedResponses(secured);
  if (!shared['401'])
    fail(
      `cannot tell the error responses of a ${read ? 'read' : 'write'}: the contract's secured ${read ? 'reads' : 'writes'} document no 401 alike`,
    );
  return shared;
}

const byStatus = (responses: JsonObject): JsonObject =>
  Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));

interface OperationContext {
  plan: ResourcePlan;
  contract: JsonObject;
  dynamodbActions: ResourceActions;
  example: Example;
}

function operationOf(
  action: ResourceAction,
  { plan, contract, dynamodbActions, example }: OperationContext,
): JsonObject {
  const singular = plan.schema.toLowerCase();
  const plural = capitalise(plan.name);
  const names = schemaNamesOf(plan);
  const read = reads.includes(action);
  const direct = plan.direct && servedDirectly.includes(action);
  const schemes = securitySchemes(contract);
  const scopes = scopesOf(plan.name);
  const json = (schema: string, value: Json) => ({
    'application/json': { schema: ref('schemas', schema), example: value },
  });
  const body = (schema: string, value: Json, media = 'application/json') => ({
    required: true,
    content: { [media]: { schema: ref('schemas', schema), example: value } },
  });
  const etag = { ETag: component(contract, 'headers', 'ETag') };
  const location = { Location: component(contract, 'headers', 'Location') };
  const [firstField] = plan.fields;
  const patchExample = firstField
    ? { [firstField.name]: fieldExamples[firstField.type](`new ${firstField.name}`) }
    : {};
  const page = (description: string) => ({
    '200': { description, content: json(names.page, { items: [stored(example, 3, '2026-11-02T14:05:12.345Z')] }) },
  });
  const facts: Record<
    ResourceAction,
    { operationId: string; summary: string; description: string; body?: JsonObject; success: JsonObject }
  > = {
    list: {
      operationId: `list${plural}`,
      summary: `List ${plan.name}, one page at a time`,
      description: `Returns up to \`limit\` ${plan.name} and, when more remain, a \`nextCursor\` to pass back as \`cursor\`.\nA page may hold fewer than \`limit\` ${plan.name} even when more remain; stop only when \`nextCursor\` is absent.\n`,
      success: page(`One page of ${plan.name}.`),
    },
    query: {
      operationId: `query${plural}`,
      summary: `List the ${plan.name} of one ${plan.partitionKey.name}, one page at a time`,
      description: `Returns up to \`limit\` ${plan.name} whose \`${plan.partitionKey.name}\` is the one in the path and, when more remain,\na \`nextCursor\` to pass back as \`cursor\`.\nA page may hold fewer than \`limit\` ${plan.name} even when more remain; stop only when \`nextCursor\` is absent.\n`,
      success: page(`One page of the ${plan.name} of one ${plan.partitionKey.name}.`),
    },
    create: {
      operationId: `create${plan.schema}`,
      summary: `Create ${withArticle(singular)}`,
      description: `The server generates the ${singular}'s \`${plan.partitionKey.name}\` (a UUID) and returns its URL in \`Location\`.`,
      body: body(names.writable, example.fields),
      success: {
        '201': {
          description: `The ${singular} was created.`,
          headers: { ...location, ...etag },
          content: json(plan.schema, stored(example, 1, created)),
        },
      },
    },
    read: {
      operationId: `get${plan.schema}`,
      summary: `Get ${withArticle(singular)}`,
      description: `Returns the ${singular} with its version as \`ETag\`.`,
      success: {
        '200': {
          description: `The ${singular}.`,
          headers: etag,
          content: json(plan.schema, stored(example, 3, '2026-11-02T14:05:12.345Z')),
        },
      },
    },
    replace: {
      operationId: `put${plan.schema}`,
      summary: `Replace or create ${withArticle(singular)}`,
      description: `Stores the ${singular} under the given key, replacing all of its writable fields. \`createdAt\` survives a\nreplace and \`version\` goes up by one.\n\n- Without conditions, it replaces the ${singular} if it exists (\`200\`) and creates it otherwise (\`201\`).\n- With \`If-Match\`, it replaces only the ${singular} at that version; anything else is \`412\`.\n- With \`If-None-Match: *\`, it only creates; an existing ${singular} is \`412\`.\n`,
      body: body(names.writable, example.fields),
      success: {
        '200': {
          description: `The ${singular} was replaced.`,
          headers: etag,
          content: json(plan.schema, stored(example, 4, '2026-11-03T08:00:00.000Z')),
        },
        '201': {
          description: `The ${singular} was created.`,
          headers: { ...location, ...etag },
          content: json(plan.schema, stored(example, 1, '2026-11-03T08:00:00.000Z')),
        },
      },
    },
    patch: {
      operationId: `patch${plan.schema}`,
      summary: `Update parts of ${withArticle(singular)}`,
      description: `Applies a JSON merge patch ([RFC 7396](https://www.rfc-editor.org/rfc/rfc7396)): a field set to a value\nreplaces it, absent fields stay as they are. The patch must change at least one field.\n`,
      body: body(names.patch, patchExample, 'application/merge-patch+json'),
      success: {
        '200': {
          description: `The ${singular} after the patch.`,
          headers: etag,
          content: json(plan.schema, { ...stored(example, 4, '2026-11-03T10:00:00.000Z'), ...patchExample }),
        },
      },
    },
    delete: {
      operationId: `delete${plan.schema}`,
      summary: `Delete ${withArticle(singular)}`,
      description: `Deletes the ${singular}; with \`If-Match\`, only if it is still at that version.`,
      success: { '204': { description: `The ${singular} was deleted. No content, so no \`Content-Type\`.` } },
    },
  };
  const { operationId, summary, description, body: requestBody, success } = facts[action];
  const errors = Object.fromEntries(
    Object.entries({ ...ownErrors[action], ...(direct ? directErrors : {}) }).map(([status, name]) => [
      status,
      component(contract, 'responses', name),
    ]),
  );
  const parameters = ownParameters[action].map((name) => component(contract, 'parameters', name));
  return {
    operationId,
    summary,
    description,
    tags: [tagOf(plan.name)],
    'x-integration': { type: direct ? 'dynamodb' : 'lambda', dynamodbActions: [dynamodbActions[action]] },
    'x-resource': { name: plan.name, action },
    security: [{ [schemes.oauth]: [read ? scopes.read : scopes.write], [schemes.apiKey]: [] }],
    ...(parameters.length > 0 && { parameters }),
    ...(requestBody && { requestBody }),
    responses: byStatus({ ...success, ...sharedErrors(contract, read), ...errors }),
  };
}

function pathParameter(plan: ResourcePlan, key: KeyPlan, example: Example): JsonObject {
  return {
    name: key.name,
    in: 'path',
    required: true,
    description: `The ${plan.schema.toLowerCase()}'s ${key.name}.`,
    schema: ref('schemas', schemaNamesOf(plan).keys[key.name] as string),
    example: example.keys[key.name] ?? null,
  };
}

/** The resource's paths: the collection, the partition (a query, with a sort key) and each stored object. */
function pathsOf(context: OperationContext): JsonObject {
  const { plan, example } = context;
  const actions = actionsOf(plan);
  const item = (list: ResourceAction[]) =>
    Object.fromEntries(
      list
        .filter((action) => actions.includes(action))
        .map((action) => [
          { list: 'get', query: 'get', read: 'get', create: 'post', replace: 'put', patch: 'patch', delete: 'delete' }[
            action
          ],
          operationOf(action, context),
        ]),
    );
  const partition = `/${plan.name}/{${plan.partitionKey.name}}`;
  const partitionParameter = pathParameter(plan, plan.partitionKey, example);
  const one = ['read', 'replace', 'patch', 'delete'] as ResourceAction[];
  return {
    [`/${plan.name}`]: item(['list', 'create']),
    ...(plan.sortKey
      ? {
          [partition]: { parameters: [partitionParameter], ...item(['query']) },
          [`${partition}/{${plan.sortKey.name}}`]: {
            parameters: [partitionParameter, pathParameter(plan, plan.sortKey, example)],
            ...item(one),
          },
        }
      : { [partition]: { parameters: [partitionParameter], ...item(one) } }),
  };
}

export function fragmentsOf(
  plan: ResourcePlan,
  contract: JsonObject,
  dynamodbActions: ResourceActions,
): ResourceFragments {
  const example = exampleOf(plan);
  const actions = actionsOf(plan);
  const readActions = actions.filter((action) => reads.includes(action));
  const writeActions = actions.filter((action) => !reads.includes(action));
  const scopes = scopesOf(plan.name);
  const key = (k: KeyPlan) => ({ name: k.name, chosenBy: k.chosenBy });
  return {
    declaration: {
      schema: plan.schema,
      partitionKey: key(plan.partitionKey),
      ...(plan.sortKey && { sortKey: key(plan.sortKey) }),
    },
    schemas: schemasOf(plan),
    tag: { name: tagOf(plan.name), description: sentence(actions, plan.name) },
    scopes: { [scopes.read]: sentence(readActions, plan.name), [scopes.write]: sentence(writeActions, plan.name) },
    paths: pathsOf({ plan, contract, dynamodbActions, example }),
  };
}
