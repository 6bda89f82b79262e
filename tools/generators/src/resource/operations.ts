/**
 * A resource's paths and operations, declared the way items' are: each names its resource and shared action
 * (`x-resource`), its integration and the one DynamoDB action that action is served with (read from
 * openapi/src/resources.ts, the contract's own reader), its scope and API key, the shared parameters and responses
 * (the errors its kind shares with the contract's operations, and its action's own), and examples.
 */
import { isObject, operationsOf, sharedResponses, type Json, type JsonObject } from '../contract-text.ts';
import { capitalise, fail, type KeyPlan, type ResourcePlan } from './options.ts';
import { ref, schemaNamesOf, scopesOf, securitySchemes, tagOf } from './names.ts';
import { created, fieldExamples, stored, withArticle, type Example } from './schemas.ts';

export type ResourceAction = 'list' | 'query' | 'create' | 'read' | 'replace' | 'patch' | 'delete';
/** Each shared action and the DynamoDB action serving it (`resourceActions` of openapi/src/resources.ts). */
export type ResourceActions = Record<ResourceAction, string>;

/** The component a generated operation refers to; the contract must have it (items' operations use each). */
function component(contract: JsonObject, section: string, name: string): JsonObject {
  const components = isObject(contract.components) ? contract.components[section] : undefined;
  if (!isObject(components) || !isObject(components[name]))
    fail(`the contract has no components.${section}.${name}, which the resource's operations refer to`);
  return ref(section, name);
}

/** The actions a resource has: the collection's list, create when the server chooses the key, query with a sort key. */
export function actionsOf(plan: ResourcePlan): ResourceAction[] {
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

export const reads: ResourceAction[] = ['list', 'query', 'read'];

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
const directErrors = { '415': 'UnsupportedMediaType' };
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
 * The errors a secured resource operation answers beyond the gateway's own (which every operation documents, the
 * public ones too): a request off the contract (400), a missing or bad token (401) or API key (403), DynamoDB
 * throttling (503). What a new read or write documents when the contract has no secured operation to learn from.
 */
const securedErrors = { '400': 'BadRequest', '401': 'Unauthorized', '403': 'Forbidden', '503': 'ServiceUnavailable' };

/**
 * The error responses the contract's secured operations of a kind (reads: GET; writes: the rest) all document
 * alike (400, 401, 403 and the gateway's), but those an action decides: what any new read or write answers too. Without any (an API whose last
 * resource was removed), those every operation documents and `securedErrors`.
 */
export function sharedErrors(contract: JsonObject, read: boolean): JsonObject {
  const operations = operationsOf(contract);
  const secured = operations.filter(
    ({ method, operation }) =>
      (method === 'get') === read && Array.isArray(operation.security) && operation.security.length > 0,
  );
  if (secured.length === 0)
    return {
      ...sharedResponses(operations),
      ...Object.fromEntries(
        Object.entries(securedErrors).map(([status, name]) => [status, component(contract, 'responses', name)]),
      ),
    };
  // Less the statuses an operation documents by its action (404, 412, 415): a direct delete's 415 is not a write's.
  const byAction = new Set([...Object.values(ownErrors), directErrors].flatMap((errors) => Object.keys(errors)));
  const shared = Object.fromEntries(
    Object.entries(sharedResponses(secured)).filter(([status]) => !byAction.has(status)),
  );
  if (!shared['401'])
    fail(
      `cannot tell the error responses of a ${read ? 'read' : 'write'}: the contract's secured ${read ? 'reads' : 'writes'} document no 401 alike`,
    );
  return shared;
}

/**
 * The components every resource's operations refer to, whichever resource declares them: removing the last
 * resource keeps them for the next one (unused until then, which the contract's lint refuses).
 */
export const sharedComponents: Record<string, string[]> = {
  responses: [
    ...new Set([
      ...Object.values(ownErrors).flatMap((errors) => Object.values(errors)),
      ...Object.values(directErrors),
      ...Object.values(securedErrors),
    ]),
  ],
  parameters: [...new Set(Object.values(ownParameters).flat())],
  headers: ['ETag', 'Location'],
};
const [etagHeader, locationHeader] = sharedComponents.headers as [string, string];

/**
 * A query's optional conditions on the sort key (`x-sort-key-condition`): a prefix, for a string sort key
 * (DynamoDB's `begins_with`), and inclusive bounds; DynamoDB takes one condition on the sort key, so a prefix does
 * not go with a bound.
 */
function sortKeyConditionParameters(plan: ResourcePlan): JsonObject[] {
  const { sortKey } = plan;
  if (!sortKey) return [];
  const key = sortKey.name;
  const order = sortKey.type === 'S' ? "in DynamoDB's order, by UTF-8 bytes" : 'by value';
  const parameter = (suffix: string, kind: string, description: string) => ({
    name: `${key}${suffix}`,
    in: 'query',
    required: false,
    description,
    schema: ref('schemas', schemaNamesOf(plan).keys[key] as string),
    'x-sort-key-condition': kind,
  });
  return [
    ...(sortKey.type === 'S'
      ? [
          parameter(
            'Prefix',
            'prefix',
            `Only the ${plan.name} whose \`${key}\` starts with this text. Not with \`${key}From\` or \`${key}To\`: DynamoDB takes one condition on the sort key.`,
          ),
        ]
      : []),
    parameter('From', 'from', `Only the ${plan.name} whose \`${key}\` is this one or after it (${order}).`),
    parameter(
      'To',
      'to',
      `Only the ${plan.name} whose \`${key}\` is this one or before it (${order}); before \`${key}From\`, none.`,
    ),
  ];
}

const byStatus = (responses: JsonObject): JsonObject =>
  Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));

export interface OperationContext {
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
  const etag = { [etagHeader]: component(contract, 'headers', etagHeader) };
  const location = { [locationHeader]: component(contract, 'headers', locationHeader) };
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
  const parameters = [
    ...ownParameters[action].map((name) => component(contract, 'parameters', name)),
    ...(action === 'query' ? sortKeyConditionParameters(plan) : []),
  ];
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
export function pathsOf(context: OperationContext): JsonObject {
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
