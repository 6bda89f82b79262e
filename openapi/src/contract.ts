/**
 * Reads `openapi.yaml` and answers the questions every generator asks of it: which operations exist,
 * what a `$ref` points to, and the project's own extensions (`x-cors`, `x-problem-types`; `x-resources` is read by
 * resources.ts, each operation's `x-integration` by integrations/index.ts, which knows the kinds and builds on this file).
 * Anything malformed fails here with a message that names the place, not deep inside a generator.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export const contractPath = fileURLToPath(new URL('../openapi.yaml', import.meta.url));

/** The HTTP methods an OpenAPI 3.0 path item can hold, in the order they are listed in generated files. */
export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof httpMethods)[number];

export interface ContractOperation {
  operationId: string;
  method: HttpMethod;
  path: string;
  /** The operation object, with path-level parameters merged in (operation-level ones win). */
  operation: JsonObject;
}

export interface CorsPolicy {
  allowOrigin: string;
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds: number;
}

export interface ProblemType {
  status: number;
  title: string;
}

export type DynamoDbKeyType = 'S' | 'N';

export class ContractError extends Error {
  override name = 'ContractError';
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function loadContract(path: string = contractPath): Promise<JsonObject> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ContractError(`Cannot read the contract at ${path}: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new ContractError(`${path} is not valid YAML: ${(error as Error).message}`);
  }
  if (!isObject(document) || typeof document.openapi !== 'string' || !document.openapi.startsWith('3.0.')) {
    throw new ContractError(`${path} must be an OpenAPI 3.0.x document (API Gateway's REST import does not take 3.1).`);
  }
  return document;
}

/** Follows local `$ref`s (`#/a/b`) until it reaches an object that is not a reference. */
export function deref(document: JsonObject, value: Json | undefined, seen: string[] = []): JsonObject {
  if (!isObject(value)) throw new ContractError(`Expected an object, found ${JSON.stringify(value)}`);
  const ref = value.$ref;
  if (typeof ref !== 'string') return value;
  if (!ref.startsWith('#/')) throw new ContractError(`Only local references are supported, found "${ref}"`);
  if (seen.includes(ref)) throw new ContractError(`Circular reference: ${[...seen, ref].join(' -> ')}`);
  let target: Json | undefined = document;
  for (const token of ref.slice(2).split('/')) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    target = isObject(target) ? target[key] : undefined;
  }
  if (target === undefined) throw new ContractError(`Unresolved reference "${ref}"`);
  return deref(document, target, [...seen, ref]);
}

export function objectAt(parent: JsonObject, key: string, where: string): JsonObject {
  const value = parent[key];
  if (!isObject(value)) throw new ContractError(`${where}.${key} must be an object`);
  return value;
}

/** A string member; `fallback`, when given, stands in for a missing (or null) one. */
export function stringAt(parent: JsonObject, key: string, where: string, fallback?: string): string {
  const value = parent[key] ?? fallback;
  if (typeof value !== 'string') throw new ContractError(`${where}.${key} must be a string`);
  return value;
}

/** Every operation in document order. Fails on a missing or duplicate operationId. */
export function listOperations(document: JsonObject): ContractOperation[] {
  const paths = objectAt(document, 'paths', '#');
  const operations: ContractOperation[] = [];
  const ids = new Set<string>();
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = deref(document, rawItem);
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of httpMethods) {
      const raw = item[method];
      if (raw === undefined) continue;
      const operation = deref(document, raw);
      const operationId = operation.operationId;
      if (typeof operationId !== 'string' || operationId === '') {
        throw new ContractError(`${method.toUpperCase()} ${path} has no operationId`);
      }
      if (ids.has(operationId)) throw new ContractError(`operationId "${operationId}" is used twice`);
      ids.add(operationId);
      const own = Array.isArray(operation.parameters) ? operation.parameters : [];
      const key = (p: Json) => {
        const param = deref(document, p);
        const where = `${method.toUpperCase()} ${path} parameter`;
        return `${stringAt(param, 'in', where)}:${stringAt(param, 'name', where).toLowerCase()}`;
      };
      const ownKeys = new Set(own.map(key));
      const parameters = [...shared.filter((p) => !ownKeys.has(key(p))), ...own];
      operations.push({ operationId, method, path, operation: { ...operation, parameters } });
    }
  }
  return operations;
}

function stringList(value: Json | undefined, where: string): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new ContractError(`${where} must be a list of strings`);
  }
  return value;
}

export function readCors(document: JsonObject): CorsPolicy {
  const cors = objectAt(document, 'x-cors', '#');
  if (typeof cors.allowOrigin !== 'string' || cors.allowOrigin === '') {
    throw new ContractError('#.x-cors.allowOrigin must be a non-empty string');
  }
  if (typeof cors.maxAgeSeconds !== 'number' || !Number.isInteger(cors.maxAgeSeconds) || cors.maxAgeSeconds < 0) {
    throw new ContractError('#.x-cors.maxAgeSeconds must be a whole number of seconds');
  }
  return {
    allowOrigin: cors.allowOrigin,
    allowHeaders: stringList(cors.allowHeaders, '#.x-cors.allowHeaders'),
    exposeHeaders: stringList(cors.exposeHeaders, '#.x-cors.exposeHeaders'),
    maxAgeSeconds: cors.maxAgeSeconds,
  };
}

/**
 * `x-api-name`: the API's one name, which everything that names the API derives: its problem types' URNs, the OAuth
 * resource server, and on AWS (through infrastructure.json) its resources' names (`<name>-<environment>`) and tags.
 * Lower-case letters, digits and inner hyphens, at most 32 characters, so every derived AWS name stays valid.
 */
export function readApiName(document: JsonObject): string {
  const name = document['x-api-name'];
  if (typeof name !== 'string' || !/^[a-z](?:[a-z0-9-]{0,30}[a-z0-9])?$/.test(name) || name.includes('--')) {
    throw new ContractError(
      `#.x-api-name must be the API's name: 1-32 lower-case letters, digits and single inner hyphens, starting with a letter (found ${JSON.stringify(name) ?? '(none)'})`,
    );
  }
  return name;
}

/** The prefix of every problem's `type`: `urn:<api name>:problem:`, followed by the problem's key. */
export function problemTypeUriPrefixOf(document: JsonObject): string {
  return `urn:${readApiName(document)}:problem:`;
}

export function readProblemTypes(document: JsonObject): Record<string, ProblemType> {
  const types = objectAt(document, 'x-problem-types', '#');
  const result: Record<string, ProblemType> = {};
  for (const [key, value] of Object.entries(types)) {
    if (!/^[a-z][a-z0-9-]*$/.test(key)) throw new ContractError(`x-problem-types key "${key}" must be kebab-case`);
    if (!isObject(value) || typeof value.status !== 'number' || typeof value.title !== 'string') {
      throw new ContractError(`x-problem-types.${key} must be { status: number, title: string }`);
    }
    if (!Number.isInteger(value.status) || value.status < 400 || value.status > 599) {
      throw new ContractError(`x-problem-types.${key}.status must be an HTTP error status (400-599)`);
    }
    result[key] = { status: value.status, title: value.title };
  }
  return result;
}

/** The methods a path answers, upper-case, for `Allow` and CORS `Access-Control-Allow-Methods`. */
export function methodsByPath(operations: ContractOperation[]): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const { path, method } of operations) {
    byPath.set(path, [...(byPath.get(path) ?? []), method.toUpperCase()]);
  }
  return byPath;
}

/** How errors name an operation: `GET /items/{id} (getItem)`. */
export function describeOperation({ method, path, operationId }: ContractOperation): string {
  return `${method.toUpperCase()} ${path} (${operationId})`;
}
