/**
 * API keys and usage plans as API Gateway enforces them on a method that requires an API key: the `x-api-key`
 * header names a key, the key's usage plan throttles it (a token bucket: `burstLimit` requests at once, refilled
 * at `rateLimit` per second) and caps it per period (`quota`). Counted per key, like API Gateway. The clock is
 * injectable so throttle and quota tests do not sleep.
 */
import { timingSafeEqual } from 'node:crypto';

export type QuotaPeriod = 'DAY' | 'WEEK' | 'MONTH';

export interface UsagePlan {
  id: string;
  throttle?: { rateLimit: number; burstLimit: number };
  /** `offset`: requests subtracted from `limit` in the initial period (API Gateway's QuotaSettings). */
  quota?: { limit: number; period: QuotaPeriod; offset?: number };
}

export interface ApiKey {
  id: string;
  value: string;
  planId: string;
  enabled?: boolean;
}

/** The gateway responses API Gateway raises for API keys and usage plans, with their default status codes. */
export const usagePlanRefusals = {
  INVALID_API_KEY: 403,
  THROTTLED: 429,
  QUOTA_EXCEEDED: 429,
} as const;

export type UsagePlanRefusal = keyof typeof usagePlanRefusals;

export type Admission =
  | {
      admitted: true;
      keyId: string;
      planId: string;
      /** Requests left this period; absent without a quota. */ remainingQuota?: number;
    }
  | { admitted: false; responseType: UsagePlanRefusal; statusCode: number; detail: string };

export interface UsagePlanOptions {
  plans: readonly UsagePlan[];
  keys: readonly ApiKey[];
  /** Milliseconds since the epoch. */
  now?: () => number;
}

export interface UsagePlanEnforcer {
  /** Admits or refuses one request carrying this `x-api-key` header value; an admitted request is counted. */
  admit(apiKey: string | undefined): Admission;
}

// API Gateway's minimum length for an imported or custom API key value.
const minimumKeyLength = 20;

function refuse(responseType: UsagePlanRefusal, detail: string): Admission {
  return { admitted: false, responseType, statusCode: usagePlanRefusals[responseType], detail };
}

/** Start of the UTC calendar period holding `time`; weeks start on Sunday. */
export function periodStart(period: QuotaPeriod, time: number): number {
  const date = new Date(time);
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  if (period === 'DAY') return day;
  if (period === 'WEEK') return day - date.getUTCDay() * 86_400_000;
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

function validatePlan(plan: UsagePlan): void {
  const where = `usage plan ${plan.id}`;
  if (plan.throttle !== undefined) {
    const { rateLimit, burstLimit } = plan.throttle;
    if (!(Number.isFinite(rateLimit) && rateLimit > 0)) throw new Error(`${where}: throttle rateLimit must be > 0`);
    if (!(Number.isInteger(burstLimit) && burstLimit >= 1))
      throw new Error(`${where}: throttle burstLimit must be an integer >= 1`);
  }
  if (plan.quota !== undefined) {
    const { limit, period, offset = 0 } = plan.quota;
    if (!(Number.isInteger(limit) && limit >= 1)) throw new Error(`${where}: quota limit must be an integer >= 1`);
    if (!['DAY', 'WEEK', 'MONTH'].includes(period))
      throw new Error(`${where}: quota period must be DAY, WEEK or MONTH`);
    if (!(Number.isInteger(offset) && offset >= 0 && offset < limit)) {
      throw new Error(`${where}: quota offset must be an integer from 0 to limit - 1`);
    }
  }
}

function validateKeys(keys: readonly ApiKey[], plans: ReadonlyMap<string, UsagePlan>): void {
  const values = new Set<string>();
  const ids = new Set<string>();
  for (const key of keys) {
    if (key.value.length < minimumKeyLength)
      throw new Error(`API key ${key.id}: value must have at least ${minimumKeyLength} characters`);
    if (!plans.has(key.planId)) throw new Error(`API key ${key.id}: usage plan ${key.planId} is not declared`);
    if (values.has(key.value) || ids.has(key.id)) throw new Error(`API key ${key.id}: declared twice`);
    values.add(key.value);
    ids.add(key.id);
  }
}

/** Finds a key by value without an early exit, so timing does not reveal how close a guess was. */
function keyWithValue(keys: readonly ApiKey[], value: string): ApiKey | undefined {
  const given = Buffer.from(value, 'utf8');
  let found: ApiKey | undefined;
  for (const key of keys) {
    const expected = Buffer.from(key.value, 'utf8');
    const same = given.length === expected.length && timingSafeEqual(given, expected);
    if (same) found = key;
  }
  return found;
}

interface KeyUsage {
  tokens: number;
  refilledAt: number;
  periodStart: number;
  used: number;
}

export function createUsagePlanEnforcer(options: UsagePlanOptions): UsagePlanEnforcer {
  const plans = new Map(options.plans.map((plan) => [plan.id, plan]));
  if (plans.size !== options.plans.length) throw new Error('usage plans: a plan id is declared twice');
  options.plans.forEach(validatePlan);
  validateKeys(options.keys, plans);
  const now = options.now ?? Date.now;
  const startedAt = now();
  const usage = new Map<string, KeyUsage>();

  function usageOf(key: ApiKey, plan: UsagePlan, time: number): KeyUsage {
    let current = usage.get(key.id);
    if (current === undefined) {
      const quota = plan.quota;
      // The initial period (the one the gateway started in) starts `offset` requests down.
      const start = quota ? periodStart(quota.period, startedAt) : 0;
      current = {
        tokens: plan.throttle?.burstLimit ?? 0,
        refilledAt: time,
        periodStart: start,
        used: quota?.offset ?? 0,
      };
      usage.set(key.id, current);
    }
    if (plan.quota !== undefined) {
      const start = periodStart(plan.quota.period, time);
      if (start > current.periodStart) Object.assign(current, { periodStart: start, used: 0 });
    }
    if (plan.throttle !== undefined) {
      const elapsedSeconds = Math.max(0, time - current.refilledAt) / 1000;
      current.tokens = Math.min(plan.throttle.burstLimit, current.tokens + elapsedSeconds * plan.throttle.rateLimit);
      current.refilledAt = time;
    }
    return current;
  }

  return {
    admit(apiKey) {
      if (apiKey === undefined || apiKey === '') return refuse('INVALID_API_KEY', 'no x-api-key header');
      const key = keyWithValue(options.keys, apiKey);
      if (key === undefined) return refuse('INVALID_API_KEY', 'unknown API key');
      if (key.enabled === false) return refuse('INVALID_API_KEY', `API key ${key.id} is disabled`);
      const plan = plans.get(key.planId)!;
      const current = usageOf(key, plan, now());
      if (plan.quota !== undefined && current.used >= plan.quota.limit) {
        return refuse(
          'QUOTA_EXCEEDED',
          `API key ${key.id} used its ${plan.quota.limit} requests this ${plan.quota.period}`,
        );
      }
      if (plan.throttle !== undefined) {
        if (current.tokens < 1)
          return refuse('THROTTLED', `API key ${key.id} is over ${plan.throttle.rateLimit} requests/s`);
        current.tokens -= 1;
      }
      if (plan.quota === undefined) return { admitted: true, keyId: key.id, planId: plan.id };
      current.used += 1;
      return { admitted: true, keyId: key.id, planId: plan.id, remainingQuota: plan.quota.limit - current.used };
    },
  };
}
