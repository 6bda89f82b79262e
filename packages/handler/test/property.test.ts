/**
 * The contract as a property (`@items-api/openapi/conformance`): generated requests, valid and just invalid, sent
 * to the handler in process as API Gateway would (events from the one route matcher, under a stage path `/dev`),
 * on a real DynamoDB Local holding every resource's table. Never a 5xx, only documented answers, every request the
 * contract admits stored or refused as documented, a refusal changes nothing, a write reads back as answered.
 *
 * Short form in `npm test` (40 requests per operation, so a resource added to the contract gets its share);
 * long form by hand: `PROPERTY_RUNS=20000 node --import tsx --test test/property.test.ts` (PROPERTY_SEED=<n>
 * replays a run).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { localCredentials, type DynamoDBLocal } from '@items-api/dynamodb-local';
import {
  checkConformance,
  unreachedCases,
  type ApiRequest,
  type ApiResponse,
  type ConformanceTarget,
} from '@items-api/openapi/conformance';
import { operations, resources, routes, type ResourceName } from '@items-api/openapi/operations';
import { createRouter } from '@items-api/openapi/router';
import type { App } from '../src/app.ts';
import type { ProxyEvent } from '../src/http.ts';
import { startLocalApp } from './local-app.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const numRuns = Number(process.env.PROPERTY_RUNS ?? 40 * Object.keys(operations).length);
// The short form (npm test) replays one fixed seed, so its coverage assertion below cannot flake; the long form
// (PROPERTY_RUNS set) explores a fresh random seed unless PROPERTY_SEED names one.
const seed =
  process.env.PROPERTY_SEED !== undefined
    ? Number(process.env.PROPERTY_SEED)
    : process.env.PROPERTY_RUNS === undefined
      ? 20261129
      : undefined;
const tableNames = Object.fromEntries(
  Object.keys(resources).map((resource) => [resource, `${resource}-property`]),
) as Record<ResourceName, string>;
const basePath = '/dev';
const router = createRouter(Object.keys(routes));

let db: DynamoDBLocal;
let documents: DynamoDBDocumentClient;
let target: ConformanceTarget;

/** The event API Gateway sends for `request` on an execute-api URL of stage `dev`. */
function eventOf(request: ApiRequest): ProxyEvent {
  const match = router.match(request.path);
  const multiQuery: Record<string, string[]> = {};
  for (const [name, value] of request.query) (multiQuery[name] ??= []).push(value);
  return {
    httpMethod: request.method,
    path: request.path,
    resource: match?.template ?? request.path,
    pathParameters: match?.pathParameters ?? null,
    headers: request.headers,
    multiValueHeaders: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, [value]])),
    queryStringParameters:
      request.query.length > 0
        ? Object.fromEntries(Object.entries(multiQuery).map(([name, values]) => [name, values.at(-1) as string]))
        : null,
    multiValueQueryStringParameters: request.query.length > 0 ? multiQuery : null,
    body: request.body ?? null,
    isBase64Encoded: false,
    requestContext: {
      requestId: `property-${Math.random().toString(36).slice(2)}`,
      path: `${basePath}${request.path}`,
    },
  };
}

before(async () => {
  let app: App;
  ({ app, db } = await startLocalApp(tableNames, 'SILENT'));
  documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: db.endpoint, region: 'us-east-1', credentials: localCredentials }),
    // Numbers as JSON.parse reads the answers the stored items are compared with (beyond 2^53 the SDK would throw).
    { unmarshallOptions: { wrapNumbers: Number } },
  );
  target = {
    basePath,
    async send(request): Promise<ApiResponse> {
      const result = await app(eventOf(request));
      // A header set to null is not sent (API Gateway adds no default for it either).
      const headers = Object.fromEntries(
        Object.entries(result.headers).flatMap(([name, value]) =>
          value === null ? [] : [[name.toLowerCase(), value]],
        ),
      );
      return { status: result.statusCode, headers, body: result.body };
    },
    async storedObjects(resource) {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await documents.send(
          new ScanCommand({ TableName: tableNames[resource], ExclusiveStartKey: start }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    },
  };
});

after(async () => {
  documents?.destroy();
  await db?.stop();
});

describe(`the contract as a property (handler in process on DynamoDB Local, ${numRuns} runs)`, () => {
  it('answers every generated request as the contract documents, and stores what it accepts', async (t) => {
    const report = await checkConformance(target, { numRuns, ...(seed !== undefined && { seed }) });
    assert.equal(report.runs, numRuns);
    t.diagnostic(
      `property: ${report.runs} requests (seed ${report.seed}); statuses by operation ${JSON.stringify(report.statuses)}; refused by the contract ${JSON.stringify(report.refusals)}`,
    );
    // Every operation reaches its success (and a body's refusal), each drawing from its own seed: derived from the
    // operations table, so a new operation is covered and cannot take another's success case away.
    assert.deepEqual(unreachedCases(report), []);
  });
});

describe('the property fails when a resource loses what it was told to store', () => {
  // The last resource the contract declares (items alone; after `nx g @items-api/generators:resource`, the new
  // one): its table drops every object the handler writes, as a store writing nowhere would. The harness reads
  // each resource's own table, so it must notice.
  const broken = Object.keys(resources).at(-1) as ResourceName;
  const { partitionKey, sortKey }: { partitionKey: { name: string }; sortKey?: { name: string } } = resources[broken];
  const writes = new Set(['create', 'replace', 'patch']);

  it(`reports a write of ${broken} that a read does not return`, async () => {
    const losing: ConformanceTarget = {
      ...target,
      async send(request) {
        const response = await target.send(request);
        const resource: { name: string; action: string | null } | null =
          operations[request.operationId as keyof typeof operations].resource;
        if (resource?.name === broken && writes.has(resource.action ?? '') && response.status < 300) {
          const written = JSON.parse(response.body) as Record<string, unknown>;
          const key = Object.fromEntries(
            [partitionKey, ...(sortKey ? [sortKey] : [])].map(({ name }) => [name, written[name]]),
          );
          await documents.send(new DeleteCommand({ TableName: tableNames[broken], Key: key }));
        }
        return response;
      },
    };
    // The run stops at the first defect: a write of this resource (its path's first segment), as read back.
    const segment = Object.values(operations)
      .find((o) => o.resource?.name === broken)
      ?.path.split('/')[1];
    await assert.rejects(
      checkConformance(losing, { numRuns, seed: 1 }),
      new RegExp(`^(PUT|POST|PATCH) /${segment}[/ ].*?\\n  - what a read returns is not what the write answered`, 'ms'),
    );
  });
});
