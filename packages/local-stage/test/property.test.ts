/**
 * The contract as a property (`@items-api/openapi/conformance`) against the whole local stage over HTTP: the local
 * gateway in front of the built handler bundle on DynamoDB Local, served under a stage path (`/dev`) exactly as an
 * execute-api URL is. Never a 5xx, only documented answers (204 without Content-Type included), every request the
 * contract admits stored or refused as documented, a refusal changes nothing, a write reads back as answered and
 * its `Location` resolves under the stage. Every request carries the full-access client's token and API key (the
 * refusals of bad credentials are test/gateway-access.test.ts's and the e2e suite's).
 *
 * Short form in `npm test` (30 requests per operation, so a resource added to the contract gets its share); long
 * form by hand: `PROPERTY_RUNS=20000 node --import tsx --test test/property.test.ts`
 * (PROPERTY_SEED=<n> replays a run).
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { checkConformance, unreachedCases, type ConformanceTarget } from '@items-api/openapi/conformance';
import { infrastructure, operations } from '@items-api/openapi/operations';
import { startLocalStage, type LocalStage } from '../src/stage.ts';
import { localDynamoDBClient } from '../src/table.ts';
import { authHeaders, unlimitedPlans } from './support/credentials.ts';
import { closeConnections, send } from './support/send.ts';

const numRuns = Number(process.env.PROPERTY_RUNS ?? 30 * Object.keys(operations).length);
// The short form (npm test) replays one fixed seed, so its coverage assertions below cannot flake; the long form
// (PROPERTY_RUNS set) explores a fresh random seed unless PROPERTY_SEED names one.
const seed =
  process.env.PROPERTY_SEED !== undefined
    ? Number(process.env.PROPERTY_SEED)
    : process.env.PROPERTY_RUNS === undefined
      ? 4242
      : undefined;
const stageName = 'dev';

let stage: LocalStage;
let documents: DynamoDBDocumentClient;

before(async () => {
  stage = await startLocalStage({
    port: 0,
    inMemory: true,
    stage: stageName,
    accessLog: () => {},
    writeStateFile: false,
    functionLogStream: new Writable({ write: (_chunk, _encoding, done) => done() }),
    // The long form sends thousands of requests as fast as it can: the throttle is not the subject.
    usagePlans: unlimitedPlans(infrastructure.access.usagePlans),
  });
  // Numbers as JSON.parse reads the answers the stored items are compared with (beyond 2^53 the SDK would throw).
  documents = DynamoDBDocumentClient.from(localDynamoDBClient(stage.dynamodb.endpoint), {
    unmarshallOptions: { wrapNumbers: Number },
  });
});

after(async () => {
  closeConnections();
  documents?.destroy();
  await stage?.stop();
});

describe(`the contract as a property (local stage under /${stageName} over HTTP, ${numRuns} runs)`, () => {
  it('answers every generated request as the contract documents, and stores what it accepts', async (t) => {
    const url = new URL(stage.url.replace('localhost', '127.0.0.1'));
    assert.equal(url.pathname, `/${stageName}`);
    const auth = await authHeaders(stage.credentials);
    const target: ConformanceTarget = {
      basePath: url.pathname,
      send: (request) => send(url, { ...request, headers: { ...auth, ...request.headers } }),
      async storedObjects(resource) {
        const items: Record<string, unknown>[] = [];
        let start: Record<string, unknown> | undefined;
        do {
          const page = await documents.send(
            new ScanCommand({ TableName: stage.tableNames[resource], ExclusiveStartKey: start }),
          );
          items.push(...(page.Items ?? []));
          start = page.LastEvaluatedKey;
        } while (start);
        return items;
      },
    };
    const report = await checkConformance(target, { numRuns, ...(seed !== undefined && { seed }) });
    assert.equal(report.runs, numRuns);
    t.diagnostic(
      `property: ${report.runs} requests (seed ${report.seed}); statuses by operation ${JSON.stringify(report.statuses)}; refused by the contract ${JSON.stringify(report.refusals)}`,
    );
    // Every operation reaches its success (and a body's refusal), each drawing from its own seed.
    assert.deepEqual(unreachedCases(report), []);
  });
});
