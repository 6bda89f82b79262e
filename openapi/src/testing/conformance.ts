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
 * - a refused request changed nothing stored; an accepted write is what a read returns (and what was sent, for
 *   the writable fields), and nothing else changed; a `Location` is under the client's base path and a GET of it
 *   reads the item answered.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { deref, isObject, listOperations, loadContract, type JsonObject } from '../contract.ts';
import {
  operations,
  problemTypes,
  problemTypeUriPrefix,
  schemaProperties,
  type OperationId,
} from '../../generated/operations.ts';
import { schemaValidators } from '../../generated/schema-validators.js';
import { requestValidators } from '../../generated/validators.js';
import { currentEtag, lastCursor, poolIds, requestArbitraries, type ApiRequest } from './requests.ts';

export { poolIds, type ApiRequest };

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
  /** Every stored item, as the table holds it. */
  storedItems(): Promise<Record<string, unknown>[]>;
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

type Stored = Map<string, Record<string, unknown>>;

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

/** DynamoDB and SDK limits the contract states in prose (ItemAttributes, AttributeValue, the text convention). */
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
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}/${i}`));
    else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        if (!wellFormed(k)) places.add(`${path}/${pointer(k)}`);
        visit(v, `${path}/${pointer(k)}`);
      }
    }
  };
  visit(body, '/body');
  const attributes = (body as { attributes?: unknown } | null)?.attributes;
  if (typeof attributes === 'object' && attributes !== null) {
    for (const [name, value] of Object.entries(attributes)) {
      const bytes = Buffer.byteLength(name, 'utf8');
      // A generated number is a double, sent as JSON.stringify writes it: never more than DynamoDB's 38 digits,
      // and -0 is sent as 0.
      const badNumber =
        typeof value === 'number' &&
        value !== 0 &&
        (Math.abs(value) < minMagnitude || Math.abs(value) >= maxMagnitudeExcluded);
      if (bytes === 0 || bytes > maxNameBytes || name === '__proto__' || badNumber)
        places.add(`/body/attributes/${pointer(name)}`);
    }
  }
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

/** JSON values compared as JSON: key order and -0 do not matter. */
const sameJson = (a: unknown, b: unknown) =>
  isDeepStrictEqual(JSON.parse(JSON.stringify(a ?? null)), JSON.parse(JSON.stringify(b ?? null)));

function othersUnchanged(before: Stored, after: Stored, id: string | undefined): string[] {
  const ids = new Set([...before.keys(), ...after.keys()]);
  if (id !== undefined) ids.delete(id);
  return [...ids]
    .filter((other) => !sameJson(before.get(other), after.get(other)))
    .map((other) => `item ${other} changed too`);
}

/** The writable fields of `item` equal `sent` (each present in both with the same value, or absent in both). */
function writableFieldsDefects(
  item: Record<string, unknown>,
  sent: Record<string, unknown>,
  fields: readonly string[],
): string[] {
  return fields
    .filter((f) => !sameJson(item[f], sent[f]))
    .map((f) => `${f} is ${JSON.stringify(item[f])?.slice(0, 80)}, sent ${JSON.stringify(sent[f])?.slice(0, 80)}`);
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
    return sameJson(Object.fromEntries(before), Object.fromEntries(after))
      ? []
      : ['a refused request changed what is stored'];
  const body = parseJson(response.body)?.value as Record<string, unknown> | undefined;
  const sent = (expected.refused === false ? expected.body : undefined) as Record<string, unknown> | undefined;
  const id = request.pathParameters.id ?? (typeof body?.id === 'string' ? body.id : undefined);
  const defects =
    request.method === 'GET' ? othersUnchanged(before, after, undefined) : othersUnchanged(before, after, id);
  const location = response.headers.location;
  const expectedLocation = id === undefined ? undefined : `${basePath}/items/${encodeURIComponent(id)}`;
  switch (request.operationId) {
    case 'getItem':
      if (!sameJson(body, before.get(id ?? ''))) defects.push('the item read is not the item stored');
      break;
    case 'listItems':
      for (const item of (body?.items ?? []) as Record<string, unknown>[])
        if (!sameJson(item, before.get(String(item.id))))
          defects.push(`listed item ${String(item.id)} is not the item stored`);
      break;
    case 'createItem':
    case 'putItem':
    case 'patchItem': {
      const stored = after.get(id ?? '');
      if (!body || !stored || !sameJson(body, stored))
        defects.push(
          `what a read returns is not what the write answered: stored ${JSON.stringify(stored)?.slice(0, 200)}`,
        );
      if (!body || !sent) break;
      const previous = before.get(id ?? '');
      if (request.operationId === 'patchItem') {
        const merged = { ...previous };
        for (const [field, value] of Object.entries(sent)) {
          if (value === null) delete merged[field];
          else merged[field] = value;
        }
        defects.push(...writableFieldsDefects(body, merged, schemaProperties.NewItem));
      } else {
        defects.push(...writableFieldsDefects(body, sent, schemaProperties.NewItem));
      }
      const version = ((previous?.version as number | undefined) ?? 0) + 1;
      if (body.version !== version) defects.push(`version ${String(body.version)}, expected ${version}`);
      if (response.headers.etag !== `"${version}"`)
        defects.push(`ETag ${response.headers.etag}, expected "${version}"`);
      const created = response.status === 201;
      if (request.operationId === 'putItem' && created === Boolean(previous))
        defects.push(`answered ${response.status} for an item that ${previous ? 'existed' : 'did not exist'}`);
      if (created && location !== expectedLocation) defects.push(`Location ${location}, expected ${expectedLocation}`);
      break;
    }
    case 'deleteItem':
      if (!before.has(id ?? '') || after.has(id ?? ''))
        defects.push('a delete answered 204 but the item was not there before or is still there');
      break;
  }
  return defects;
}

/** A `Location` answered is followed, as a client would: under the target's base path, a GET reads what was answered. */
async function locationDefects(target: ConformanceTarget, response: ApiResponse): Promise<string[]> {
  const location = response.headers.location;
  if (response.status !== 201 || location === undefined) return [];
  if (!location.startsWith(`${target.basePath}/`))
    return [`Location ${location} is not under ${target.basePath || '/'}`];
  const path = location.slice(target.basePath.length);
  const id = decodeURIComponent(path.split('/').pop() ?? '');
  const followed = await target.send({
    operationId: 'getItem',
    method: 'GET',
    path,
    pathParameters: { id },
    query: [],
    headers: {},
  });
  if (followed.status !== 200)
    return [`following Location ${location}: ${followed.status} ${followed.body.slice(0, 200)}`];
  return sameJson(parseJson(followed.body)?.value, parseJson(response.body)?.value)
    ? []
    : [`following Location ${location} reads another item`];
}

// --- The property

export interface ConformanceOptions {
  /** How many requests in all: the operations take turns, in contract order. */
  numRuns: number;
  /** Replays a run (the seed a failure reports); a fresh one when left out. */
  seed?: number;
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

/** The requests of a run on `document`: the operations take turns, each drawing from its own seed. */
export function requestSchedule(document: JsonObject, numRuns: number, seed: number): ApiRequest[] {
  const arbitraries = [...requestArbitraries(document)];
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

/** The ETag an item has now (`"1"` for an absent one, so the request still tries a tag). */
function etagOf(item: Record<string, unknown> | undefined): string {
  return `"${typeof item?.version === 'number' ? item.version : 1}"`;
}

function byId(items: Record<string, unknown>[]): Stored {
  return new Map(items.map((item) => [String(item.id), item]));
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
  let cursor: string | undefined;
  const issuedCursors = new Set<string>();
  const resolve = (request: ApiRequest, stored: Stored): ApiRequest => ({
    ...request,
    query: request.query.flatMap<[string, string]>(([name, value]) =>
      value !== lastCursor ? [[name, value]] : cursor ? [[name, cursor]] : [],
    ),
    headers: Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [
        name,
        value === currentEtag ? etagOf(stored.get(request.pathParameters.id ?? '')) : value,
      ]),
    ),
  });
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  for (const generated of requestSchedule(contract, options.numRuns, seed)) {
    runs += 1;
    const before = byId(await target.storedItems());
    const request = resolve(generated, before);
    const response = await target.send(request);
    const counts = (statuses[request.operationId] ??= {});
    counts[response.status] = (counts[response.status] ?? 0) + 1;
    const after = byId(await target.storedItems());
    const expected = expectationOf(request, issuedCursors);
    if (expected.refused !== false) refusals[expected.reason] = (refusals[expected.reason] ?? 0) + 1;
    const defects = [
      ...(response.status >= 500 ? [`a ${response.status}`] : []),
      ...responseDefects(request.operationId as OperationId, response),
      ...expectationDefects(expected, response),
      ...effectDefects(request, response, expected, before, after, target.basePath),
      ...(await locationDefects(target, response)),
    ];
    if (defects.length > 0)
      throw new Error(
        `The contract does not hold (request ${runs} of ${options.numRuns}; replay with seed ${seed}):\n${describeExchange(request, response)}\n  - ${defects.join('\n  - ')}`,
      );
    if (request.operationId === 'listItems' && response.status === 200) {
      cursor = (JSON.parse(response.body) as { nextCursor?: string }).nextCursor;
      if (cursor !== undefined) issuedCursors.add(cursor);
    }
    // Items outside the pool were made by this run only: remove them, so the table stays small.
    const created = [...after.keys()].filter((id) => !before.has(id) && !(poolIds as readonly string[]).includes(id));
    for (const id of created) {
      const removed = await target.send({
        operationId: 'deleteItem',
        method: 'DELETE',
        path: `/items/${encodeURIComponent(id)}`,
        pathParameters: { id },
        query: [],
        headers: {},
      });
      if (removed.status !== 204) throw new Error(`cleaning up ${id}: ${removed.status} ${removed.body}`);
    }
  }
  return { runs, seed, statuses, refusals };
}
