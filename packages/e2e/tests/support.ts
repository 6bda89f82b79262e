/**
 * What every spec shares: a `test` whose `request` carries the stage's full-access credentials (an access token and
 * the API key), with `reader` (the read-only client) and `anonymous` (no credentials) beside it; an `objects` fixture
 * that stores objects of any resource at fresh keys and deletes them afterwards (the suite may run against a shared
 * deployed stage: it never assumes an empty table); what the operations table says of a resource (its operation for
 * each shared action, an operation's example body and path to an object); and assertions derived from the contract
 * (problem types, CORS policy, response schemas). tests/items/support.ts adds the items resource's own fixture.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { test as base, expect, type APIRequestContext, type APIResponse } from '@playwright/test';
import {
  apiKeyHeader,
  connectionFromEnv,
  requestAccessToken,
  type ClientCredentials,
  type ConnectionRole,
  type ItemsClientOptions,
} from '@items-api/client';
import body from '@items-api/openapi/apigateway-body.json' with { type: 'json' };
import { operationServing, operationsServing as servingAll } from '@items-api/openapi/resource-operations';
import {
  cors,
  operations,
  problemTypes,
  problemTypeUriPrefix,
  resources,
  type OperationId,
  type ProblemTypeKey,
  type ResourceAction,
  type ResourceName,
} from '@items-api/openapi/operations';
import { stageVariables } from './stage-env.ts';

export { expect };

/** A request path relative to the base URL (which may carry a stage, e.g. `/dev/`). */
export const path = (absolute: string) => absolute.replace(/^\//, '');

/** The run's prefix: every name and id this run creates starts with it. */
export const runId = `e2e-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;

export const uniqueId = (label = 'item') => `${runId}-${label}-${randomUUID().slice(0, 8)}`;

/** A resource's declaration (`x-resources`): its schema and its keys, the sort key optional. */
export interface ResourceDeclaration {
  schema: string;
  partitionKey: { name: string; type: 'S' | 'N'; chosenBy: 'server' | 'client' };
  sortKey?: { name: string; type: 'S' | 'N' };
}
export const declarationOf = (resource: ResourceName) => resources[resource] as ResourceDeclaration;

/** A key value nobody else uses: a unique string, or a random integer for a numeric key. */
export const freshKeyValue = (type: 'S' | 'N', label: string): string | number =>
  type === 'N' ? randomInt(1, 2 ** 47) : uniqueId(label);

export const json = { 'Content-Type': 'application/json' } as const;
export const mergePatch = { 'Content-Type': 'application/merge-patch+json' } as const;

const addFormats = (ajvFormats as unknown as { default?: typeof ajvFormats }).default ?? ajvFormats;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema({ $id: 'contract', components: (body as { components: unknown }).components });
const validators = new Map<string, ValidateFunction>();

/** Asserts `data` matches the contract's schema `name` (from the generated body's models). */
export function expectSchema(data: unknown, name: string): void {
  let validate = validators.get(name);
  if (!validate) {
    validate = ajv.compile({ $ref: `contract#/components/schemas/${name}` });
    validators.set(name, validate);
  }
  expect(validate(data), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

/** Asserts a problem+json answer of the given kind; returns the problem. */
export async function expectProblem(
  response: APIResponse,
  key: ProblemTypeKey | ProblemTypeKey[],
): Promise<Record<string, unknown>> {
  const keys = Array.isArray(key) ? key : [key];
  const statuses = keys.map((k) => problemTypes[k].status);
  expect(statuses, `${response.url()} ${response.status()}`).toContain(response.status());
  expect(response.headers()['content-type']).toMatch(/^application\/problem\+json/);
  const problem = (await response.json()) as Record<string, unknown>;
  expectSchema(problem, 'Problem');
  expect(keys.map((k) => `${problemTypeUriPrefix}${k}`)).toContain(problem.type);
  const matched = keys.find((k) => `${problemTypeUriPrefix}${k}` === problem.type) as ProblemTypeKey;
  expect(problem.status).toBe(response.status());
  expect(problem.title).toBe(problemTypes[matched].title);
  expect(typeof problem.requestId).toBe('string');
  expect(response.headers()['access-control-allow-origin']).toBe(cors.allowOrigin);
  return problem;
}

/** The ETag of a response, e.g. `"3"`. */
export function etag(response: APIResponse): string {
  const value = response.headers()['etag'];
  expect(value, `ETag on ${response.url()}`).toMatch(/^"\d+"$/);
  return value as string;
}

/** An object as the API answers it, or the key values addressing one. */
export type Stored = Record<string, unknown>;

/** The resource an operation serves and the shared action it serves (null for one of its own), if any. */
export const resourceOf = (id: OperationId) =>
  operations[id].resource as { name: ResourceName; action: ResourceAction | null } | null;

/** The operation of `resource` serving `action`, if it declares one. */
export const operationFor = (resource: ResourceName, action: ResourceAction): OperationId | undefined =>
  operationServing(resource, action);

/** The operations serving `action`, with their resources: a generic spec runs once per resource through them. */
export const operationsServing = (action: ResourceAction): { id: OperationId; resource: ResourceName }[] =>
  servingAll(action).map(({ operationId, resource }) => ({ id: operationId, resource: resource as ResourceName }));

/** API Gateway serves the operation by calling DynamoDB itself, not through the function (a contract may have none). */
export const servedByDynamoDB = (id: OperationId): boolean => (operations[id].integration as string) === 'dynamodb';

/** The example request body the contract documents for the operation (undefined for a bodiless one). */
export const exampleOf = (id: OperationId): unknown =>
  structuredClone((operations[id].requestBody as { example: unknown } | null)?.example);

/** The Content-Type header of the operation's body: its first media type (JSON for a bodiless operation). */
export const contentTypeOf = (id: OperationId): { 'Content-Type': string } => ({
  'Content-Type':
    (operations[id].requestBody as { contentTypes: readonly string[] } | null)?.contentTypes[0] ?? json['Content-Type'],
});

/** The operation's request path with `values` (an object or its key values) in its parameters. */
export const pathTo = (id: OperationId, values: Stored): string =>
  path(operations[id].path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(values[name]))));

/** The DynamoDB type of a path parameter: its resource's key of that name (a number key is `N`), else a string. */
export function parameterType(id: OperationId, name: string): 'S' | 'N' {
  const resource = resourceOf(id)?.name;
  if (!resource) return 'S';
  const { partitionKey, sortKey } = declarationOf(resource);
  return [partitionKey, sortKey].find((key) => key?.name === name)?.type ?? 'S';
}

/** The operation's request path at fresh values of its parameters: nothing is stored there. */
export const nowhere = (id: OperationId, label = 'missing'): string =>
  path(
    operations[id].path.replace(/\{([^}]+)\}/g, (_, name: string) =>
      encodeURIComponent(String(freshKeyValue(parameterType(id, name), label))),
    ),
  );

/** Fresh key values of `resource`: a partition key and, when it has one, a sort key nobody else uses. */
export function freshKey(resource: ResourceName, label: string = resource): Stored {
  const { partitionKey, sortKey } = declarationOf(resource);
  return {
    [partitionKey.name]: freshKeyValue(partitionKey.type, label),
    ...(sortKey && { [sortKey.name]: freshKeyValue(sortKey.type, 'sort') }),
  };
}

export interface ObjectsFixture {
  /**
   * Stores an object of `resource` with the contract's example body and schedules its deletion: by its create when
   * no key is given and it declares one (the server chooses the key), else by its replace at `key` (fresh when not
   * given), with further request `headers` if any. Answers the stored object and the 201 response.
   */
  store(
    resource: ResourceName,
    options?: { key?: Stored; headers?: Record<string, string> },
  ): Promise<{ object: Stored; response: APIResponse }>;
  /** Schedules the deletion of an object stored another way, by its key values. */
  track(resource: ResourceName, key: Stored): void;
}

/** One client of the stage: how it gets tokens, a token it got, and its API key. */
export interface StageClient {
  credentials: ClientCredentials;
  token: string;
  apiKey: string;
}

/** The stage's credentials: the full-access client and the read-only one. */
export interface StageAccess {
  tokenUrl: string;
  full: StageClient;
  reader: StageClient;
  /** Client options for `@items-api/client` at the project's base URL. */
  connection(role?: ConnectionRole): ItemsClientOptions;
}

/** `Authorization` and the API key header, each only when given. */
export function credentialHeaders(token: string | undefined, apiKey: string | undefined): Record<string, string> {
  return {
    ...(token !== undefined && { Authorization: `Bearer ${token}` }),
    ...(apiKey !== undefined && { [apiKeyHeader]: apiKey }),
  };
}

/** Per base URL, once per worker: tokens live an hour (Cognito's default and the local issuer's), far past a run. */
const accessByBaseUrl = new Map<string, Promise<StageAccess>>();

async function loadStageAccess(baseURL: string): Promise<StageAccess> {
  const variables = await stageVariables(baseURL);
  // The project's base URL addresses the API (it may carry a stage path); the variables give the credentials.
  const connection = (role: ConnectionRole = 'default') =>
    connectionFromEnv({ ...variables, ITEMS_API_BASE_URL: baseURL.replace(/\/+$/, '') }, role);
  const client = async (role: ConnectionRole): Promise<StageClient> => {
    const { auth, apiKey } = connection(role);
    const credentials = (auth as { clientCredentials: ClientCredentials }).clientCredentials;
    const { value } = await requestAccessToken(credentials, (request) => fetch(request));
    return { credentials, token: value, apiKey: apiKey as string };
  };
  const [full, reader] = await Promise.all([client('default'), client('reader')]);
  return { tokenUrl: full.credentials.tokenUrl, full, reader, connection };
}

/** What a project says of the stage it runs against. */
export interface StageOptions {
  /** Every operation is served by the Lambda (`--integrations lambda`), none directly from DynamoDB. */
  allOnLambda: boolean;
}

export const test = base.extend<
  {
    access: StageAccess;
    anonymous: APIRequestContext;
    reader: APIRequestContext;
    objects: ObjectsFixture;
  } & StageOptions
>({
  allOnLambda: [false, { option: true }],
  access: async ({ baseURL }, use) => {
    const url = baseURL as string;
    let access = accessByBaseUrl.get(url);
    if (!access) {
      access = loadStageAccess(url);
      accessByBaseUrl.set(url, access);
      void access.catch(() => accessByBaseUrl.delete(url));
    }
    await use(await access);
  },
  // Every spec's `request` is the full-access client's: the contract secures every item operation.
  request: async ({ playwright, baseURL, access }, use) => {
    const context = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: credentialHeaders(access.full.token, access.full.apiKey),
    });
    await use(context);
    await context.dispose();
  },
  reader: async ({ playwright, baseURL, access }, use) => {
    const context = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: credentialHeaders(access.reader.token, access.reader.apiKey),
    });
    await use(context);
    await context.dispose();
  },
  anonymous: async ({ playwright, baseURL }, use) => {
    const context = await playwright.request.newContext({ baseURL });
    await use(context);
    await context.dispose();
  },
  objects: async ({ request }, use) => {
    const created: { resource: ResourceName; key: Stored }[] = [];
    await use({
      async store(resource, { key, headers } = {}) {
        const [create, replace] = [operationFor(resource, 'create'), operationFor(resource, 'replace')];
        const store = key === undefined && create ? create : replace;
        if (!store) throw new Error(`${resource} declares no ${key ? 'replace' : 'create or replace'} to store with`);
        const response = await request.fetch(pathTo(store, key ?? freshKey(resource)), {
          method: operations[store].method,
          data: exampleOf(store),
          headers: { ...contentTypeOf(store), ...headers },
        });
        expect(response.status(), await response.text()).toBe(201);
        const object = (await response.json()) as Stored;
        created.push({ resource, key: object });
        return { object, response };
      },
      track: (resource, key) => void created.push({ resource, key }),
    });
    // Deleted by the resource's delete operation; a resource without one keeps what the run stored.
    for (const { resource, key } of created) {
      const remove = operationFor(resource, 'delete');
      if (!remove) continue;
      const response = await request.delete(pathTo(remove, key));
      expect([204, 404], `cleanup of ${resource} ${JSON.stringify(key)}`).toContain(response.status());
    }
  },
});
