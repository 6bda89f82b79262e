/**
 * How much the local stage costs over the floor: GET /items/{id} through the stage (HTTP, gateway, worker,
 * handler, SDK) against the same read as direct SDK calls on the same DynamoDB Local, at the same concurrency.
 * Prints a table; the numbers go in docs/local-stage.md. Not a test: timing depends on the machine.
 *
 *   npx nx run local-stage:bench [--seconds 5 --connections 8 --concurrency <workers> --rounds 3]
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { localCredentials, localRegion } from '@items-api/dynamodb-local';
// @ts-expect-error autocannon ships no types; only its documented promise API is used here.
import autocannon from 'autocannon';
import { defaultConcurrency, startLocalStage } from '../src/stage.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '8' },
    concurrency: { type: 'string' },
    rounds: { type: 'string', default: '3' },
  },
});
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const maxConcurrency = values.concurrency === undefined ? defaultConcurrency() : Number(values.concurrency);

interface Result {
  requestsPerSecond: number;
  p50: number;
  p99: number;
}

async function directSdk(endpoint: string, tableName: string, id: string): Promise<Result> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials }));
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const start = performance.now();
        await client.send(new GetCommand({ TableName: tableName, Key: { id } }));
        latencies.push(performance.now() - start);
      }
    }),
  );
  client.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number;
  return { requestsPerSecond: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };
}

async function throughStage(url: string): Promise<Result> {
  const result = await autocannon({ url, connections, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const stage = await startLocalStage({ port: 0, inMemory: true, accessLog: () => {}, writeStateFile: false, maxConcurrency });
try {
  const base = stage.url.replace('localhost', '127.0.0.1');
  const created = await fetch(`${base}/items`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'bench', tags: ['a', 'b'] }) });
  const { id } = (await created.json()) as { id: string };
  // Warm both paths (JIT, connection pools, every worker of the pool).
  await throughStage(`${base}/items/${id}`).catch(() => undefined);
  // Interleaved rounds, medians: a shared machine's load drifts, and both paths should see the same drift.
  const floors: Result[] = [];
  const locals: Result[] = [];
  for (let round = 0; round < rounds; round++) {
    floors.push(await directSdk(stage.dynamodb.endpoint, stage.tableName, id));
    locals.push(await throughStage(`${base}/items/${id}`));
  }
  const median = (results: Result[]): Result => {
    const pick = (key: keyof Result) => results.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(results.length / 2)] as number;
    return { requestsPerSecond: pick('requestsPerSecond'), p50: pick('p50'), p99: pick('p99') };
  };
  const floor = median(floors);
  const local = median(locals);
  const ratios = locals.map((l, i) => (l.requestsPerSecond / (floors[i] as Result).requestsPerSecond).toFixed(2));
  const row = (name: string, r: Result) => `| ${name} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`;
  console.log(`GET one item, ${connections} concurrent, ${rounds} interleaved rounds of ${seconds} s, ${maxConcurrency} function workers, Node ${process.version}\n`);
  console.log('| path (median of rounds) | req/s | p50 ms | p99 ms |\n|---|---|---|---|');
  console.log(row('direct SDK GetCommand (floor)', floor));
  console.log(row('local stage GET /items/{id}', local));
  console.log(`\nlocal stage / floor: ${(local.requestsPerSecond / floor.requestsPerSecond).toFixed(2)}× (per round: ${ratios.join(', ')}; target ≥ 0.8×)`);
} finally {
  await stage.stop();
}
