/**
 * What every spec shares: a `test` whose `request` carries the stage's full-access credentials (an access token and
 * the API key), with `reader` (the read-only client) and `anonymous` (no credentials) beside it; an `items` fixture
 * that creates uniquely named items and deletes them afterwards (the suite may run against a shared deployed stage:
 * it never assumes an empty table); and assertions derived from the contract (problem types, CORS policy, response
 * schemas).
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
import {
  cors,
  problemTypes,
  problemTypeUriPrefix,
  resources,
  type ProblemTypeKey,
  type ResourceName,
} from '@items-api/openapi/operations';
import type { Item, NewItem } from '@items-api/openapi/schema';
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

export const newItem = (overrides: Partial<NewItem> = {}): NewItem => ({
  name: `${runId} ${randomUUID().slice(0, 8)}`,
  description: 'Created by the e2e suite; deleted when its test ends.',
  tags: ['e2e', runId.slice(-8)],
  attributes: { suite: 'e2e', run: runId },
  ...overrides,
});

export interface ItemsFixture {
  /** Creates an item through POST /items and schedules its deletion. */
  create(overrides?: Partial<NewItem>): Promise<{ item: Item; etag: string }>;
  /** Schedules the deletion of an item created another way (PUT, the client). */
  track(id: string): void;
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
    items: ItemsFixture;
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
  items: async ({ request }, use) => {
    const created = new Set<string>();
    await use({
      async create(overrides) {
        const response = await request.post(path('/items'), { data: newItem(overrides), headers: json });
        expect(response.status(), await response.text()).toBe(201);
        const item = (await response.json()) as Item;
        created.add(item.id);
        return { item, etag: etag(response) };
      },
      track: (id) => void created.add(id),
    });
    await cleanUp(request, created);
  },
});

async function cleanUp(request: APIRequestContext, ids: Set<string>): Promise<void> {
  for (const id of ids) {
    const response = await request.delete(path(`/items/${id}`));
    expect([204, 404], `cleanup of ${id}`).toContain(response.status());
  }
}
