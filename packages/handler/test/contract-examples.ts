/**
 * Requests made only of the contract's examples, for any operation: what the handler's tests send when they need
 * a request each operation accepts, so no test keeps its own list of operations.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { operations, type OperationId } from '@items-api/openapi/operations';
import type { EventInit } from './helpers.ts';

/** A node of the contract as YAML gives it. */
type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

export const contract = parseYaml(
  await readFile(new URL(import.meta.resolve('@items-api/openapi/openapi.yaml')), 'utf8'),
) as Node;

/** The object at `keys` under `node`, `$ref`s followed; fails the test when there is none. */
export function at(node: unknown, ...keys: string[]): Node {
  let current = node;
  for (const key of keys) current = isNode(current) ? current[key] : undefined;
  assert.ok(isNode(current), `nothing at ${keys.join('/')}`);
  return typeof current.$ref === 'string' ? at(contract, ...current.$ref.slice(2).split('/')) : current;
}

const listAt = (node: Node, key: string): Node[] =>
  (Array.isArray(node[key]) ? (node[key] as unknown[]) : []).map((p) => at(p));

/** A parameter's example as the request spells it. */
function exampleOf(parameter: Node): string {
  assert.notEqual(parameter.example, undefined, `parameter ${String(parameter.name)} has no example`);
  return typeof parameter.example === 'string' ? parameter.example : JSON.stringify(parameter.example);
}

/** The operation's requests made only of the contract's examples (one per header example and body media type). */
export function exampleRequests(operationId: OperationId): { path: string; init: EventInit }[] {
  const { method, path } = operations[operationId];
  const item = at(contract, 'paths', path);
  const operation = at(item, method.toLowerCase());
  const parameters = [...listAt(item, 'parameters'), ...listAt(operation, 'parameters')];
  const concretePath = path.replace(/\{([^}]+)\}/g, (_: string, name: string) => {
    const parameter = parameters.find((p) => p.in === 'path' && p.name === name);
    assert.ok(parameter, `${operationId}: no parameter ${name}`);
    return encodeURIComponent(exampleOf(parameter));
  });
  const query = Object.fromEntries(
    parameters.filter((p) => p.in === 'query' && p.example !== undefined).map((p) => [String(p.name), exampleOf(p)]),
  );
  // If-Match and If-None-Match cannot both hold: each header example is tried on its own.
  const headerSets: Record<string, string>[] = [
    {},
    ...parameters.filter((p) => p.in === 'header').map((p) => ({ [String(p.name)]: exampleOf(p) })),
  ];
  const content = operation.requestBody === undefined ? undefined : at(operation, 'requestBody', 'content');
  const bodies = content
    ? Object.keys(content).map((type) => ({ type, body: JSON.stringify(at(content, type).example) }))
    : [undefined];
  return headerSets.flatMap((headers) =>
    bodies.map((body) => ({
      path: concretePath,
      init: {
        query,
        headers: { ...headers, ...(body ? { 'Content-Type': body.type } : {}) },
        ...(body ? { rawBody: body.body } : {}),
      },
    })),
  );
}
