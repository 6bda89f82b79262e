/**
 * API keys and usage plans on a fake clock: a missing, unknown or disabled key is INVALID_API_KEY (403); a burst
 * beyond the token bucket is THROTTLED (429) and refills at the rate; a used-up quota is QUOTA_EXCEEDED (429)
 * until the next UTC period; the offset shortens the first period only.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createUsagePlanEnforcer,
  periodStart,
  type Admission,
  type ApiKey,
  type UsagePlan,
  type UsagePlanRefusal,
} from '../src/auth/usage-plans.ts';

const monday = Date.UTC(2026, 5, 15, 12, 0, 0); // Monday 15 June 2026, 12:00 UTC

function fakeClock(start = monday): { now: () => number; advance: (ms: number) => void; set: (time: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms), set: (value) => (time = value) };
}

const keyValue = 'k'.repeat(20) + '-reader';
const otherValue = 'o'.repeat(20) + '-writer';

function enforcer(
  plan: UsagePlan,
  clock = fakeClock(),
  keys: ApiKey[] = [{ id: 'reader', value: keyValue, planId: plan.id }],
) {
  return { clock, plans: createUsagePlanEnforcer({ plans: [plan], keys, now: clock.now }) };
}

function assertRefused(admission: Admission, type: UsagePlanRefusal, status: number): void {
  assert.equal(admission.admitted, false, 'must be refused');
  if (admission.admitted) return;
  assert.equal(admission.responseType, type, admission.detail);
  assert.equal(admission.statusCode, status);
}

describe('API keys', () => {
  const { plans } = enforcer({ id: 'basic' }, fakeClock(), [
    { id: 'reader', value: keyValue, planId: 'basic' },
    { id: 'retired', value: otherValue, planId: 'basic', enabled: false },
  ]);

  it('a known key is admitted under its plan', () => {
    assert.deepEqual(plans.admit(keyValue), { admitted: true, keyId: 'reader', planId: 'basic' });
  });
  it('a missing key is INVALID_API_KEY 403', () => {
    assertRefused(plans.admit(undefined), 'INVALID_API_KEY', 403);
    assertRefused(plans.admit(''), 'INVALID_API_KEY', 403);
  });
  it('a wrong key is INVALID_API_KEY 403, prefixes and extensions of a real one included', () => {
    for (const value of ['x'.repeat(27), keyValue.slice(0, -1), `${keyValue}x`, keyValue.toUpperCase()]) {
      assertRefused(plans.admit(value), 'INVALID_API_KEY', 403);
    }
  });
  it('a disabled key is INVALID_API_KEY 403', () => assertRefused(plans.admit(otherValue), 'INVALID_API_KEY', 403));
});

describe('throttle (token bucket)', () => {
  it('admits the burst, then THROTTLED 429, then refills at the rate', () => {
    const { plans, clock } = enforcer({ id: 'p', throttle: { rateLimit: 2, burstLimit: 3 } });
    for (let i = 0; i < 3; i += 1) assert.equal(plans.admit(keyValue).admitted, true, `request ${i + 1} of the burst`);
    assertRefused(plans.admit(keyValue), 'THROTTLED', 429);
    clock.advance(499);
    assertRefused(plans.admit(keyValue), 'THROTTLED', 429);
    clock.advance(1);
    assert.equal(plans.admit(keyValue).admitted, true, 'one token after 500 ms at 2/s');
    assertRefused(plans.admit(keyValue), 'THROTTLED', 429);
    clock.advance(60_000);
    for (let i = 0; i < 3; i += 1)
      assert.equal(plans.admit(keyValue).admitted, true, 'the bucket never holds more than the burst');
    assertRefused(plans.admit(keyValue), 'THROTTLED', 429);
  });

  it('counts per key: one key over its throttle leaves another alone', () => {
    const { plans } = enforcer({ id: 'p', throttle: { rateLimit: 1, burstLimit: 1 } }, fakeClock(), [
      { id: 'a', value: keyValue, planId: 'p' },
      { id: 'b', value: otherValue, planId: 'p' },
    ]);
    assert.equal(plans.admit(keyValue).admitted, true);
    assertRefused(plans.admit(keyValue), 'THROTTLED', 429);
    assert.equal(plans.admit(otherValue).admitted, true);
  });
});

describe('quota', () => {
  it('QUOTA_EXCEEDED 429 after the limit, reset at the next UTC day', () => {
    const { plans, clock } = enforcer({ id: 'p', quota: { limit: 3, period: 'DAY' } });
    const remaining = [1, 2, 3].map(() => plans.admit(keyValue)).map((a) => (a.admitted ? a.remainingQuota : -1));
    assert.deepEqual(remaining, [2, 1, 0]);
    assertRefused(plans.admit(keyValue), 'QUOTA_EXCEEDED', 429);
    clock.set(Date.UTC(2026, 5, 15, 23, 59, 59, 999));
    assertRefused(plans.admit(keyValue), 'QUOTA_EXCEEDED', 429);
    clock.set(Date.UTC(2026, 5, 16));
    assert.equal(plans.admit(keyValue).admitted, true);
  });

  it('the offset takes requests off the first period only', () => {
    const { plans, clock } = enforcer({ id: 'p', quota: { limit: 3, period: 'DAY', offset: 2 } });
    assert.equal(plans.admit(keyValue).admitted, true);
    assertRefused(plans.admit(keyValue), 'QUOTA_EXCEEDED', 429);
    clock.advance(86_400_000);
    for (let i = 0; i < 3; i += 1) assert.equal(plans.admit(keyValue).admitted, true);
    assertRefused(plans.admit(keyValue), 'QUOTA_EXCEEDED', 429);
  });

  it('a refused request is not counted, and a throttled one does not use quota', () => {
    const { plans, clock } = enforcer({
      id: 'p',
      quota: { limit: 2, period: 'WEEK' },
      throttle: { rateLimit: 1, burstLimit: 1 },
    });
    assert.equal(plans.admit(keyValue).admitted, true);
    assertRefused(plans.admit(keyValue), 'THROTTLED', 429);
    clock.advance(1000);
    assert.equal(plans.admit(keyValue).admitted, true, 'the throttled request left the second quota slot');
    clock.advance(1000);
    assertRefused(plans.admit(keyValue), 'QUOTA_EXCEEDED', 429);
  });

  it('weeks start on Sunday and months on the 1st, in UTC', () => {
    assert.equal(periodStart('DAY', monday), Date.UTC(2026, 5, 15));
    assert.equal(periodStart('WEEK', monday), Date.UTC(2026, 5, 14));
    assert.equal(periodStart('WEEK', Date.UTC(2026, 5, 14)), Date.UTC(2026, 5, 14));
    assert.equal(periodStart('MONTH', monday), Date.UTC(2026, 5, 1));
    assert.equal(periodStart('MONTH', Date.UTC(2026, 0, 31, 23, 59)), Date.UTC(2026, 0, 1));
  });

  it('a monthly quota resets on the 1st', () => {
    const { plans, clock } = enforcer({ id: 'p', quota: { limit: 1, period: 'MONTH' } });
    assert.equal(plans.admit(keyValue).admitted, true);
    clock.set(Date.UTC(2026, 5, 30, 23, 0));
    assertRefused(plans.admit(keyValue), 'QUOTA_EXCEEDED', 429);
    clock.set(Date.UTC(2026, 6, 1));
    assert.equal(plans.admit(keyValue).admitted, true);
  });
});

describe('usage plan configuration', () => {
  const key = (planId: string): ApiKey[] => [{ id: 'k', value: keyValue, planId }];
  const cases: [string, UsagePlan[], ApiKey[], RegExp][] = [
    ['a key of an undeclared plan', [{ id: 'p' }], key('q'), /usage plan q is not declared/],
    ['a short key value', [{ id: 'p' }], [{ id: 'k', value: 'short', planId: 'p' }], /at least 20/],
    ['a key declared twice', [{ id: 'p' }], [...key('p'), ...key('p')], /declared twice/],
    ['a plan declared twice', [{ id: 'p' }, { id: 'p' }], key('p'), /declared twice/],
    ['a zero rate', [{ id: 'p', throttle: { rateLimit: 0, burstLimit: 1 } }], key('p'), /rateLimit must be > 0/],
    ['a fractional burst', [{ id: 'p', throttle: { rateLimit: 1, burstLimit: 1.5 } }], key('p'), /burstLimit/],
    ['a zero quota', [{ id: 'p', quota: { limit: 0, period: 'DAY' } }], key('p'), /limit must be an integer >= 1/],
    [
      'an offset as large as the limit',
      [{ id: 'p', quota: { limit: 2, period: 'DAY', offset: 2 } }],
      key('p'),
      /offset/,
    ],
    ['an unknown period', [{ id: 'p', quota: { limit: 2, period: 'YEAR' as 'DAY' } }], key('p'), /DAY, WEEK or MONTH/],
  ];
  for (const [name, plans, keys, message] of cases) {
    it(`refuses ${name}`, () => assert.throws(() => createUsagePlanEnforcer({ plans, keys }), message));
  }
});
