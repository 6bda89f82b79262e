/**
 * No example in the contract is a request the handler refuses: for every operation, a request made of the
 * contract's own examples (path, query and header parameters, the request body) goes through the whole handler,
 * its checks beyond the schemas included (cursor signatures, If-Match, storage limits), and is not answered
 * 400 or 415. DynamoDB is stubbed to succeed. (openapi/test/examples.test.ts checks every example, responses
 * included, against its schema.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { operations, type OperationId } from '@items-api/openapi/operations';
import { createApp } from '../src/app.ts';
import { createLogger } from '../src/logger.ts';
import { at, contract, exampleRequests } from './contract-examples.ts';
import { event, everyTable, firstOperation, parse, testCursorKey } from './helpers.ts';

const stored = {
  id: 'cup-1',
  name: 'Espresso cup',
  version: 3,
  createdAt: '2026-11-01T09:30:00.000Z',
  updatedAt: '2026-11-02T14:05:12.345Z',
};
const ddb = mockClient(DynamoDBDocumentClient);
/** The stored object at the key a command names: every resource's operations get an object under their own key. */
const storedAt = (input: { Key?: Record<string, unknown> }) => ({ ...stored, ...input.Key });
ddb.on(GetCommand).callsFake((input: { Key?: Record<string, unknown> }) => ({ Item: storedAt(input) }));
ddb.on(ScanCommand).resolves({ Items: [stored] });
ddb.on(QueryCommand).resolves({ Items: [stored] });
ddb.on(PutCommand).resolves({});
ddb.on(UpdateCommand).callsFake((input: { Key?: Record<string, unknown> }) => ({
  Attributes: { ...storedAt(input), version: 4 },
}));
ddb.on(DeleteCommand).resolves({});
const app = createApp({
  client: DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  ),
  tableNames: everyTable,
  region: 'eu-west-1',
  cursorKey: () => Promise.resolve(testCursorKey),
  logger: createLogger({ level: 'SILENT', service: 'items-api' }),
});

describe("the contract's request examples", () => {
  for (const operationId of Object.keys(operations) as OperationId[]) {
    it(`${operationId}: a request made of them is not refused`, async () => {
      for (const { path, init } of exampleRequests(operationId)) {
        const answer = parse(await app(event(operations[operationId].method, path, init)));
        assert.ok(
          answer.status < 300,
          `${operationId} ${JSON.stringify(init)}: ${answer.status} ${JSON.stringify(answer.body)}`,
        );
      }
    });
  }

  // On the contract's first list: the example was shared by every list's cursor parameter.
  const list = firstOperation('list');
  it(
    'would catch one the handler refuses: the cursor-looking example the contract once showed',
    { skip: list ? false : 'the contract declares no resource with a list operation' },
    async () => {
      assert.ok(list);
      const [request] = exampleRequests(list);
      assert.ok(request);
      const cursor = 'eyJrIjp7ImlkIjoiNmYxYzJhNGUifSwicyI6ImFiYyJ9';
      const answer = parse(
        await app(
          event(operations[list].method, request.path, { ...request.init, query: { ...request.init.query, cursor } }),
        ),
      );
      assert.equal(answer.status, 400);
      assert.equal(at(contract, 'components', 'parameters', 'Cursor').example, undefined);
    },
  );
});
