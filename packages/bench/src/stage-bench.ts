/**
 * Suite 3: the local stage end to end against DynamoDB Local. GET and PUT of one item at a fixed number of
 * connections, driven by autocannon, against the floor: the same DynamoDB calls the handler makes (GetItem with
 * ConsistentRead; UpdateItem with ALL_NEW) sent directly with the SDK to the same DynamoDB Local at the same
 * concurrency. Interleaved rounds (floor GET, stage GET, floor PUT, stage PUT, …), medians. The stage's requests
 * carry a token and an API key, which its gateway verifies and counts (src/stage-auth.ts); serverless-offline's
 * carry none, since it enforces neither.
 */
import { performance } from 'node:perf_hooks';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { localCredentials, localRegion } from '@items-api/dynamodb-local';
import type { LocalStage } from '@items-api/local-stage';
import { createDocumentClient } from '../../handler/src/dynamodb.ts';
import { items } from './items.ts';
import { load, type LoadResult } from './load.ts';
import { stageAuthHeaders } from './stage-auth.ts';
import { interleave, median } from './stats.ts';

export const stageCandidates = [
  'floor GET',
  'stage GET',
  'sls-offline GET',
  'floor PUT',
  'stage PUT',
  'sls-offline PUT',
] as const;
export type StageCandidate = (typeof stageCandidates)[number];

export interface StageSummary {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Per round, for the spread. */
  rounds: number[];
  failures: number;
}

const putBody = { name: 'bench', description: 'replaced again and again', tags: ['a', 'b'], attributes: { n: 1 } };

/** The floor: `connections` concurrent callers sending one SDK command after another for `seconds`. */
async function direct(send: () => Promise<unknown>, connections: number, seconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  let errors = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const start = performance.now();
        try {
          await send();
        } catch {
          errors++;
        }
        latencies.push(performance.now() - start);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number;
  return {
    requestsPerSecond: latencies.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
    total: latencies.length,
    non2xx: 0,
    errors,
    timeouts: 0,
  };
}

/** `serverlessOfflineUrl`: serverless-offline serving the same bundle on the same table, when available. */
export async function stageBench(
  stage: LocalStage,
  options: { seconds: number; connections: number; rounds: number; serverlessOfflineUrl?: string | undefined },
): Promise<Partial<Record<StageCandidate, StageSummary>>> {
  const base = stage.url.replace('localhost', '127.0.0.1');
  const auth = await stageAuthHeaders(stage);
  const id = 'bench-stage-item';
  const put = await fetch(`${base}/items/${id}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', ...auth },
    body: JSON.stringify(putBody),
  });
  if (put.status !== 201 && put.status !== 200) throw new Error(`seeding PUT answered ${put.status}`);
  // The same client configuration as the handler's (bounded retries and timeouts).
  const client = createDocumentClient({
    region: localRegion,
    endpoint: stage.dynamodb.endpoint,
    credentials: localCredentials,
  });
  const now = new Date().toISOString();
  const floorGet = () =>
    client.send(
      new GetCommand({
        TableName: stage.tableNames[items],
        Key: { id },
        ConsistentRead: true,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
  const floorPut = () =>
    client.send(
      new UpdateCommand({
        TableName: stage.tableNames[items],
        Key: { id },
        UpdateExpression:
          'SET #name = :name, #description = :description, #tags = :tags, #attributes = :attributes, #updatedAt = :now, #createdAt = if_not_exists(#createdAt, :now), #version = if_not_exists(#version, :zero) + :one',
        ExpressionAttributeNames: {
          '#name': 'name',
          '#description': 'description',
          '#tags': 'tags',
          '#attributes': 'attributes',
          '#updatedAt': 'updatedAt',
          '#createdAt': 'createdAt',
          '#version': 'version',
        },
        ExpressionAttributeValues: {
          ':name': putBody.name,
          ':description': putBody.description,
          ':tags': putBody.tags,
          ':attributes': putBody.attributes,
          ':now': now,
          ':zero': 0,
          ':one': 1,
        },
        ReturnValues: 'ALL_NEW',
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
  const { connections, seconds } = options;
  const sls = options.serverlessOfflineUrl;
  const candidates = stageCandidates.filter((c) => sls !== undefined || !c.startsWith('sls-offline'));
  const run = (candidate: StageCandidate): Promise<LoadResult> => {
    switch (candidate) {
      case 'floor GET':
        return direct(floorGet, connections, seconds);
      case 'floor PUT':
        return direct(floorPut, connections, seconds);
      case 'stage GET':
        return load({ url: `${base}/items/${id}`, connections, duration: seconds, headers: auth });
      case 'stage PUT':
        return load({
          url: `${base}/items/${id}`,
          connections,
          duration: seconds,
          method: 'PUT',
          headers: { 'content-type': 'application/json', ...auth },
          body: JSON.stringify(putBody),
        });
      case 'sls-offline GET':
        return load({ url: `${sls}/items/${id}`, connections, duration: seconds });
      case 'sls-offline PUT':
        return load({
          url: `${sls}/items/${id}`,
          connections,
          duration: seconds,
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(putBody),
        });
    }
  };
  try {
    // Warm every path once (JIT, connection pools, every function worker), unmeasured.
    for (const candidate of candidates) await run(candidate);
    const results = await interleave(candidates, options.rounds, run);
    const summary: Partial<Record<StageCandidate, StageSummary>> = {};
    for (const candidate of candidates) {
      const r = results[candidate];
      summary[candidate] = {
        requestsPerSecond: median(r.map((x) => x.requestsPerSecond)),
        p50: median(r.map((x) => x.p50)),
        p99: median(r.map((x) => x.p99)),
        rounds: r.map((x) => x.requestsPerSecond),
        failures: r.reduce((n, x) => n + x.non2xx + x.errors + x.timeouts, 0),
      };
    }
    return summary;
  } finally {
    client.destroy();
  }
}
