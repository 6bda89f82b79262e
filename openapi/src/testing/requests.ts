/**
 * Requests a client of the contract could send, generated per operation from the contract: path, query and
 * header parameters and bodies from their schemas (schema-arbitraries.ts), the right media type mostly and a
 * wrong one, a missing body or malformed JSON sometimes. Path keys come mostly from a small pool, so requests
 * meet each other's objects (a PATCH after a PUT, a DELETE with the current ETag).
 */
import fc from 'fast-check';
import { maxRequestHeadBytes } from '../answers.ts';
import { deref, isObject, listOperations, type Json, type JsonObject } from '../contract.ts';
import { SchemaArbitraries } from './schema-arbitraries.ts';

export interface ApiRequest {
  operationId: string;
  method: string;
  /** The path under the API's root, percent-encoded: `/items/abc`. */
  path: string;
  /** Path parameters as generated, before encoding. */
  pathParameters: Record<string, string>;
  query: [name: string, value: string][];
  /** Header names as the contract spells them. */
  headers: Record<string, string>;
  /** The body's text, when there is one. */
  body?: string;
}

/** The request line and header values in bytes, as API Gateway's head quota counts them (stand-ins as generated). */
function headBytes({ method, path, query, headers }: ApiRequest): number {
  const target = query.length > 0 ? `${path}?${new URLSearchParams(query).toString()}` : path;
  return Buffer.byteLength(`${method} ${target} HTTP/1.1${Object.values(headers).join('')}`, 'utf8');
}

/** Stand-ins resolved when the request is sent, from what earlier responses said. */
export const lastCursor = '\u0000last nextCursor';
export const currentEtag = '\u0000current ETag';

/**
 * The path values most requests use, so that they act on each other's objects: per key type (a string key's, a
 * number key's), whatever the resource.
 */
export const pathPools = { S: ['pool-0', 'pool-1', 'pool-2'], N: ['1', '2', '3'] } as const;

/** The pool a path parameter draws from: a number key's if its schema is a number's. */
export function pathPool(schema: JsonObject): readonly string[] {
  return schema.type === 'integer' || schema.type === 'number' ? pathPools.N : pathPools.S;
}

/** What an HTTP client can put in a header value (Node refuses anything else); surrounding whitespace is not kept. */
const headerSafe = (value: string) =>
  /^[\x21-\x7e\x80-\xff]([\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?$/.test(value);

const nameOf = (parameter: JsonObject): string => (typeof parameter.name === 'string' ? parameter.name : '');

const asText = (value: Json): string => (typeof value === 'string' ? value : JSON.stringify(value));

function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80'; // a lone surrogate, which encodeURIComponent refuses: its invalid UTF-8 form
  }
}

/** A path template with `values` in place of its parameters, each percent-encoded. */
export const fillPath = (template: string, values: Readonly<Record<string, unknown>>): string =>
  template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    return encodeSegment(typeof value === 'string' || typeof value === 'number' ? String(value) : '');
  });

const otherMediaTypes = [
  'text/plain',
  'application/json; charset=latin1',
  'application/merge-patch+json',
  'application/json',
  'application/xml',
];

/** The media types of an operation's request body, and the schema of the first (undefined without a body). */
function bodyOf(document: JsonObject, operation: JsonObject): { contentTypes: string[]; schema: Json | undefined } {
  const requestBody = operation.requestBody === undefined ? undefined : deref(document, operation.requestBody);
  const content = requestBody && isObject(requestBody.content) ? requestBody.content : {};
  const contentTypes = Object.keys(content);
  return {
    contentTypes,
    schema: contentTypes[0] === undefined ? undefined : deref(document, content[contentTypes[0]]).schema,
  };
}

/** Every combination of one value per name: `{a: [1, 2], b: [3]}` gives `{a: 1, b: 3}` and `{a: 2, b: 3}`. */
function combinations(values: [name: string, values: readonly string[]][]): Record<string, string>[] {
  return values.reduce<Record<string, string>[]>(
    (partial, [name, options]) => partial.flatMap((chosen) => options.map((value) => ({ ...chosen, [name]: value }))),
    [{}],
  );
}

/**
 * A PUT of every pool key of every resource that has a replace (`x-resource` action `replace`), each with a body
 * from its schema that `admits` (the contract's own checks): what the conformance run sends for each pool object
 * absent when a round starts, so reads, patches and deletes meet objects whatever the number of resources.
 */
export function poolFillingRequests(
  document: JsonObject,
  seed: number,
  admits: (operationId: string, body: Json) => boolean,
): ApiRequest[] {
  const schemas = new SchemaArbitraries(document);
  return listOperations(document).flatMap(({ operationId, method, path, operation }) => {
    const resource = operation['x-resource'];
    const { contentTypes, schema } = bodyOf(document, operation);
    if (!isObject(resource) || resource.action !== 'replace' || schema === undefined) return [];
    const keys = (Array.isArray(operation.parameters) ? operation.parameters : [])
      .map((raw) => deref(document, raw))
      .filter((p) => p.in === 'path')
      .map((p): [string, readonly string[]] => [nameOf(p), pathPool(deref(document, p.schema ?? {}))]);
    const keyValues = combinations(keys);
    const bodies = fc.sample(
      schemas.of(schema).filter((body) => admits(operationId, body)),
      { seed, numRuns: keyValues.length },
    );
    return keyValues.map((pathParameters, index): ApiRequest => ({
      operationId,
      method: method.toUpperCase(),
      path: fillPath(path, pathParameters),
      pathParameters,
      query: [],
      headers: { 'Content-Type': contentTypes[0] as string },
      body: JSON.stringify(bodies[index]),
    }));
  });
}

/** Each operation's requests, by operationId in contract order: one operation's draws owe nothing to the others. */
export function requestArbitraries(document: JsonObject): Map<string, fc.Arbitrary<ApiRequest>> {
  const schemas = new SchemaArbitraries(document);
  const perOperation = listOperations(document).map(({ operationId, method, path, operation }) => {
    const parameters = (Array.isArray(operation.parameters) ? operation.parameters : []).map((raw) =>
      deref(document, raw),
    );
    const pathParameters = fc.record(
      Object.fromEntries(
        parameters
          .filter((p) => p.in === 'path')
          .map((p) => [
            nameOf(p),
            // An empty segment, `.` or `..` would address another path (or none), not this operation.
            fc.oneof(
              { weight: 6, arbitrary: fc.constantFrom(...pathPool(deref(document, p.schema ?? {}))) },
              {
                weight: 2,
                arbitrary: schemas
                  .of(p.schema ?? {})
                  .map(asText)
                  .filter((v) => !['', '.', '..'].includes(v)),
              },
            ),
          ]),
      ),
    );
    const query = fc.tuple(
      ...parameters
        .filter((p) => p.in === 'query')
        .map((p) => {
          const values =
            nameOf(p) === 'cursor'
              ? fc.oneof(schemas.of(p.schema ?? {}).map(asText), fc.constant(lastCursor))
              : schemas.of(p.schema ?? {}).map(asText);
          return fc.option(
            values.map((value) => [nameOf(p), value] as [string, string]),
            { freq: 2 },
          );
        }),
    );
    const headers = fc.tuple(
      ...parameters
        .filter((p) => p.in === 'header')
        .map((p) => {
          const fromSchema = schemas.of(p.schema ?? {}).map(asText);
          // If-Match also gets the item's current ETag (so conditional writes succeed) and tags a client would send.
          const values =
            nameOf(p) !== 'If-Match'
              ? fromSchema
              : fc.oneof(
                  { weight: 3, arbitrary: fromSchema },
                  { weight: 3, arbitrary: fc.constant(currentEtag) },
                  {
                    weight: 1,
                    arbitrary: fc.constantFrom('"1"', '"2"', 'W/"1"', '"a,b", "1"', '3', '"3', '"1",', '*, "1"'),
                  },
                );
          return fc.option(
            values
              .filter((v) => v === currentEtag || headerSafe(v))
              .map((value) => [nameOf(p), value] as [string, string]),
            { freq: 2 },
          );
        }),
    );
    const { contentTypes, schema: bodySchema } = bodyOf(document, operation);
    const body =
      bodySchema === undefined
        ? fc.constant(undefined)
        : fc.oneof(
            {
              weight: 30,
              arbitrary: fc.tuple(
                fc.constant(contentTypes[0]),
                schemas.of(bodySchema).map((v) => JSON.stringify(v)),
              ),
            },
            {
              weight: 1,
              arbitrary: fc.tuple(
                fc.constantFrom(...otherMediaTypes.filter((t) => !contentTypes.includes(t)), undefined),
                schemas.of(bodySchema).map((v) => JSON.stringify(v)),
              ),
            },
            {
              weight: 1,
              arbitrary: fc.tuple(
                fc.constant(contentTypes[0]),
                fc.constantFrom('{"name": ', 'not json', '{"name":"x",}', "{'name':'x'}", '[', '{"name":"x"}}'),
              ),
            },
            { weight: 1, arbitrary: fc.tuple(fc.constant(contentTypes[0]), fc.constant(undefined)) },
          );
    const requests = fc
      .record({ pathParameters, query, headers, body })
      .map(({ pathParameters, query, headers, body }): ApiRequest => {
        const [contentType, text] = body ?? [undefined, undefined];
        return {
          operationId,
          method: method.toUpperCase(),
          path: fillPath(path, pathParameters),
          pathParameters,
          query: query.filter((entry): entry is [string, string] => entry !== null),
          headers: {
            ...Object.fromEntries(headers.filter((entry): entry is [string, string] => entry !== null)),
            ...(contentType === undefined ? {} : { 'Content-Type': contentType }),
          },
          ...(text === undefined ? {} : { body: text }),
        };
      });
    // Within API Gateway's head quota, with room for the credentials and headers a target adds: beyond it the
    // gateway answers 413 before the contract's checks (the local stage's own tests cover that answer).
    return [operationId, requests.filter((request) => headBytes(request) <= maxRequestHeadBytes / 2)] as const;
  });
  return new Map(perOperation);
}
