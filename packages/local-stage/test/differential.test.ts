/**
 * The differential test: the same objects through both integrations on the same tables - a gateway serving every
 * operation the dynamodb kind can serve directly from DynamoDB (the contract's generator, overridden) and the
 * local stage with every operation on the Lambda. Requests come from the contract's own conformance harness (its
 * generated requests: bodies at and between the schemas' limits, pool keys, bad keys, If-Match tags); every
 * direct operation's request is answered by both and compared: status, headers, JSON, and bytes up to how each
 * spells the same JSON. A delete runs on the direct gateway first, the object is put back exactly as stored, then
 * the Lambda deletes it. DynamoDB failures DynamoDB Local cannot produce (throttling, internal errors) come from a
 * scripted DynamoDB both integrations call. (test/items/differential.test.ts adds items of its own.)
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { checkConformance, type ApiRequest } from '@items-api/openapi/conformance';
import { operations, resources } from '@items-api/openapi/operations';
import { loadStageApi } from '../src/api-source.ts';
import { functionEnvironment } from '../src/function.ts';
import { createGateway } from '../src/gateway/gateway.ts';
import type { LambdaInvoker } from '../src/lambda/invoker.ts';
import { createWorkerInvoker } from '../src/lambda/worker-invoker.ts';
import { defaultWatchOptions, handlerBundlePath } from '../src/paths.ts';
import { startSideGateway, type SideGateway } from '../src/side-gateway.ts';
import { localTableNames } from '../src/table.ts';
import { fillPath } from './support/contract.ts';
import {
  compare,
  directNoContentType,
  directOperations,
  directResourceOperations,
  override,
  quiet,
  startDifferential,
  type Differential,
} from './support/differential.ts';

/** A contract may serve nothing directly (the generator refuses each operation): then there is nothing to compare. */
const skip = directOperations.length === 0 && 'the contract serves no operation directly: nothing to compare';

describe(`the direct integrations (${directOperations.join(', ') || 'none'}) and the Lambda`, { skip }, () => {
  let differential: Differential;
  before(async () => {
    differential = await startDifferential();
  });
  after(() => differential?.stop());

  describe(`the direct integrations (${directOperations.join(', ')}) answer as the Lambda does`, () => {
    it(`answers every ${directOperations.join(' and ')} of the conformance harness the same way`, async (t) => {
      const { bothAnswers, send, lambdaUrl, dynamodb, stage } = differential;
      const mismatches: string[] = [];
      let compared = 0;
      let byteCompared = 0;
      const report = await checkConformance(
        {
          basePath: '',
          async send(request) {
            if (!(directOperations as string[]).includes(request.operationId)) return send(lambdaUrl, request);
            const answers = await bothAnswers(request);
            const { differences, bytes } = compare(answers.direct, answers.lambda);
            compared += 1;
            if (bytes) byteCompared += 1;
            if (differences.length > 0)
              mismatches.push(
                `${request.method} ${request.path} ${JSON.stringify(request.headers)}: ${differences.join('; ')}`,
              );
            return answers.lambda;
          },
          async storedObjects(resource) {
            const objects: Record<string, unknown>[] = [];
            let start: Record<string, never> | undefined;
            do {
              const page = await dynamodb.send(
                new ScanCommand({ TableName: stage.tableNames[resource], ExclusiveStartKey: start }),
              );
              // Numbers as JSON.parse reads the answers they are compared with (beyond 2^53 the SDK would throw).
              objects.push(...(page.Items ?? []).map((item) => unmarshall(item, { wrapNumbers: Number })));
              start = page.LastEvaluatedKey as Record<string, never> | undefined;
            } while (start);
            return objects;
          },
        },
        // The operations of the resources the direct integrations serve, whatever other resources the contract has.
        { numRuns: Number(process.env.DIFFERENTIAL_RUNS ?? 150), seed: 1313, operationIds: directResourceOperations },
      );
      const statuses = Object.fromEntries(directOperations.map((id) => [id, report.statuses[id]]));
      t.diagnostic(
        `${compared} direct requests compared (${byteCompared} byte for byte) in ${report.runs} runs; statuses ${JSON.stringify(statuses)}`,
      );
      assert.deepEqual(mismatches, []);
      assert.ok(compared > 20, `only ${compared} direct requests`);
    });
  });

  describe('DynamoDB failures DynamoDB Local cannot produce, from a scripted DynamoDB both integrations call', () => {
    let scripted: Server;
    let next: { status: number; body: string };
    let lambda: { server: Server; url: URL; invoker: LambdaInvoker };
    let scriptedDirect: SideGateway & { base: URL };
    before(async () => {
      scripted = createServer((req, res) => {
        req.resume();
        req.on('end', () =>
          res.writeHead(next.status, { 'Content-Type': 'application/x-amz-json-1.0' }).end(next.body),
        );
      });
      scripted.listen(0, '127.0.0.1');
      await once(scripted, 'listening');
      const endpoint = `http://127.0.0.1:${(scripted.address() as AddressInfo).port}`;
      // Every resource's table (the function's TABLE_NAMES must name them all); the scripted DynamoDB answers any.
      const scriptedTableNames = localTableNames(
        Object.fromEntries(Object.keys(resources).map((resource) => [resource, `${resource}-scripted`])),
      );
      const side = await startSideGateway({
        integrations: override,
        dynamodbEndpoint: endpoint,
        tableNames: scriptedTableNames,
        access: differential.stage.access,
      });
      scriptedDirect = { ...side, base: new URL(side.url) };
      const invoker = createWorkerInvoker({
        bundlePath: handlerBundlePath,
        maxConcurrency: 1,
        logStream: quiet,
        environment: functionEnvironment(scriptedTableNames, endpoint, 'ERROR'),
      });
      await invoker.warm();
      const api = await loadStageApi({
        integrations: { all: 'lambda' },
        generatedDirectory: defaultWatchOptions.generatedDirectory,
        contractPath: defaultWatchOptions.contractPath,
        tableNames: scriptedTableNames,
      });
      const server = createServer(createGateway({ api, invoker, access: differential.stage.access }));
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      lambda = { server, invoker, url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`) };
    });
    after(async () => {
      scripted?.close();
      await scriptedDirect?.stop();
      lambda?.server.close();
      await lambda?.invoker.close();
    });

    /** A request to `operationId` on the object `some-object` (a delete with If-Match, as a careful client sends). */
    const requestTo = (operationId: (typeof directOperations)[number]): ApiRequest => {
      const { method, path, resource } = operations[operationId];
      const pathParameters = Object.fromEntries(
        [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => [name!, 'some-object']),
      );
      const headers: Record<string, string> = resource?.action === 'delete' ? { 'If-Match': '"1"' } : {};
      return { operationId, method, path: fillPath(path, 'some-object'), pathParameters, query: [], headers };
    };

    const failures: [string, number, string, number][] = [
      ['throttling', 400, 'ProvisionedThroughputExceededException', 503],
      ['a throttled request rate', 400, 'ThrottlingException', 503],
      ['the account request limit', 400, 'RequestLimitExceeded', 503],
      ["DynamoDB's internal error", 500, 'InternalServerError', 503],
      ['an unexpected DynamoDB error', 400, 'ValidationException', 500],
    ];
    for (const [what, status, type, expected] of failures) {
      it(`${what} (${status} ${type}) is a ${expected} problem from both, for ${directOperations.join(' and ')}`, async () => {
        next = { status, body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: what }) };
        for (const request of directOperations.map(requestTo)) {
          const d = await differential.send(scriptedDirect.base, request);
          const l = await differential.send(lambda.url, request);
          assert.deepEqual(compare(d, l).differences, [], request.operationId);
          assert.equal(l.status, expected, l.body);
        }
      });
    }
  });
});

describe('docs/direct-dynamodb.md on the one known difference', () => {
  it('says what the direct 204 carries, once and the same way everywhere', () => {
    const doc = readFileSync(new URL('../../../docs/direct-dynamodb.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    const sentences = doc
      .split(/(?<=[.;:])\s+(?=[A-Z`(-])/)
      .filter((s) => /\b204\b/.test(s) && /Content-Type/i.test(s));
    assert.ok(sentences.length > 0, 'the doc states what a direct 204 carries');
    for (const sentence of sentences) {
      assert.doesNotMatch(sentence, /without `?Content-Type/i, sentence);
      assert.match(sentence, new RegExp(`Content-Type: ${directNoContentType.replace('/', '\\/')}`), sentence);
    }
  });
});
