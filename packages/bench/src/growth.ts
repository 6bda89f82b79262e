/**
 * Suite 4: growth. Lists every item page by page (cursor pagination, `limit` = the contract's maximum) through
 * the local stage at increasing table sizes, seeding the difference directly into DynamoDB Local with parallel
 * BatchWrites. The per-request latency should stay flat; the total should grow linearly.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { localCredentials, localRegion } from '@items-api/dynamodb-local';
import type { LocalStage } from '@items-api/local-stage';
import { createDocumentClient } from '../../handler/src/dynamodb.ts';
import { items } from './items.ts';
import { stageAuthHeaders } from './stage-auth.ts';
import { percentile } from './stats.ts';

export interface GrowthRow {
  items: number;
  pages: number;
  seedSeconds: number;
  totalMs: number;
  pageP50: number;
  pageP99: number;
  /** Total listing time per 1,000 items. */
  msPer1k: number;
}

export const pageLimit = 100;

async function seed(stage: LocalStage, from: number, to: number): Promise<void> {
  const client = createDocumentClient({
    region: localRegion,
    endpoint: stage.dynamodb.endpoint,
    credentials: localCredentials,
    limits: { maxAttempts: 10, connectionTimeoutMs: 5_000, requestTimeoutMs: 30_000 },
  });
  const now = new Date().toISOString();
  const batches: number[][] = [];
  for (let start = from; start < to; start += 25)
    batches.push(Array.from({ length: Math.min(25, to - start) }, (_, i) => start + i));
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < batches.length) {
          const batch = batches[next++] as number[];
          let requests = batch.map((n) => ({
            PutRequest: {
              Item: {
                id: `growth-${String(n).padStart(7, '0')}`,
                name: `Item ${n}`,
                tags: ['growth'],
                version: 1,
                createdAt: now,
                updatedAt: now,
              },
            },
          }));
          const table = stage.tableNames[items];
          if (table === undefined) throw new Error('The stage has no table for items');
          while (requests.length > 0) {
            const out = await client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
            requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
          }
        }
      }),
    );
  } finally {
    client.destroy();
  }
}

async function listAll(
  stage: LocalStage,
): Promise<{ count: number; pages: number; totalMs: number; latencies: number[] }> {
  const base = stage.url.replace('localhost', '127.0.0.1');
  // A fresh token per listing: a listing of 100k items may outlast one fetched earlier.
  const headers = await stageAuthHeaders(stage);
  const seen = new Set<string>();
  const latencies: number[] = [];
  let cursor: string | undefined;
  const started = performance.now();
  do {
    const t0 = performance.now();
    const response = await fetch(`${base}/items?limit=${pageLimit}${cursor ? `&cursor=${cursor}` : ''}`, { headers });
    const page = (await response.json()) as { items: { id: string }[]; nextCursor?: string };
    latencies.push(performance.now() - t0);
    if (response.status !== 200) throw new Error(`listing answered ${response.status}: ${JSON.stringify(page)}`);
    for (const item of page.items) {
      if (seen.has(item.id)) throw new Error(`item ${item.id} listed twice`);
      seen.add(item.id);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return { count: seen.size, pages: latencies.length, totalMs: performance.now() - started, latencies };
}

/** `sizes` ascending; the table must hold no other item. */
export async function growth(
  stage: LocalStage,
  sizes: readonly number[],
  log: (line: string) => void = () => {},
): Promise<GrowthRow[]> {
  const rows: GrowthRow[] = [];
  let seeded = 0;
  for (const size of sizes) {
    const seedStarted = performance.now();
    await seed(stage, seeded, size);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    seeded = size;
    log(`growth: seeded ${size} items (${seedSeconds.toFixed(1)} s); listing`);
    const { count, pages, totalMs, latencies } = await listAll(stage);
    if (count !== size) throw new Error(`listing returned ${count} items, expected ${size}`);
    latencies.sort((a, b) => a - b);
    rows.push({
      items: size,
      pages,
      seedSeconds,
      totalMs,
      pageP50: percentile(latencies, 50),
      pageP99: percentile(latencies, 99),
      msPer1k: totalMs / (size / 1000),
    });
  }
  return rows;
}
