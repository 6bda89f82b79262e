/**
 * The differential test: the same items through both integrations on the same table - a gateway serving the
 * operations the dynamodb kind can serve directly from DynamoDB (the contract's generator, overridden) and the
 * local stage with every operation on the Lambda. Items come from the contract's own conformance harness (its
 * generated requests: bodies at and between the schemas' limits, pool ids, bad ids, If-Match tags) plus the
 * boundary items below; every getItem and deleteItem is answered by both and compared: status, headers, JSON, and
 * bytes up to how each spells the same JSON. A delete runs on the direct gateway first, the item is put back exactly
 * as stored, then the Lambda deletes it. DynamoDB failures DynamoDB Local cannot produce (throttling, internal
 * errors) come from a scripted DynamoDB both integrations call. Every gateway enforces the stage's access; every
 * request carries the full-access client's token and API key.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { GetItemCommand, PutItemCommand, ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { checkConformance, type ApiRequest, type ApiResponse } from '@items-api/openapi/conformance';
import { renderGatewayArtifacts, type IntegrationOverride } from '@items-api/openapi/generate';
import { infrastructure, operations, type OperationId } from '@items-api/openapi/operations';
import { loadStageApi } from '../src/api-source.ts';
import { functionEnvironment } from '../src/function.ts';
import { createGateway } from '../src/gateway/gateway.ts';
import type { LambdaInvoker } from '../src/lambda/invoker.ts';
import { createWorkerInvoker } from '../src/lambda/worker-invoker.ts';
import { defaultWatchOptions, handlerBundlePath } from '../src/paths.ts';
import { startSideGateway, type SideGateway } from '../src/side-gateway.ts';
import { startLocalStage, type LocalStage } from '../src/stage.ts';
import { localDynamoDBClient, localTableNames } from '../src/table.ts';
import { authHeaders, unlimitedPlans } from './support/credentials.ts';
import { closeConnections, send as sendUnauthorized } from './support/send.ts';

const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

/** The operations the generator can serve with the dynamodb kind: those it renders without refusing. */
async function directlyServable(): Promise<string[]> {
  const servable: string[] = [];
  for (const operationId of Object.keys(infrastructure.operations)) {
    const ok = await renderGatewayArtifacts({ operations: { [operationId]: 'dynamodb' } }).then(
      () => true,
      () => false,
    );
    if (ok) servable.push(operationId);
  }
  return servable;
}
const directOperations = await directlyServable();
const directResources = new Set(directOperations.map((id) => operations[id as OperationId].resource?.name));
const directResourceOperations = (Object.keys(operations) as OperationId[]).filter((id) =>
  directResources.has(operations[id].resource?.name),
);
const override = {
  operations: Object.fromEntries(directOperations.map((id) => [id, 'dynamodb'])),
} as IntegrationOverride;

/** The headers a client of the contract reads. */
const comparedHeaders = [
  'content-type',
  'etag',
  'location',
  'retry-after',
  'access-control-allow-origin',
  'access-control-expose-headers',
];

/**
 * A JSON text with every string spelled one way (JSON.stringify's): `$util.escapeJavaScript` writes `\/` and
 * `\u00E9` where the Lambda writes `/` and `é`, the same strings. Everything else - member order, whitespace,
 * numbers - stays as sent, so two bodies equal after this are the same bytes up to string escapes. Numbers are
 * DynamoDB's text in a direct answer, so a body with an exponent is not compared (1e-7 is 0.0000001 there).
 */
function withCanonicalStrings(json: string): string | undefined {
  const strings = /"(?:[^"\\]|\\.)*"/g;
  if (/\d[eE][+-]?\d/.test(json.replace(strings, '""'))) return undefined;
  return json.replace(strings, (literal) => JSON.stringify(JSON.parse(literal)));
}

interface Comparison {
  /** What differs; empty when the answers are indistinguishable. */
  differences: string[];
  /** Whether the bodies were compared byte for byte. */
  bytes: boolean;
}

function parsed(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return { unparsable: body };
  }
}

/** API Gateway gives a non-proxy integration's response the Content-Type of its template, even a 204 without a body. */
const directNoContentType = 'application/json';

function compare(direct: ApiResponse, lambda: ApiResponse): Comparison {
  const differences: string[] = [];
  if (direct.status !== lambda.status) differences.push(`status ${direct.status} direct, ${lambda.status} Lambda`);
  for (const name of comparedHeaders) {
    // The one known difference (directNoContentType); the Lambda sets none on its 204.
    if (name === 'content-type' && lambda.status === 204 && lambda.headers[name] === undefined) {
      if (direct.headers[name] !== directNoContentType)
        differences.push(`a direct 204's Content-Type is ${direct.headers[name]}, not ${directNoContentType}`);
      continue;
    }
    if (direct.headers[name] !== lambda.headers[name])
      differences.push(`${name}: ${direct.headers[name]} direct, ${lambda.headers[name]} Lambda`);
  }
  if (direct.body === '' && lambda.body === '') return { differences, bytes: true };
  const directJson = parsed(direct.body) as Record<string, unknown>;
  const lambdaJson = parsed(lambda.body) as Record<string, unknown>;
  // Each answer names its own request.
  const requestIds = [directJson.requestId, lambdaJson.requestId];
  if (requestIds.some((id) => id !== undefined)) {
    if (!requestIds.every((id) => typeof id === 'string')) differences.push(`requestId ${JSON.stringify(requestIds)}`);
    directJson.requestId = lambdaJson.requestId;
  }
  if (!isDeepStrictEqual(directJson, lambdaJson))
    differences.push(`body ${direct.body.slice(0, 300)} direct, ${lambda.body.slice(0, 300)} Lambda`);
  const lambdaText = withCanonicalStrings(lambda.body.replace(String(requestIds[1]), String(requestIds[0])));
  const directText = withCanonicalStrings(direct.body);
  const bytes = lambdaText !== undefined && directText !== undefined;
  if (bytes && directText !== lambdaText)
    differences.push(`bytes ${directText.slice(0, 300)} direct, ${lambdaText.slice(0, 300)} Lambda`);
  return { differences, bytes };
}

let stage: LocalStage;
let auth: Record<string, string>;
/** `request` with the full-access client's credentials. */
const send = (url: URL, request: ApiRequest): Promise<ApiResponse> =>
  sendUnauthorized(url, { ...request, headers: { ...auth, ...request.headers } });
let direct: SideGateway & { base: URL };
let lambdaUrl: URL;
let dynamodb: DynamoDBClient;

before(async () => {
  stage = await startLocalStage({
    port: 0,
    inMemory: true,
    integrations: { all: 'lambda' },
    invoker: 'in-process',
    accessLog: () => {},
    writeStateFile: false,
    functionLogStream: quiet,
    // Hundreds of requests in a few seconds, counted on one key by both gateways: the throttle is not the subject.
    usagePlans: unlimitedPlans(infrastructure.access.usagePlans),
  });
  auth = await authHeaders(stage.credentials);
  lambdaUrl = new URL(stage.url.replace('localhost', '127.0.0.1'));
  const side = await startSideGateway({
    integrations: override,
    dynamodbEndpoint: stage.dynamodb.endpoint,
    tableNames: stage.tableNames,
    access: stage.access,
  });
  direct = { ...side, base: new URL(side.url) };
  dynamodb = localDynamoDBClient(stage.dynamodb.endpoint);
});

after(async () => {
  closeConnections();
  await direct?.stop();
  dynamodb?.destroy();
  await stage?.stop();
});

const key = (id: string) => ({ id: { S: id } });

/** Both answers to `request`; a delete is undone in between, so both act on the same stored item. */
async function bothAnswers(request: ApiRequest): Promise<{ direct: ApiResponse; lambda: ApiResponse }> {
  const id = request.pathParameters.id;
  const stored =
    request.operationId === 'deleteItem' && id !== undefined && id !== ''
      ? (
          await dynamodb
            .send(new GetItemCommand({ TableName: stage.tableNames.items, Key: key(id), ConsistentRead: true }))
            .catch(() => undefined)
        )?.Item
      : undefined;
  const directAnswer = await send(direct.base, request);
  if (stored !== undefined)
    await dynamodb.send(new PutItemCommand({ TableName: stage.tableNames.items, Item: stored }));
  const lambdaAnswer = await send(lambdaUrl, request);
  return { direct: directAnswer, lambda: lambdaAnswer };
}

const getRequest = (id: string, headers: Record<string, string> = {}): ApiRequest => ({
  operationId: 'getItem',
  method: 'GET',
  path: `/items/${encodeURIComponent(id)}`,
  pathParameters: { id },
  query: [],
  headers,
});
const deleteRequest = (id: string, headers: Record<string, string> = {}): ApiRequest => ({
  ...getRequest(id, headers),
  operationId: 'deleteItem',
  method: 'DELETE',
});

describe(`the direct integrations (${directOperations.join(', ')}) answer as the Lambda does`, () => {
  it('serves at least getItem and deleteItem directly', () => {
    assert.ok(directOperations.includes('getItem') && directOperations.includes('deleteItem'), directOperations.join());
  });

  /** Items at the edges of what is stored: absent optional fields, mixed attribute types, hard strings, numbers. */
  const boundaryItems: Record<string, unknown>[] = [
    { name: 'only a name' },
    { name: 'with attributes', attributes: { text: 'x', count: 3, ratio: -0.5, flag: false, zero: 0, empty: '' } },
    { name: 'unicode é ü 中文 😀 \u2028\u2029', attributes: { ключ: 'значение', emoji: '🙂' } },
    { name: `quotes ' " and \\ backslashes \\" and /slashes/`, attributes: { q: `'"\\` } },
    { name: 'control \n\t\r\b\f \u0001\u001f chars', attributes: { c: '\u0007\u007f' } },
    {
      name: 'big and small numbers',
      attributes: { max: Number.MAX_SAFE_INTEGER, min: -Number.MAX_SAFE_INTEGER, fraction: -123456.789, tiny: 1e-7 },
    },
    { name: 'no attributes', attributes: {} },
  ];

  it('reads boundary items the same way', async (t) => {
    let byteCompared = 0;
    for (const item of boundaryItems) {
      const created = await send(lambdaUrl, {
        operationId: 'createItem',
        method: 'POST',
        path: '/items',
        pathParameters: {},
        query: [],
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(item),
      });
      assert.equal(created.status, 201, `${JSON.stringify(item)}: ${created.body}`);
      const { id } = JSON.parse(created.body) as { id: string };
      const { direct: d, lambda: l } = await bothAnswers(getRequest(id));
      const { differences, bytes } = compare(d, l);
      assert.deepEqual(differences, [], JSON.stringify(item));
      assert.equal(l.status, 200);
      if (bytes) byteCompared += 1;
    }
    t.diagnostic(`${byteCompared} of ${boundaryItems.length} bodies compared byte for byte`);
    assert.ok(byteCompared >= boundaryItems.length - 1, 'only the item with exponent numbers is not byte-compared');
  });

  it('answers the documented errors the same way: 404, 400 (bad id, bad If-Match), 412, and deletes alike', async () => {
    // Each case on an item of its own, at version 1.
    const cases: [string, (id: string) => ApiRequest, number][] = [
      ['an absent id', () => getRequest('absent-item'), 404],
      ['a bad id', () => getRequest('not an id!'), 400],
      ['an id too long', () => getRequest('x'.repeat(129)), 400],
      ['delete of an absent id', () => deleteRequest('absent-item'), 404],
      ['delete with a bad id', () => deleteRequest('bad id'), 400],
      ['delete with a stale If-Match', (id) => deleteRequest(id, { 'If-Match': '"7"' }), 412],
      ['delete with several stale tags', (id) => deleteRequest(id, { 'If-Match': '"7", "8"' }), 412],
      ['delete with a weak tag', (id) => deleteRequest(id, { 'If-Match': 'W/"1"' }), 412],
      ['delete with a malformed If-Match', (id) => deleteRequest(id, { 'If-Match': 'not-a-tag' }), 400],
      ['delete of an absent id with If-Match', () => deleteRequest('absent-item', { 'If-Match': '"1"' }), 404],
      ['delete with the current tag among others', (id) => deleteRequest(id, { 'If-Match': '"9", "1"' }), 204],
      ['delete with If-Match *', (id) => deleteRequest(id, { 'If-Match': '*' }), 204],
      ['delete without If-Match', (id) => deleteRequest(id), 204],
    ];
    for (const [what, request, status] of cases) {
      const created = await send(lambdaUrl, {
        operationId: 'createItem',
        method: 'POST',
        path: '/items',
        pathParameters: {},
        query: [],
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: what }),
      });
      const { id } = JSON.parse(created.body) as { id: string };
      const { direct: d, lambda: l } = await bothAnswers(request(id));
      assert.deepEqual(compare(d, l).differences, [], what);
      assert.equal(l.status, status, `${what}: ${l.body}`);
    }
  });

  it('answers every getItem and deleteItem of the conformance harness the same way', async (t) => {
    const mismatches: string[] = [];
    let compared = 0;
    let byteCompared = 0;
    const report = await checkConformance(
      {
        basePath: '',
        async send(request) {
          if (!directOperations.includes(request.operationId)) return send(lambdaUrl, request);
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
          const items: Record<string, unknown>[] = [];
          let start: Record<string, never> | undefined;
          do {
            const page = await dynamodb.send(
              new ScanCommand({ TableName: stage.tableNames[resource], ExclusiveStartKey: start }),
            );
            // Numbers as JSON.parse reads the answers they are compared with (beyond 2^53 the SDK would throw).
            items.push(...(page.Items ?? []).map((item) => unmarshall(item, { wrapNumbers: Number })));
            start = page.LastEvaluatedKey as Record<string, never> | undefined;
          } while (start);
          return items;
        },
      },
      // The operations of the resources the direct integrations serve, whatever other resources the contract has.
      { numRuns: Number(process.env.DIFFERENTIAL_RUNS ?? 150), seed: 1313, operationIds: directResourceOperations },
    );
    t.diagnostic(
      `${compared} direct requests compared (${byteCompared} byte for byte) in ${report.runs} runs; statuses ${JSON.stringify({ getItem: report.statuses.getItem, deleteItem: report.statuses.deleteItem })}`,
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
      req.on('end', () => res.writeHead(next.status, { 'Content-Type': 'application/x-amz-json-1.0' }).end(next.body));
    });
    scripted.listen(0, '127.0.0.1');
    await once(scripted, 'listening');
    const endpoint = `http://127.0.0.1:${(scripted.address() as AddressInfo).port}`;
    // Every resource's table (the function's TABLE_NAMES must name them all); the scripted DynamoDB answers any.
    const scriptedTableNames = localTableNames({ items: 'items-scripted' });
    const side = await startSideGateway({
      integrations: override,
      dynamodbEndpoint: endpoint,
      tableNames: scriptedTableNames,
      access: stage.access,
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
    const server = createServer(createGateway({ api, invoker, access: stage.access }));
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

  const failures: [string, number, string, number][] = [
    ['throttling', 400, 'ProvisionedThroughputExceededException', 503],
    ['a throttled request rate', 400, 'ThrottlingException', 503],
    ['the account request limit', 400, 'RequestLimitExceeded', 503],
    ["DynamoDB's internal error", 500, 'InternalServerError', 503],
    ['an unexpected DynamoDB error', 400, 'ValidationException', 500],
  ];
  for (const [what, status, type, expected] of failures) {
    it(`${what} (${status} ${type}) is a ${expected} problem from both, for getItem and deleteItem`, async () => {
      next = { status, body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: what }) };
      for (const request of [getRequest('some-item'), deleteRequest('some-item', { 'If-Match': '"1"' })]) {
        const d = await send(scriptedDirect.base, request);
        const l = await send(lambda.url, request);
        assert.deepEqual(compare(d, l).differences, [], `${request.method}`);
        assert.equal(l.status, expected, l.body);
      }
    });
  }
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
