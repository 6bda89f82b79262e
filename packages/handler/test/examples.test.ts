/**
 * No example in the contract is a request the handler refuses: for every operation, a request made of the
 * contract's own examples (path, query and header parameters, the request body) goes through the whole handler,
 * its checks beyond the schemas included (cursor signatures, If-Match, storage limits), and is not answered
 * 400 or 415. DynamoDB is stubbed to succeed. (openapi/test/examples.test.ts checks every example, responses
 * included, against its schema.)
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { parse as parseYaml } from 'yaml';
import { operations, type OperationId } from '@items-api/openapi/operations';
import { createApp } from '../src/app.ts';
import { createLogger } from '../src/logger.ts';
import { event, parse, testCursorKey } from './helpers.ts';

const stored = {
  id: 'cup-1',
  name: 'Espresso cup',
  version: 3,
  createdAt: '2026-11-01T09:30:00.000Z',
  updatedAt: '2026-11-02T14:05:12.345Z',
};
const ddb = mockClient(DynamoDBDocumentClient);
ddb.on(GetCommand).resolves({ Item: stored });
ddb.on(ScanCommand).resolves({ Items: [stored] });
ddb.on(PutCommand).resolves({});
ddb.on(UpdateCommand).resolves({ Attributes: { ...stored, version: 4 } });
ddb.on(DeleteCommand).resolves({});
const app = createApp({
  client: DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  ),
  tableName: 'items',
  region: 'eu-west-1',
  cursorKey: () => Promise.resolve(testCursorKey),
  logger: createLogger({ level: 'SILENT', service: 'items-api' }),
});

/** A node of the contract as YAML gives it. */
type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

const contract = parseYaml(
  await readFile(new URL(import.meta.resolve('@items-api/openapi/openapi.yaml')), 'utf8'),
) as Node;

/** The object at `keys` under `node`, `$ref`s followed; fails the test when there is none. */
function at(node: unknown, ...keys: string[]): Node {
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
function exampleRequests(operationId: OperationId) {
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
  return headerSets.flatMap((headers) => bodies.map((body) => ({ concretePath, query, headers, body })));
}

describe("the contract's request examples", () => {
  for (const operationId of Object.keys(operations) as OperationId[]) {
    it(`${operationId}: a request made of them is not refused`, async () => {
      for (const { concretePath, query, headers, body } of exampleRequests(operationId)) {
        const init = {
          query,
          headers: { ...headers, ...(body ? { 'Content-Type': body.type } : {}) },
          ...(body ? { rawBody: body.body } : {}),
        };
        const answer = parse(await app(event(operations[operationId].method, concretePath, init)));
        assert.ok(
          answer.status < 300,
          `${operationId} ${JSON.stringify(init)}: ${answer.status} ${JSON.stringify(answer.body)}`,
        );
      }
    });
  }

  it('would catch one the handler refuses: the cursor-looking example the contract once showed', async () => {
    const answer = parse(
      await app(event('GET', '/items', { query: { cursor: 'eyJrIjp7ImlkIjoiNmYxYzJhNGUifSwicyI6ImFiYyJ9' } })),
    );
    assert.equal(answer.status, 400);
    assert.equal(at(contract, 'components', 'parameters', 'Cursor').example, undefined);
  });
});
