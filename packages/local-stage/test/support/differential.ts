/**
 * The differential setup: a gateway serving the operations the dynamodb kind can serve directly from DynamoDB
 * (the contract's generator, overridden) and the local stage with every operation on the Lambda, on the same
 * tables; and how two answers are compared: status, headers, JSON, and bytes up to how each spells the same JSON.
 * Every gateway enforces the stage's access; every request carries the full-access client's token and API key.
 */
import { Writable } from 'node:stream';
import { isDeepStrictEqual } from 'node:util';
import { GetItemCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { keyAttributesOf, tableKeys } from '@items-api/handler/table';
import type { ApiRequest, ApiResponse } from '@items-api/openapi/conformance';
import { renderGatewayArtifacts, type IntegrationOverride } from '@items-api/openapi/generate';
import { infrastructure, operations, type OperationId, type ResourceName } from '@items-api/openapi/operations';
import { startSideGateway, type SideGateway } from '../../src/side-gateway.ts';
import { startLocalStage, type LocalStage } from '../../src/stage.ts';
import { localDynamoDBClient } from '../../src/table.ts';
import { authHeaders, unlimitedPlans } from './credentials.ts';
import { closeConnections, send as sendUnauthorized } from './send.ts';

export const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

/** The operations the generator can serve with the dynamodb kind: those it renders without refusing. */
async function directlyServable(): Promise<OperationId[]> {
  const servable: OperationId[] = [];
  for (const operationId of Object.keys(infrastructure.operations) as OperationId[]) {
    const ok = await renderGatewayArtifacts({ operations: { [operationId]: 'dynamodb' } }).then(
      () => true,
      () => false,
    );
    if (ok) servable.push(operationId);
  }
  return servable;
}
export const directOperations = await directlyServable();
const directResources = new Set(directOperations.map((id) => operations[id].resource?.name));
/** Every operation of the resources the direct integrations serve, whatever other resources the contract has. */
export const directResourceOperations = (Object.keys(operations) as OperationId[]).filter((id) =>
  directResources.has(operations[id].resource?.name),
);
export const override = {
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

export interface Comparison {
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
export const directNoContentType = 'application/json';

export function compare(direct: ApiResponse, lambda: ApiResponse): Comparison {
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

/** The DynamoDB key of the object `pathParameters` name (each key attribute is the path parameter of its name). */
function keyOf(resource: ResourceName, pathParameters: Readonly<Record<string, string>>) {
  const key: Record<string, AttributeValue> = {};
  for (const { name, type } of keyAttributesOf(tableKeys[resource])) {
    const value = pathParameters[name];
    if (value === undefined || value === '') return undefined;
    key[name] = type === 'S' ? { S: value } : { N: value };
  }
  return key;
}

export interface Differential {
  stage: LocalStage;
  /** The side gateway serving `directOperations` directly, on the stage's tables. */
  direct: SideGateway & { base: URL };
  /** The stage: every operation on the Lambda. */
  lambdaUrl: URL;
  /** A client of the stage's DynamoDB Local. */
  dynamodb: DynamoDBClient;
  /** `request` with the full-access client's credentials. */
  send: (url: URL, request: ApiRequest) => Promise<ApiResponse>;
  /** Both answers to `request`; a delete is undone in between, so both act on the same stored object. */
  bothAnswers: (request: ApiRequest) => Promise<{ direct: ApiResponse; lambda: ApiResponse }>;
  stop: () => Promise<void>;
}

export async function startDifferential(): Promise<Differential> {
  const stage = await startLocalStage({
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
  const auth = await authHeaders(stage.credentials);
  const lambdaUrl = new URL(stage.url.replace('localhost', '127.0.0.1'));
  const side = await startSideGateway({
    integrations: override,
    dynamodbEndpoint: stage.dynamodb.endpoint,
    tableNames: stage.tableNames,
    access: stage.access,
  });
  const direct = { ...side, base: new URL(side.url) };
  const dynamodb = localDynamoDBClient(stage.dynamodb.endpoint);
  const send = (url: URL, request: ApiRequest): Promise<ApiResponse> =>
    sendUnauthorized(url, { ...request, headers: { ...auth, ...request.headers } });

  /** The object a delete `request` names, as stored now (none for another request or a key DynamoDB refuses). */
  async function storedBefore(request: ApiRequest) {
    const served = operations[request.operationId as OperationId].resource;
    if (served?.action !== 'delete') return undefined;
    const TableName = stage.tableNames[served.name];
    const Key = keyOf(served.name, request.pathParameters);
    if (TableName === undefined || Key === undefined) return undefined;
    const { Item } =
      (await dynamodb.send(new GetItemCommand({ TableName, Key, ConsistentRead: true })).catch(() => undefined)) ?? {};
    return Item && { TableName, Item };
  }

  async function bothAnswers(request: ApiRequest): Promise<{ direct: ApiResponse; lambda: ApiResponse }> {
    const stored = await storedBefore(request);
    const directAnswer = await send(direct.base, request);
    if (stored !== undefined) await dynamodb.send(new PutItemCommand(stored));
    const lambdaAnswer = await send(lambdaUrl, request);
    return { direct: directAnswer, lambda: lambdaAnswer };
  }

  return {
    stage,
    direct,
    lambdaUrl,
    dynamodb,
    send,
    bothAnswers,
    stop: async () => {
      closeConnections();
      await direct.stop();
      dynamodb.destroy();
      await stage.stop();
    },
  };
}
