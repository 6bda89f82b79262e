/**
 * The peers must validate exactly as the handler does, or the comparison would not be fair: the items resource's
 * bodies and ids, sent to all three stacks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { warmEvents, warmHandlers } from '../../src/lambda-bench.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

describe('peers validate like the handler', () => {
  const post = (body: unknown): APIGatewayProxyEvent => ({
    ...warmEvents()['POST /items'],
    body: JSON.stringify(body),
  });
  const get = (id: string): APIGatewayProxyEvent => ({
    ...warmEvents()['GET /items/{id}'],
    path: `/items/${encodeURIComponent(id)}`,
    pathParameters: { id },
  });
  const cases: [string, APIGatewayProxyEvent, 'accept' | 'reject'][] = [
    ['a valid item', post({ name: 'Cup', tags: ['a'], attributes: { n: 1, s: 'x', b: true } }), 'accept'],
    ['a null attribute value', post({ name: 'Cup', attributes: { z: null } }), 'reject'],
    ['a missing name', post({ tags: ['a'] }), 'reject'],
    ['an unknown property', post({ name: 'Cup', colour: 'red' }), 'reject'],
    ['a number as name', post({ name: 42 }), 'reject'],
    ['duplicate tags', post({ name: 'Cup', tags: ['a', 'a'] }), 'reject'],
    ['a name of 201 characters', post({ name: 'x'.repeat(201) }), 'reject'],
    ['an object attribute value', post({ name: 'Cup', attributes: { nested: { a: 1 } } }), 'reject'],
    ['a valid id', get('cup-1'), 'accept'],
    ['an id with a space', get('cup 1'), 'reject'],
    ['an id of 129 characters', get('x'.repeat(129)), 'reject'],
  ];
  for (const [name, event, expected] of cases) {
    it(`${expected}s ${name}, in all three stacks`, async () => {
      const handlers = await warmHandlers();
      for (const [stack, handler] of Object.entries(handlers)) {
        const { statusCode } = await handler({ ...event });
        if (expected === 'accept') assert.ok(statusCode < 300, `${stack} answered ${statusCode}`);
        else assert.equal(statusCode, 400, `${stack} answered ${statusCode}`);
      }
    });
  }
});
