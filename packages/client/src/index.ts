/**
 * The typed client of the Items API: openapi-fetch over the types generated from openapi/openapi.yaml, plus what
 * every caller would otherwise write by hand — paging through every list and query, conditional-request headers
 * and turning problem+json answers into errors.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { operations } from '@items-api/openapi/operations';
import type { components, paths, Problem } from '@items-api/openapi/schema';
import { authorizedFetch } from './auth.ts';
import type { ItemsClientOptions } from './options.ts';

export {
  apiKeyHeader,
  requestAccessToken,
  tokenRenewalMarginMs,
  TokenEndpointError,
  type AccessToken,
  type ClientCredentials,
  type ItemsAuth,
} from './auth.ts';
export {
  connectionFromEnv,
  formatStageEnv,
  parseStageEnv,
  stageEnvVariables,
  type ConnectionRole,
  type StageEnv,
  type StageEnvClient,
} from './connection.ts';
export type { ItemsClientOptions } from './options.ts';

export type {
  paths,
  components,
  operations as ItemsApiOperations,
  Health,
  Problem,
  ProblemFieldError,
} from '@items-api/openapi/schema';

/** A schema of the contract by name (`Schema<'Item'>`, `Schema<'NewItem'>`): each resource's as the API declares it. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** The paths whose GET answers one page (`items`, and `nextCursor` while more remain): each list and query. */
export type PagedPath = {
  [P in keyof paths]: paths[P] extends {
    get: { responses: { 200: { content: { 'application/json': { items: unknown[]; nextCursor?: string } } } } };
  }
    ? P
    : never;
}[keyof paths];

/** One page of a paged path, as its GET answers it. */
export type PageOf<P extends PagedPath> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer Page } } } };
}
  ? Page
  : never;

/** What a page of a paged path holds: the resource's objects as stored. */
export type PagedItem<P extends PagedPath> = PageOf<P> extends { items: (infer Item)[] } ? Item : never;

/** The path parameters of a paged path: the partition key of a query; none for a list. */
type PathParametersOf<P extends PagedPath> = paths[P] extends { get: { parameters: { path: infer Path } } }
  ? Path
  : undefined;

export type PageOptions<P extends PagedPath> = {
  /** Objects per page, within the contract's bounds (the server's default applies when omitted). */
  limit?: number;
  signal?: AbortSignal;
} & ([PathParametersOf<P>] extends [undefined] ? { path?: undefined } : { path: PathParametersOf<P> });

/** The options argument: optional where the path takes no parameters. */
type PageArguments<P extends PagedPath> = [PathParametersOf<P>] extends [undefined]
  ? [options?: PageOptions<P>]
  : [options: PageOptions<P>];

export interface ItemsClient extends Client<paths> {
  /** Every page a list or query answers (`pages('/users')`, `pages('/configs/{id}', { path: { id } })`), following `nextCursor` until the last one. */
  pages<P extends PagedPath>(path: P, ...options: PageArguments<P>): AsyncGenerator<PageOf<P>, void, undefined>;
  /** Every object across all pages of a list or query. */
  listAll<P extends PagedPath>(path: P, ...options: PageArguments<P>): AsyncGenerator<PagedItem<P>, void, undefined>;
}

/** An answer that is not a success, with the problem+json the API sent when there was one. */
export class ItemsApiError extends Error {
  override name = 'ItemsApiError';
  readonly status: number;
  readonly problem: Problem | undefined;

  constructor(response: Response, problem: unknown) {
    const parsed = isProblem(problem) ? problem : undefined;
    super(
      parsed
        ? `${parsed.status} ${parsed.title}${parsed.detail ? `: ${parsed.detail}` : ''}`
        : `${response.status} ${response.statusText || 'error'} from ${response.url}`,
    );
    this.status = response.status;
    this.problem = parsed;
  }
}

export function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const { type, title, status } = value as Record<string, unknown>;
  return typeof type === 'string' && typeof title === 'string' && typeof status === 'number';
}

/** The data of a successful answer, or an `ItemsApiError` carrying the problem. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.error === undefined) return result.data as T;
  throw new ItemsApiError(result.response, result.error);
}

/** `If-Match` for an ETag (`"3"`) or a version (`3`). */
export function ifMatch(etagOrVersion: string | number): { 'If-Match': string } {
  return { 'If-Match': typeof etagOrVersion === 'number' ? `"${etagOrVersion}"` : etagOrVersion };
}

/** `If-None-Match: *`: create only, never replace. */
export const ifNoneMatchAny = { 'If-None-Match': '*' } as const;

export function etagOf(response: Response): string | undefined {
  return response.headers.get('ETag') ?? undefined;
}

/** The version an ETag stands for (`"3"` → 3), or undefined if it is not one of this API's tags. */
export function versionOf(etag: string | undefined): number | undefined {
  const match = etag?.match(/^"(\d+)"$/);
  return match ? Number(match[1]) : undefined;
}

/**
 * openapi-fetch sends every JSON body as application/json; operations whose contract takes another JSON media
 * type (PATCH takes application/merge-patch+json) get theirs.
 */
const contractMediaTypes: Middleware = {
  onRequest({ request, schemaPath }) {
    if (request.headers.get('Content-Type') !== 'application/json') return undefined;
    const operation = Object.values(operations).find((op) => op.method === request.method && op.path === schemaPath);
    const accepted: readonly string[] = operation?.requestBody?.contentTypes ?? [];
    if (accepted.length === 0 || accepted.includes('application/json')) return undefined;
    const headers = new Headers(request.headers);
    headers.set('Content-Type', accepted[0] as string);
    return new Request(request, { headers });
  },
};

export function createItemsClient(options: ItemsClientOptions): ItemsClient {
  if (!/^https?:\/\//.test(options.baseUrl)) {
    throw new TypeError(`baseUrl must be an http(s) URL, got "${options.baseUrl}"`);
  }
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    fetch: authorizedFetch(options.fetch ?? ((request) => globalThis.fetch(request)), options.auth, options.apiKey),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  client.use(contractMediaTypes);

  // openapi-fetch types GET per literal path; over any paged path the call is checked by PageOptions instead.
  const get = client.GET as unknown as (
    path: string,
    init: { params: { query: Record<string, string | number>; path?: unknown }; signal?: AbortSignal },
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

  async function* pages<P extends PagedPath>(
    path: P,
    ...[pageOptions]: PageArguments<P>
  ): AsyncGenerator<PageOf<P>, void, undefined> {
    const { limit, signal, path: pathParameters } = (pageOptions ?? {}) as PageOptions<P>;
    let cursor: string | undefined;
    do {
      const query = { ...(limit ? { limit } : {}), ...(cursor ? { cursor } : {}) };
      const page = unwrap(
        await get(path, {
          params: { query, ...(pathParameters ? { path: pathParameters } : {}) },
          ...(signal ? { signal } : {}),
        }),
      ) as Awaited<PageOf<P>>;
      yield page;
      cursor = (page as { nextCursor?: string }).nextCursor;
    } while (cursor);
  }

  async function* listAll<P extends PagedPath>(
    path: P,
    ...options: PageArguments<P>
  ): AsyncGenerator<PagedItem<P>, void, undefined> {
    for await (const page of pages(path, ...options)) yield* (page as { items: PagedItem<P>[] }).items;
  }

  return Object.assign(client, { pages, listAll });
}
