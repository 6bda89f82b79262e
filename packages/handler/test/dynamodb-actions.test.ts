/**
 * The handler sends each operation's DynamoDB calls within what the contract declares for it
 * (`x-integration.dynamodbActions`, generated into `infrastructure.operations`), and every declared action
 * is really used - the declaration is what Terraform grants the function, so it must be neither short nor wide.
 * Commands are recorded with aws-sdk-client-mock; the DynamoDB action is the API operation a command sends,
 * read from the SDK (a document client command wraps the client command that names it).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { infrastructure, operations, type OperationId } from '@items-api/openapi/operations';
import { createApp } from '../src/app.ts';
import { createLogger } from '../src/logger.ts';
import { exampleRequests } from './contract-examples.ts';
import { event, everyTable, parse } from './helpers.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const loggedOperations: unknown[] = [];
const app = createApp({
  client: DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  ),
  tableNames: everyTable,
  region: 'local',
  cursorKey: () => Promise.resolve(Buffer.alloc(32)),
  logger: createLogger({
    level: 'INFO',
    service: 'items-api',
    write: (line) => loggedOperations.push((JSON.parse(line) as { operationId: unknown }).operationId),
  }),
});

const stored = {
  id: 'cup-1',
  name: 'Cup',
  version: 1,
  createdAt: '2026-11-01T09:30:00.000Z',
  updatedAt: '2026-11-01T09:30:00.000Z',
};
/** `dynamodb:GetItem` for a GetCommand: the name of the DynamoDB API operation the command sends. */
function actionOf(command: object): string {
  const sent = 'clientCommand' in command ? (command.clientCommand as object) : command;
  const name = /^(\w+)Command$/.exec(sent.constructor.name)?.[1];
  assert.ok(name, `cannot tell which DynamoDB action ${command.constructor.name} sends`);
  return `dynamodb:${name}`;
}

describe('DynamoDB actions per operation', () => {
  for (const operationId of Object.keys(operations) as OperationId[]) {
    it(`${operationId} sends exactly the actions the contract declares for it`, async () => {
      const used = new Set<string>();
      // The contract's examples: one request per header example (each conditional variant of a write).
      for (const { path, init } of exampleRequests(operationId)) {
        ddb.reset();
        // The stored object under the key the command names, so every resource's answers (Location) have their key.
        ddb.onAnyCommand().callsFake((input: { Key?: Record<string, unknown> }) => {
          const object = { ...stored, ...input.Key };
          return { Item: object, Items: [object], Attributes: object };
        });
        const res = parse(await app(event(operations[operationId].method, path, init)));
        assert.ok(
          res.status < 300,
          `${operationId} ${JSON.stringify(init)} answered ${res.status}: ${JSON.stringify(res.body)}`,
        );
        assert.equal(loggedOperations.at(-1), operationId, 'the request was served by the operation under test');
        for (const call of ddb.calls()) used.add(actionOf(call.args[0]));
      }
      const declared: readonly string[] = infrastructure.operations[operationId].dynamodbActions;
      for (const action of used)
        assert.ok(
          declared.includes(action),
          `${operationId} sends ${action}, which its x-integration does not declare`,
        );
      for (const action of declared)
        assert.ok(used.has(action), `${operationId} declares ${action} but never sends it`);
    });
  }
});
