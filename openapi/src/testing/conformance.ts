/**
 * The contract as a property, for any deployment shape: fast-check sends generated requests (requests.ts) to a
 * target (the handler in process, the local stage over HTTP) and checks every answer against the contract and
 * against what is stored:
 *
 * - never a 5xx; the status is one the operation documents; the body matches the schema documented for that
 *   status and media type (problem+json for errors, with the problem type's own status; nothing on a 204);
 * - a request the contract admits is not refused with 400 or 415, and one it does not admit is: the schemas are
 *   asked through the generated validators, the limits the contract states in prose (attribute names, number
 *   range, well-formed text) are restated below, and a refusal for one of those names its place in `errors`;
 * - a refused request changed nothing stored, in any resource's table; an accepted write is what a read returns
 *   (and what was sent, for the writable fields), and nothing else changed; a read, list or query answers what its
 *   resource's table holds (a query only its partition's); a `Location` is under the client's base path, the path
 *   of the resource's read, and a GET of it reads the object answered.
 *
 * Every fact about a resource (its table, its key names and types, which operation reads or deletes it) comes from
 * the generated `resources` and each operation's `resource`: a resource added to the contract is checked as is.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { deref, isObject, listOperations, loadContract, type JsonObject } from '../contract.ts';
import {
  operations,
  problemTypes,
  problemTypeUriPrefix,
  resources,
  schemaProperties,
  type OperationId,
  type ResourceAction,
  type ResourceName,
} from '../../generated/operations.ts';
import { operationServing } from '../resource-operations.ts';
import { schemaValidators } from '../../generated/schema-validators.js';
import { requestValidators } from '../../generated/validators.js';
import {
  currentEtag,
  fillPath,
  lastCursor,
  pathPools,
  poolFillingRequests,
  requestArbitraries,
  type ApiRequest,
} from './requests.ts';

export { pathPools, type ApiRequest };

export interface ApiResponse {
  status: number;
  /** Header names lower-case. */
  headers: Record<string, string>;
  body: string;
}

export interface ConformanceTarget {
  /** The prefix of the client's URLs before the API's own paths (a stage `/dev`, a base path), `''` for none. */
  basePath: string;
  send(request: ApiRequest): Promise<ApiResponse>;
  /** Every object the resource's table holds, as it holds it (numbers as JSON.parse reads them). */
  storedObjects(resource: ResourceName): Promise<Record<string, unknown>[]>;
}

export interface ConformanceReport {
  runs: number;
  /** The seed the run drew from (each operation's own seed is derived from it): PROPERTY_SEED replays it. */
  seed: number;
  /** How many answers had each status, per operation. */
  statuses: Record<string, Record<number, number>>;
  /** How many requests the contract refuses, by reason (the answer was checked to be that refusal). */
  refusals: Record<string, number>;
}

// --- What the contract documents, per operation and status

const contract = await loadContract();
const contractOperations = new Map(listOperations(contract).map((o) => [o.operationId, o]));

/** The media type and component schema the contract documents for a status, or null for no content. */
function documentedContent(operationId: string, status: number): { mediaType: string; schema: string } | null {
  const operation = contractOperations.get(operationId)?.operation;
  const response = deref(contract, (operation?.responses as JsonObject)[String(status)]);
  if (!isObject(response.content)) return null;
  const [mediaType, media] = Object.entries(response.content)[0] ?? [];
  const ref = isObject(media) && isObject(media.schema) ? media.schema.$ref : undefined;
  if (mediaType === undefined || typeof ref !== 'string')
    throw new Error(`${operationId} ${status}: no component schema documented`);
  return { mediaType, schema: ref.split('/').pop() as string };
}

const validatorOf = (schema: string) =>
  (schemaValidators as Record<string, ((data: unknown) => boolean) | undefined>)[schema];

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** The Content-Type API Gateway gives a mapped response without content (docs/direct-dynamodb.md). */
const noContentDefaultType = 'application/json';

/** Why the answer is not one the contract documents for this operation (empty when it is). */
export function responseDefects(operationId: OperationId, response: ApiResponse): string[] {
  const operation = operations[operationId];
  const documented: readonly number[] = [...operation.successStatuses, ...operation.errorStatuses];
  if (!documented.includes(response.status))
    return [`status ${response.status} is not documented for ${operationId} (${documented.join(', ')})`];
  const content = documentedContent(operationId, response.status);
  if (content === null) {
    const defects =
      response.body === ''
        ? []
        : [`a ${response.status} has no content, but the body is ${response.body.slice(0, 80)}`];
    // Nothing, or API Gateway's default for a mapped (non-proxy) response, which a direct integration's 204 gets.
    const type = response.headers['content-type'];
    if (type !== undefined && type !== noContentDefaultType)
      defects.push(`a ${response.status} has no content, but Content-Type is ${type}`);
    return defects;
  }
  const defects: string[] = [];
  const type = response.headers['content-type'] ?? '';
  if (type.split(';')[0]?.trim() !== content.mediaType)
    defects.push(`Content-Type "${type}", documented ${content.mediaType}`);
  const parsed = parseJson(response.body);
  if (!parsed) return [...defects, `the body is not JSON: ${response.body.slice(0, 120)}`];
  if (!validatorOf(content.schema)?.(parsed.value))
    defects.push(`the body is not a ${content.schema}: ${response.body.slice(0, 300)}`);
  if (response.status >= 400 && isObject(parsed.value)) {
    const problem = parsed.value as { type?: unknown; status?: unknown; errors?: unknown };
    const key =
      typeof problem.type === 'string' && problem.type.startsWith(problemTypeUriPrefix)
        ? problem.type.slice(problemTypeUriPrefix.length)
        : '';
    const known = (problemTypes as Record<string, { status: number } | undefined>)[key];
    if (!known || known.status !== response.status || problem.status !== response.status)
      defects.push(
        `problem type ${String(problem.type)} with status ${String(problem.status)} on a ${response.status}`,
      );
    if (key === 'validation-failed' && !(Array.isArray(problem.errors) && problem.errors.length > 0))
      defects.push('validation-failed without errors');
  }
  return defects;
}

// --- What the contract admits

/**
 * DynamoDB and SDK limits the contract states in prose (the stored schemas' number fields and free-form maps, the
 * text convention), for every stored schema alike: every number in a body, and every name of a map inside it.
 */
const maxNameBytes = 65_535;
const minMagnitude = 1e-130;
/** DynamoDB's largest magnitude is just below 1e126; the schema's bound, a double, rounds to 1e126 itself. */
const maxMagnitudeExcluded = 1e126;
const pointer = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1');
const wellFormed = (text: string) => !/\p{Surrogate}/u.test(text);

/** The places where a schema-valid body breaks a limit the contract states in prose, as JSON pointers. */
function proseLimitBreaks(body: unknown): string[] {
  const places = new Set<string>();
  const visit = (value: unknown, path: string) => {
    if (typeof value === 'string' && !wellFormed(value)) places.add(path);
    // A generated number is a double, sent as JSON.stringify writes it: never more than DynamoDB's 38 digits,
    // and -0 is sent as 0.
    if (
      typeof value === 'number' &&
      value !== 0 &&
      (Math.abs(value) < minMagnitude || Math.abs(value) >= maxMagnitudeExcluded)
    )
      places.add(path);
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}/${i}`));
    else if (typeof value === 'object' && value !== null) {
      for (const [name, v] of Object.entries(value)) {
        const at = `${path}/${pointer(name)}`;
        // The body's own property names are its schema's; a name inside it is a DynamoDB attribute name.
        const bytes = Buffer.byteLength(name, 'utf8');
        if (!wellFormed(name) || (path !== '/body' && (bytes === 0 || bytes > maxNameBytes || name === '__proto__')))
          places.add(at);
        visit(v, at);
      }
    }
  };
  visit(body, '/body');
  return [...places];
}

/** `reason`: why the contract refuses the request, for the report. */
type Expectation =
  | { refused: 400; reason: string; problem: 'malformed-json' | 'validation-failed'; places?: string[] }
  | { refused: 415; reason: string }
  | { refused: false; body?: unknown };

const lower = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

/**
 * What the contract says about this request before anything is stored: refused (how) or admitted. `issuedCursors`:
 * the `nextCursor`s the target has answered with; any other cursor is refused (the Cursor parameter says so).
 */
function expectationOf(request: ApiRequest, issuedCursors: ReadonlySet<string>): Expectation {
  const validators = requestValidators[request.operationId as OperationId];
  const headers = lower(request.headers);
  const query = Object.fromEntries(request.query);
  const parameters = { path: { ...request.pathParameters }, query: { ...query }, headers: { ...headers } };
  if (!validators.parameters(parameters)) {
    return {
      refused: 400,
      reason: `parameter schema (${validators.parameters.errors?.[0]?.instancePath ?? ''})`,
      problem: 'validation-failed',
    };
  }
  const conditions = sentConditions(request);
  if (conditions.prefix && (conditions.from || conditions.to))
    return {
      refused: 400,
      reason: 'a prefix and a bound on the sort key',
      problem: 'validation-failed',
      places: [conditions.from, conditions.to].flatMap((sent) => (sent ? [`/query/${sent[0]}`] : [])),
    };
  if (query.cursor !== undefined && !issuedCursors.has(query.cursor))
    return { refused: 400, reason: 'cursor not issued', problem: 'validation-failed', places: ['/query/cursor'] };
  if (!validators.body) return { refused: false };
  if (request.body === undefined)
    return { refused: 400, reason: 'no body', problem: 'validation-failed', places: ['/body'] };
  const [type = '', ...params] = (headers['content-type'] ?? '').split(';');
  const charset = params
    .map((p) => p.split('='))
    .find(([name]) => name?.trim().toLowerCase() === 'charset')?.[1]
    ?.trim()
    .toLowerCase();
  if (
    !validators.body.contentTypes.includes(type.trim().toLowerCase()) ||
    (charset !== undefined && charset !== 'utf-8')
  )
    return { refused: 415, reason: 'media type' };
  const parsed = parseJson(request.body);
  if (!parsed) return { refused: 400, reason: 'malformed JSON', problem: 'malformed-json' };
  if (!validators.body.validate(parsed.value))
    return { refused: 400, reason: 'body schema', problem: 'validation-failed' };
  const places = proseLimitBreaks(parsed.value);
  return places.length > 0
    ? { refused: 400, reason: 'limit stated in prose', problem: 'validation-failed', places }
    : { refused: false, body: parsed.value };
}

function expectationDefects(expected: Expectation, response: ApiResponse): string[] {
  if (expected.refused === false) {
    return response.status === 400 || response.status === 415
      ? [`the contract admits this request, but it was refused: ${response.body.slice(0, 300)}`]
      : [];
  }
  if (response.status !== expected.refused)
    return [`the contract refuses this request with ${expected.refused}, answered ${response.status}`];
  if (expected.refused === 415) return [];
  const problem = parseJson(response.body)?.value as { type?: string; errors?: { path: string }[] } | undefined;
  const defects =
    problem?.type === problemTypeUriPrefix + expected.problem
      ? []
      : [`expected ${expected.problem}, got ${problem?.type}`];
  const named = new Set((problem?.errors ?? []).map((e) => e.path));
  for (const place of expected.places ?? [])
    if (!named.has(place))
      defects.push(`errors do not name ${place.slice(0, 80)}: ${JSON.stringify(problem?.errors ?? []).slice(0, 200)}`);
  return defects;
}

// --- What was stored

/** Every object each resource's table holds, by its key's text. */
type Stored = Map<string, Map<string, Record<string, unknown>>>;

type Key = { readonly name: string; readonly type: 'S' | 'N' };
const resourceNames = Object.keys(resources) as ResourceName[];

/** A resource's key attributes: its partition key, then its sort key if it has one. */
function keyAttributes(resource: string): Key[] {
  const declared: { partitionKey: Key; sortKey?: Key } = resources[resource as ResourceName];
  return declared.sortKey ? [declared.partitionKey, declared.sortKey] : [declared.partitionKey];
}

/** The resource an operation acts on, and how (null for an operation that stores nothing). */
function resourceOf(operationId: string): {
  name: string;
  action: string | null;
  sortKeyConditions?: Partial<Record<'prefix' | 'from' | 'to', string>>;
} | null {
  return (operations[operationId as OperationId] as { resource: ReturnType<typeof resourceOf> }).resource;
}

/** A query's sort key conditions the request sends, by kind (`x-sort-key-condition`): parameter name and value. */
function sentConditions(request: ApiRequest): Partial<Record<'prefix' | 'from' | 'to', [string, string]>> {
  const query = new Map(request.query);
  return Object.fromEntries(
    Object.entries(resourceOf(request.operationId)?.sortKeyConditions ?? {}).flatMap(([kind, name]) =>
      query.has(name) ? [[kind, [name, query.get(name) as string]]] : [],
    ),
  );
}

/**
 * A key's text, from an object's key attributes or a request's path parameters (the same names): a number key's
 * value as a number, so `1`, `1.0` and `1e0` in a path address the same object; undefined when a value is missing.
 */
function keyTextOf(resource: string, values: Record<string, unknown>): string | undefined {
  const parts = keyAttributes(resource).map(({ name, type }) => {
    const value = values[name];
    return type === 'N' && value !== undefined ? Number(value) : value;
  });
  return parts.some((part) => part === undefined) ? undefined : JSON.stringify(parts);
}

function storedOf(objects: Record<string, unknown>[], resource: string): Map<string, Record<string, unknown>> {
  return new Map(objects.map((object) => [keyTextOf(resource, object) ?? '', object]));
}

async function readStored(target: ConformanceTarget): Promise<Stored> {
  const stored: Stored = new Map();
  for (const resource of resourceNames) stored.set(resource, storedOf(await target.storedObjects(resource), resource));
  return stored;
}

/** The operation of `resource` with `action` (its read, its delete), if the contract has one. */
function operationWith(
  resource: string,
  action: ResourceAction,
): { operationId: OperationId; path: string } | undefined {
  const operationId = operationServing(resource, action);
  return operationId && { operationId, path: operations[operationId].path };
}

/** JSON values compared as JSON: key order and -0 do not matter. */
const sameJson = (a: unknown, b: unknown) =>
  isDeepStrictEqual(JSON.parse(JSON.stringify(a ?? null)), JSON.parse(JSON.stringify(b ?? null)));

const storedJson = (stored: Stored) =>
  Object.fromEntries([...stored].map(([resource, objects]) => [resource, Object.fromEntries(objects)]));

/** What changed in any table but the one object a write addresses (`written`, when the request writes one). */
function othersUnchanged(before: Stored, after: Stored, written?: { resource: string; key: string }): string[] {
  return resourceNames.flatMap((resource) => {
    const was = before.get(resource) ?? new Map();
    const is = after.get(resource) ?? new Map();
    return [...new Set([...was.keys(), ...is.keys()])]
      .filter((key) => !(written?.resource === resource && written.key === key))
      .filter((key) => !sameJson(was.get(key), is.get(key)))
      .map((key) => `${resource} ${key} changed too`);
  });
}

/** The writable fields of `object` equal `sent` (each present in both with the same value, or absent in both). */
function writableFieldsDefects(
  object: Record<string, unknown>,
  sent: Record<string, unknown>,
  fields: readonly string[],
): string[] {
  return fields
    .filter((f) => !sameJson(object[f], sent[f]))
    .map((f) => `${f} is ${JSON.stringify(object[f])?.slice(0, 80)}, sent ${JSON.stringify(sent[f])?.slice(0, 80)}`);
}

/** The fields a write's body sets: its body schema's properties. */
function bodyFieldsOf(operationId: string): readonly string[] {
  const schema = (operations[operationId as OperationId].requestBody as { schema: string | null } | null)?.schema;
  return schema ? ((schemaProperties as Record<string, readonly string[] | undefined>)[schema] ?? []) : [];
}

function effectDefects(
  request: ApiRequest,
  response: ApiResponse,
  expected: Expectation,
  before: Stored,
  after: Stored,
  basePath: string,
): string[] {
  if (response.status >= 400)
    return sameJson(storedJson(before), storedJson(after)) ? [] : ['a refused request changed what is stored'];
  const target = resourceOf(request.operationId);
  if (target === null) return othersUnchanged(before, after);
  const resource = target.name;
  const was = before.get(resource) ?? new Map<string, Record<string, unknown>>();
  const is = after.get(resource) ?? new Map<string, Record<string, unknown>>();
  const body = parseJson(response.body)?.value as Record<string, unknown> | undefined;
  const sent = (expected.refused === false ? expected.body : undefined) as Record<string, unknown> | undefined;
  const key =
    target.action === 'create' ? keyTextOf(resource, body ?? {}) : keyTextOf(resource, request.pathParameters);
  const writes = request.method !== 'GET' && key !== undefined;
  const defects = othersUnchanged(before, after, writes ? { resource, key } : undefined);
  const listed = () => {
    for (const object of (body?.items ?? []) as Record<string, unknown>[])
      if (!sameJson(object, was.get(keyTextOf(resource, object) ?? '')))
        defects.push(`listed ${resource} ${keyTextOf(resource, object)} is not the one stored`);
  };
  switch (target.action) {
    case 'read':
      if (!sameJson(body, was.get(key ?? ''))) defects.push(`the ${resource} read is not the one stored`);
      break;
    case 'list':
      listed();
      break;
    case 'query': {
      listed();
      // A query reads one partition: the one its path names.
      const partition = keyAttributes(resource)[0] as Key;
      const partitionText = (value: unknown) => JSON.stringify(partition.type === 'N' ? Number(value) : value);
      const asked = partitionText(request.pathParameters[partition.name]);
      const prefix = sentConditions(request).prefix?.[1];
      const sortKey = keyAttributes(resource)[1];
      for (const object of (body?.items ?? []) as Record<string, unknown>[]) {
        if (partitionText(object[partition.name]) !== asked)
          defects.push(`a query of ${asked} listed ${keyTextOf(resource, object)}`);
        if (prefix !== undefined && sortKey && !String(object[sortKey.name]).startsWith(prefix))
          defects.push(`a query of the prefix ${JSON.stringify(prefix)} listed ${keyTextOf(resource, object)}`);
      }
      break;
    }
    case 'create':
    case 'replace':
    case 'patch': {
      const stored = is.get(key ?? '');
      if (!body || !stored || !sameJson(body, stored))
        defects.push(
          `what a read returns is not what the write answered: stored ${JSON.stringify(stored)?.slice(0, 200)}`,
        );
      if (!body || !sent) break;
      const previous = was.get(key ?? '');
      if (target.action === 'patch') {
        const merged = { ...previous };
        for (const [field, value] of Object.entries(sent)) {
          if (value === null) delete merged[field];
          else merged[field] = value;
        }
        defects.push(...writableFieldsDefects(body, merged, bodyFieldsOf(request.operationId)));
      } else {
        defects.push(...writableFieldsDefects(body, sent, bodyFieldsOf(request.operationId)));
      }
      const version = ((previous?.version as number | undefined) ?? 0) + 1;
      if (body.version !== version) defects.push(`version ${String(body.version)}, expected ${version}`);
      if (response.headers.etag !== `"${version}"`)
        defects.push(`ETag ${response.headers.etag}, expected "${version}"`);
      const created = response.status === 201;
      if (target.action === 'replace' && created === Boolean(previous))
        defects.push(`answered ${response.status} for a ${resource} that ${previous ? 'existed' : 'did not exist'}`);
      const read = operationWith(resource, 'read');
      const expectedLocation = read && `${basePath}${fillPath(read.path, body)}`;
      if (created && response.headers.location !== expectedLocation)
        defects.push(`Location ${response.headers.location}, expected ${expectedLocation}`);
      break;
    }
    case 'delete':
      if (!was.has(key ?? '') || is.has(key ?? ''))
        defects.push(`a delete answered 204 but the ${resource} was not there before or is still there`);
      break;
  }
  return defects;
}

/** The path parameters of `path` if it is an instance of `template`. */
function matchPath(template: string, path: string): Record<string, string> | undefined {
  const names = template.split('/');
  const segments = path.split('/');
  if (names.length !== segments.length) return undefined;
  const parameters: Record<string, string> = {};
  for (const [index, name] of names.entries()) {
    const segment = segments[index] as string;
    const parameter = /^\{(.+)\}$/.exec(name)?.[1];
    if (parameter !== undefined) parameters[parameter] = decodeURIComponent(segment);
    else if (name !== segment) return undefined;
  }
  return parameters;
}

/**
 * A `Location` answered is followed, as a client would: under the target's base path, it is the path of the
 * resource's read operation, and a GET of it reads what was answered.
 */
async function locationDefects(
  target: ConformanceTarget,
  request: ApiRequest,
  response: ApiResponse,
): Promise<string[]> {
  const location = response.headers.location;
  if (response.status !== 201 || location === undefined) return [];
  if (!location.startsWith(`${target.basePath}/`))
    return [`Location ${location} is not under ${target.basePath || '/'}`];
  const path = location.slice(target.basePath.length);
  const read = operationWith(resourceOf(request.operationId)?.name ?? '', 'read');
  const pathParameters = read && matchPath(read.path, path);
  if (!read || !pathParameters) return [`Location ${location} is not the path of a read of what was written`];
  const followed = await target.send({
    operationId: read.operationId,
    method: 'GET',
    path,
    pathParameters,
    query: [],
    headers: {},
  });
  if (followed.status !== 200)
    return [`following Location ${location}: ${followed.status} ${followed.body.slice(0, 200)}`];
  return sameJson(parseJson(followed.body)?.value, parseJson(response.body)?.value)
    ? []
    : [`following Location ${location} reads another object`];
}

// --- The property

export interface ConformanceOptions {
  /** How many requests in all: the operations take turns, in contract order. */
  numRuns: number;
  /** Replays a run (the seed a failure reports); a fresh one when left out. */
  seed?: number;
  /** The operations that take turns (a test about some of them); every one of the contract when left out. */
  operationIds?: readonly string[];
}

/**
 * Each operation's own seed, from the run's and its operationId (FNV-1a): its requests are the same whatever other
 * operations the contract has, so adding one cannot take another's success case away.
 */
function operationSeed(seed: number, operationId: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (const char of operationId) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return hash;
}

/**
 * The requests of a run on `document`: the operations (`operationIds`, or all) take turns, each drawing from its own
 * seed.
 */
export function requestSchedule(
  document: JsonObject,
  numRuns: number,
  seed: number,
  operationIds?: readonly string[],
): ApiRequest[] {
  const arbitraries = [...requestArbitraries(document)].filter(
    ([operationId]) => operationIds?.includes(operationId) ?? true,
  );
  const rounds = Math.ceil(numRuns / arbitraries.length);
  const streams = arbitraries.map(([operationId, arbitrary]) =>
    fc.sample(arbitrary, { seed: operationSeed(seed, operationId), numRuns: rounds }),
  );
  const turns = Array.from({ length: rounds }, (_, round) =>
    streams.flatMap((stream) => stream.slice(round, round + 1)),
  );
  return turns.flat().slice(0, numRuns);
}

/**
 * What a run never reached, per operation, as sentences naming the operation: every operation a success (2xx), and
 * every one with a request body a refusal (400) too. Empty when the run covered every operation.
 */
export function unreachedCases(report: ConformanceReport): string[] {
  return Object.entries(operations).flatMap(([operationId, operation]) => {
    const statuses = report.statuses[operationId] ?? {};
    const seen = Object.keys(statuses).map(Number);
    const count = Object.values(statuses).reduce((sum, n) => sum + n, 0);
    const missing = [
      ...(seen.some((status) => status < 300) ? [] : ['a success (2xx)']),
      ...(operation.requestBody === null || seen.includes(400) ? [] : ['a refusal of its body (400)']),
    ];
    return missing.map(
      (what) =>
        `${operationId} never answered ${what} in its ${count} requests (statuses ${JSON.stringify(statuses)}); its requests come from its own seed, so it is what the operation's requests or the items the others left met: PROPERTY_SEED=${report.seed} replays the run`,
    );
  });
}

/** The ETag an object has now (`"1"` for an absent one, so the request still tries a tag). */
function etagOf(object: Record<string, unknown> | undefined): string {
  return `"${typeof object?.version === 'number' ? object.version : 1}"`;
}

/** The object a request's path addresses, if its operation addresses one and it is stored. */
function addressed(request: ApiRequest, stored: Stored): Record<string, unknown> | undefined {
  const resource = resourceOf(request.operationId)?.name;
  const key = resource === undefined ? undefined : keyTextOf(resource, request.pathParameters);
  return key === undefined ? undefined : stored.get(resource as string)?.get(key);
}

/** Where a cursor is valid: the list or query (of the partition in its path, with its condition) that issued it. */
const cursorScope = (request: ApiRequest) =>
  `${request.operationId} ${request.path} ${JSON.stringify(sentConditions(request))}`;

/** Whether a key value is one of the pool's, which requests share: objects with other keys are the run's own. */
function inPool(key: Key, value: unknown): boolean {
  return (pathPools[key.type] as readonly string[]).includes(key.type === 'N' ? String(Number(value)) : String(value));
}

/** Removes what `request` created outside the pool (a server-chosen key, a generated one), so the tables stay small. */
async function removeCreated(target: ConformanceTarget, before: Stored, after: Stored): Promise<void> {
  for (const resource of resourceNames) {
    const remove = operationWith(resource, 'delete');
    const was = before.get(resource) ?? new Map<string, Record<string, unknown>>();
    for (const [key, object] of after.get(resource) ?? []) {
      if (was.has(key) || keyAttributes(resource).every((k) => inPool(k, object[k.name]))) continue;
      if (!remove) throw new Error(`cleaning up ${resource} ${key}: the contract has no delete for ${resource}`);
      const pathParameters = Object.fromEntries(
        keyAttributes(resource).map(({ name }) => [name, String(object[name])]),
      );
      const removed = await target.send({
        operationId: remove.operationId,
        method: 'DELETE',
        path: fillPath(remove.path, pathParameters),
        pathParameters,
        query: [],
        headers: {},
      });
      if (removed.status !== 204) throw new Error(`cleaning up ${resource} ${key}: ${removed.status} ${removed.body}`);
    }
  }
}

function describeExchange(request: ApiRequest, response: ApiResponse): string {
  const body =
    request.body === undefined
      ? ''
      : ` ${request.body.length > 300 ? `${request.body.slice(0, 300)}… (${request.body.length} chars)` : request.body}`;
  return `${request.method} ${request.path.slice(0, 120)}${request.query.length ? `?${new URLSearchParams(request.query).toString().slice(0, 200)}` : ''} ${JSON.stringify(request.headers)}${body}\n  → ${response.status} ${response.body.slice(0, 400)}`;
}

export async function checkConformance(
  target: ConformanceTarget,
  options: ConformanceOptions,
): Promise<ConformanceReport> {
  const statuses: Record<string, Record<number, number>> = {};
  const refusals: Record<string, number> = {};
  let runs = 0;
  // Per list or query (and partition): the last nextCursor it answered, and every one it ever answered.
  const lastCursors = new Map<string, string | undefined>();
  const issuedCursors = new Map<string, Set<string>>();
  const resolve = (request: ApiRequest, stored: Stored): ApiRequest => {
    const cursor = lastCursors.get(cursorScope(request));
    return {
      ...request,
      query: request.query.flatMap<[string, string]>(([name, value]) =>
        value !== lastCursor ? [[name, value]] : cursor ? [[name, cursor]] : [],
      ),
      headers: Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [
          name,
          value === currentEtag ? etagOf(addressed(request, stored)) : value,
        ]),
      ),
    };
  };
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const admits = (operationId: string, body: unknown) =>
    Boolean(requestValidators[operationId as OperationId].body?.validate(body)) && proseLimitBreaks(body).length === 0;
  /** Sends `request` and checks the answer and its effect; `filling`: a pool filling request, not counted. */
  const exchange = async (generated: ApiRequest, filling: boolean) => {
    const before = await readStored(target);
    const request = resolve(generated, before);
    const response = await target.send(request);
    const after = await readStored(target);
    const expected = expectationOf(request, issuedCursors.get(cursorScope(request)) ?? new Set());
    if (!filling) {
      const counts = (statuses[request.operationId] ??= {});
      counts[response.status] = (counts[response.status] ?? 0) + 1;
      if (expected.refused !== false) refusals[expected.reason] = (refusals[expected.reason] ?? 0) + 1;
    }
    const defects = [
      ...(response.status >= 500 ? [`a ${response.status}`] : []),
      ...(filling && response.status >= 300 ? ['filling the pool failed'] : []),
      ...responseDefects(request.operationId as OperationId, response),
      ...expectationDefects(expected, response),
      ...effectDefects(request, response, expected, before, after, target.basePath),
      ...(await locationDefects(target, request, response)),
    ];
    if (defects.length > 0)
      throw new Error(
        `The contract does not hold (${filling ? `filling the pool before request ${runs + 1}` : `request ${runs} of ${options.numRuns}`}; replay with seed ${seed}):\n${describeExchange(request, response)}\n  - ${defects.join('\n  - ')}`,
      );
    const action = resourceOf(request.operationId)?.action;
    if ((action === 'list' || action === 'query') && response.status === 200) {
      const cursor = (JSON.parse(response.body) as { nextCursor?: string }).nextCursor;
      lastCursors.set(cursorScope(request), cursor);
      if (cursor !== undefined)
        issuedCursors.set(cursorScope(request), (issuedCursors.get(cursorScope(request)) ?? new Set()).add(cursor));
    }
    await removeCreated(target, before, after);
  };
  const fills = poolFillingRequests(contract, seed, admits);
  const roundLength = options.operationIds?.length ?? listOperations(contract).length;
  for (const [index, generated] of requestSchedule(contract, options.numRuns, seed, options.operationIds).entries()) {
    // Each round starts with every pool object stored, so reads, patches and deletes meet objects in every round,
    // however many resources share the run (the deletes of the round before took some away).
    if (index % roundLength === 0) {
      const stored = await readStored(target);
      for (const fill of fills) if (addressed(fill, stored) === undefined) await exchange(fill, true);
    }
    runs += 1;
    await exchange(generated, false);
  }
  return { runs, seed, statuses, refusals };
}
