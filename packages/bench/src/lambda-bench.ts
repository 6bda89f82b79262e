/**
 * Suites 1 and 2: cold start (whole process: import the bundle, serve one GET /items/{id} against DynamoDB
 * Local, exit) and warm per-request overhead in process (stubbed store), for the handler, the floor and the
 * peer stacks, interleaved run by run.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { localCredentials } from '@items-api/dynamodb-local';
import { createTableInput } from '@items-api/handler/table';
import { localTableNames } from '@items-api/local-stage';
import { createApp } from '../../handler/src/app.ts';
import { createLogger } from '../../handler/src/logger.ts';
import { bundleOptions, bundlePath } from '../../handler/scripts/build.ts';
import { items } from './items.ts';
import { createHonoHandler } from './peers/hono.ts';
import { createMiddyHandler } from './peers/middy.ts';
import { loadPeerSchemas } from './peers/schemas.ts';
import { interleave, median, percentile } from './stats.ts';

const srcDir = new URL('.', import.meta.url);
export const itemId = 'bench-item';

// --- Bundles

export const coldVariants = [
  'empty',
  'floor',
  'floor-powertools',
  'floor-minimal-logger',
  'handler',
  'middy',
  'hono',
] as const;
export type ColdVariant = (typeof coldVariants)[number];

/** Bundles every variant with the handler's own esbuild options; returns the file of each (empty: none). */
export async function bundleVariants(scratch: string): Promise<Record<Exclude<ColdVariant, 'empty'>, string>> {
  const floors = {} as Record<'floor' | 'floor-powertools' | 'floor-minimal-logger', string>;
  for (const name of ['floor', 'floor-powertools', 'floor-minimal-logger'] as const) {
    floors[name] = join(scratch, `${name}.mjs`);
    await build({
      ...bundleOptions,
      entryPoints: [new URL(`floors/${name}.ts`, srcDir).pathname],
      outfile: floors[name],
    });
  }
  const schemas = JSON.stringify(await loadPeerSchemas());
  const peers = {} as Record<'middy' | 'hono', string>;
  for (const stack of ['middy', 'hono'] as const) {
    peers[stack] = join(scratch, `${stack}.mjs`);
    await build({
      ...bundleOptions,
      entryPoints: [new URL('peers/lambda-entry.ts', srcDir).pathname],
      outfile: peers[stack],
      define: { __PEER_SCHEMAS__: schemas, __PEER_STACK__: JSON.stringify(stack) },
    });
  }
  return { ...floors, handler: bundlePath, ...peers };
}

// --- Cold start: one fresh process per sample

const probeSource = `
const started = performance.now();
const target = process.argv[2];
if (target === 'empty') {
  process.stdout.write(JSON.stringify({ importMs: 0, firstRequestMs: 0, status: 0 }));
  process.exit(0);
}
const { handler } = await import(target);
const imported = performance.now();
const event = {
  httpMethod: 'GET', path: '/items/${itemId}', resource: '/items/{id}', pathParameters: { id: '${itemId}' },
  headers: { Host: 'localhost' }, multiValueHeaders: { Host: ['localhost'] }, queryStringParameters: null, multiValueQueryStringParameters: null,
  body: null, isBase64Encoded: false, requestContext: { requestId: 'bench', domainName: 'localhost', stage: 'local', path: '/items/${itemId}' },
};
const result = await handler(event, { awsRequestId: 'bench' });
const done = performance.now();
process.stdout.write('\\n' + JSON.stringify({ importMs: imported - started, firstRequestMs: done - imported, status: result.statusCode }));
process.exit(0);
`;

export interface ColdSample {
  wallMs: number;
  importMs: number;
  firstRequestMs: number;
}

function runProbe(probe: string, target: string, env: NodeJS.ProcessEnv): Promise<ColdSample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--no-warnings', probe, target], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`${target} exited ${code}: ${err}`));
      // The handler logs its request line on stdout too: the probe's JSON is the last line.
      const parsed = JSON.parse(out.trim().split('\n').at(-1) ?? '') as {
        importMs: number;
        firstRequestMs: number;
        status: number;
      };
      if (target !== 'empty' && parsed.status !== 200)
        return reject(new Error(`${target} answered ${parsed.status}: ${out}`));
      resolve({ wallMs, importMs: parsed.importMs, firstRequestMs: parsed.firstRequestMs });
    });
  });
}

export interface ColdSummary {
  bundleBytes: number | null;
  wallMs: number;
  importMs: number;
  firstRequestMs: number;
  /** Median of import + first request. */
  coldMs: number;
  bestColdMs: number;
}

export async function coldStart(options: {
  scratch: string;
  endpoint: string;
  runs: number;
}): Promise<Record<ColdVariant, ColdSummary>> {
  const files = await bundleVariants(options.scratch);
  const probe = join(options.scratch, 'probe.mjs');
  await writeFile(probe, probeSource);
  const tableName = 'items-bench-cold';
  const raw = new DynamoDBClient({ endpoint: options.endpoint, region: 'us-east-1', credentials: localCredentials });
  await raw.send(new CreateTableCommand(createTableInput(items, tableName)));
  await raw.send(
    new PutItemCommand({
      TableName: tableName,
      Item: {
        id: { S: itemId },
        name: { S: 'Bench' },
        version: { N: '1' },
        createdAt: { S: '2026-11-01T09:30:00.000Z' },
        updatedAt: { S: '2026-11-01T09:30:00.000Z' },
      },
    }),
  );
  raw.destroy();
  const env = {
    ...process.env,
    // The handler needs every resource's table named in TABLE_NAMES; the bench reads items' alone (the floor and the
    // peers serve items only), so only that one exists.
    TABLE_NAMES: JSON.stringify(localTableNames({ [items]: tableName })),
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: options.endpoint,
    // The key itself, as the local stage gives it; a deployed stage reads it from SSM at init.
    CURSOR_SIGNING_KEY: randomBytes(32).toString('base64url'),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    LOG_LEVEL: 'INFO',
  };
  const target = (v: ColdVariant) => (v === 'empty' ? 'empty' : pathToFileURL(files[v]).href);
  // One unmeasured round first (file cache, JIT of the probe), then interleaved measured rounds.
  for (const v of coldVariants) await runProbe(probe, target(v), env);
  const samples = await interleave(coldVariants, options.runs, (v) => runProbe(probe, target(v), env));
  const summary = {} as Record<ColdVariant, ColdSummary>;
  for (const v of coldVariants) {
    const s = samples[v];
    summary[v] = {
      bundleBytes: v === 'empty' ? null : (await stat(files[v])).size,
      wallMs: median(s.map((x) => x.wallMs)),
      importMs: median(s.map((x) => x.importMs)),
      firstRequestMs: median(s.map((x) => x.firstRequestMs)),
      coldMs: median(s.map((x) => x.importMs + x.firstRequestMs)),
      bestColdMs: Math.min(...s.map((x) => x.importMs + x.firstRequestMs)),
    };
  }
  return summary;
}

// --- Warm overhead: the real pipelines, a client that answers at once

export const warmStacks = ['handler', 'middy', 'hono'] as const;
export type WarmStack = (typeof warmStacks)[number];
export const warmScenarios = ['GET /items/{id}', 'POST /items'] as const;
export type WarmScenario = (typeof warmScenarios)[number];

export function stubClient(): DynamoDBDocumentClient {
  const item = {
    id: itemId,
    name: 'Bench',
    tags: ['a', 'b'],
    attributes: { n: 1 },
    version: 3,
    createdAt: '2026-11-01T09:30:00.000Z',
    updatedAt: '2026-11-01T09:30:00.000Z',
  };
  return {
    send: (command: { constructor: { name: string } }) =>
      Promise.resolve(command.constructor.name === 'GetCommand' ? { Item: item } : {}),
  } as unknown as DynamoDBDocumentClient;
}

export function warmEvents(): Record<WarmScenario, APIGatewayProxyEvent> {
  const base = {
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    isBase64Encoded: false,
    stageVariables: null,
    requestContext: { requestId: 'bench', domainName: 'localhost', stage: 'local' },
  };
  return {
    'GET /items/{id}': {
      ...base,
      httpMethod: 'GET',
      path: `/items/${itemId}`,
      resource: '/items/{id}',
      pathParameters: { id: itemId },
      headers: { Host: 'localhost' },
      multiValueHeaders: { Host: ['localhost'] },
      body: null,
    },
    'POST /items': {
      ...base,
      httpMethod: 'POST',
      path: '/items',
      resource: '/items',
      pathParameters: null,
      headers: { Host: 'localhost', 'Content-Type': 'application/json' },
      multiValueHeaders: { Host: ['localhost'], 'Content-Type': ['application/json'] },
      body: JSON.stringify({ name: 'Bench', description: 'A cup', tags: ['a', 'b'], attributes: { n: 1, s: 'x' } }),
    },
  } as unknown as Record<WarmScenario, APIGatewayProxyEvent>;
}

type InProcessHandler = (event: APIGatewayProxyEvent) => Promise<{ statusCode: number }>;

export async function warmHandlers(): Promise<Record<WarmStack, InProcessHandler>> {
  const client = stubClient();
  const tableName = 'items-bench';
  const schemas = await loadPeerSchemas();
  const ours = createApp({
    client,
    tableNames: { [items]: tableName },
    region: 'local',
    cursorKey: () => Promise.resolve(randomBytes(32)),
    // Serialise the log line as in production; only the write to stdout is skipped.
    logger: createLogger({ level: 'INFO', service: 'items-api', write: () => {} }),
  });
  return {
    handler: (event) => ours(event),
    middy: createMiddyHandler({ client, tableName, schemas }),
    hono: createHonoHandler({ client, tableName, schemas }),
  };
}

export interface WarmSummary {
  p50: number;
  p99: number;
}

/** Per stack and scenario: p50/p99 in µs over all timed requests, measured in `rounds` interleaved slices. */
export async function warmOverhead(options: {
  requests: number;
  warmup: number;
  rounds: number;
}): Promise<Record<WarmScenario, Record<WarmStack, WarmSummary>>> {
  const handlers = await warmHandlers();
  const events = warmEvents();
  const expected: Record<WarmScenario, number> = { 'GET /items/{id}': 200, 'POST /items': 201 };
  const out = {} as Record<WarmScenario, Record<WarmStack, WarmSummary>>;
  for (const scenario of warmScenarios) {
    const event = events[scenario];
    for (const stack of warmStacks) {
      const first = await handlers[stack]({ ...event });
      if (first.statusCode !== expected[scenario])
        throw new Error(`${stack} answered ${first.statusCode} to ${scenario}`);
      for (let i = 0; i < options.warmup; i++) await handlers[stack]({ ...event });
    }
    const perRound = Math.max(1, Math.floor(options.requests / options.rounds));
    const samples = await interleave(warmStacks, options.rounds, async (stack) => {
      const slice = new Float64Array(perRound);
      const run = handlers[stack];
      for (let i = 0; i < perRound; i++) {
        const t0 = process.hrtime.bigint();
        // A fresh event object per call, as Lambda gives: Middy's body parser replaces `event.body` in place.
        await run({ ...event });
        slice[i] = Number(process.hrtime.bigint() - t0) / 1000;
      }
      return slice;
    });
    out[scenario] = {} as Record<WarmStack, WarmSummary>;
    for (const stack of warmStacks) {
      const all = Float64Array.from(samples[stack].flatMap((s) => [...s])).sort();
      out[scenario][stack] = { p50: percentile(all, 50), p99: percentile(all, 99) };
    }
  }
  return out;
}
