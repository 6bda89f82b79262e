/**
 * Suite 6: `getItem` served directly from DynamoDB (API Gateway's `aws` integration, emulated) vs through the
 * Lambda, side by side on one table in one run: the local stage with every operation on the Lambda, and a side
 * gateway serving the operations the contract's generator can serve directly. One connection, so the numbers are
 * each path's latency, not queueing; interleaved rounds, medians. Both gateways verify the same token and count
 * the same API key (the side gateway enforces the stage's access).
 */
import type { IntegrationsMode, LocalStage } from '@items-api/local-stage';
import { startSideGateway } from '@items-api/local-stage';
import { load, type LoadResult } from './load.ts';
import { stageAuthHeaders } from './stage-auth.ts';
import { interleave, median } from './stats.ts';

export const directCandidates = ['getItem through the Lambda', 'getItem direct'] as const;
export type DirectCandidate = (typeof directCandidates)[number];

export interface DirectSummary {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  failures: number;
}

/** `stage` serves every operation on the Lambda; `direct` is how the side gateway serves getItem. */
export async function directBench(
  stage: LocalStage,
  direct: IntegrationsMode,
  options: { seconds: number; rounds: number },
): Promise<Record<DirectCandidate, DirectSummary>> {
  const base = stage.url.replace('localhost', '127.0.0.1');
  const auth = await stageAuthHeaders(stage);
  const id = 'bench-direct-item';
  const put = await fetch(`${base}/items/${id}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', ...auth },
    body: JSON.stringify({ name: 'bench', description: 'read again and again', attributes: { n: 1, s: 'x', b: true } }),
  });
  if (put.status !== 201 && put.status !== 200) throw new Error(`seeding PUT answered ${put.status}`);
  const side = await startSideGateway({
    integrations: direct,
    dynamodbEndpoint: stage.dynamodb.endpoint,
    tableNames: stage.tableNames,
    access: stage.access,
  });
  const urls: Record<DirectCandidate, string> = {
    'getItem through the Lambda': `${base}/items/${id}`,
    'getItem direct': `${side.url}/items/${id}`,
  };
  const run = (candidate: DirectCandidate): Promise<LoadResult> =>
    load({ url: urls[candidate], connections: 1, duration: options.seconds, headers: auth });
  try {
    // Warm both paths once (JIT, connections, the function), unmeasured.
    for (const candidate of directCandidates) await run(candidate);
    const results = await interleave(directCandidates, options.rounds, run);
    const summary = {} as Record<DirectCandidate, DirectSummary>;
    for (const candidate of directCandidates) {
      const r = results[candidate];
      summary[candidate] = {
        requestsPerSecond: median(r.map((x) => x.requestsPerSecond)),
        p50: median(r.map((x) => x.p50)),
        p99: median(r.map((x) => x.p99)),
        failures: r.reduce((n, x) => n + x.non2xx + x.errors + x.timeouts, 0),
      };
    }
    return summary;
  } finally {
    await side.stop();
    await fetch(`${base}/items/${id}`, { method: 'DELETE', headers: auth });
  }
}
