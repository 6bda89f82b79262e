/**
 * The benchmarks call the local stage as a client would: with an access token of the stage's full-access client
 * (from its token URL) and its API key, on usage plans no benchmark runs out of. serverless-offline gets neither:
 * it enforces no authorizer and no API key, so only our side pays for access control in the comparison.
 */
import { apiKeyHeader, requestAccessToken } from '@items-api/client';
import type { DeclaredUsagePlan, LocalStage } from '@items-api/local-stage';
import { infrastructure } from '@items-api/openapi/operations';

/** The stage listens on IPv4 loopback; `localhost` may resolve to ::1 first. */
export const loopback = (url: string): string => url.replace('//localhost:', '//127.0.0.1:');

/**
 * The contract's usage plans, each with a throttle and a quota far beyond any benchmark: every request is still
 * counted against both (the enforcement's cost stays in the numbers), none is refused with 429.
 */
const unreachable: DeclaredUsagePlan = {
  throttle: { rateLimit: 1e9, burstLimit: 1e9 },
  quota: { limit: 1e12, period: 'MONTH' },
};
export const unthrottledPlans: Record<string, DeclaredUsagePlan> = Object.fromEntries(
  Object.keys(infrastructure.access.usagePlans).map((name) => [name, unreachable]),
);

/** `Authorization` (a fresh token of the stage's full-access client) and the API key header, for every request. */
export async function stageAuthHeaders(stage: LocalStage): Promise<Record<string, string>> {
  const { tokenUrl, clientId, clientSecret, apiKey } = stage.credentials;
  const token = await requestAccessToken({ tokenUrl: loopback(tokenUrl), clientId, clientSecret }, (request) =>
    fetch(request),
  );
  return { Authorization: `Bearer ${token.value}`, [apiKeyHeader]: apiKey };
}
