/** Every operation and every error path, with DynamoDB stubbed (aws-sdk-client-mock). */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { cors, operations, problemTypes, problemTypeUriPrefix, type OperationId } from '@items-api/openapi/operations';
import type { Item, ItemPage, Problem } from '@items-api/openapi/schema';
import { schemaValidators } from '@items-api/openapi/schema-validators';
import { createApp } from '../../src/app.ts';
import { createCursorCodec } from '../../src/cursor.ts';
import { tableKeys } from '../../src/table.ts';
import { createLogger } from '../../src/logger.ts';
import { event, everyTable, parse, testCursorKey, type ParsedResponse } from '../helpers.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
);
const logLines: Array<Record<string, unknown>> = [];
const key = testCursorKey;
const now = new Date('2026-11-22T10:00:00.000Z');
const app = createApp({
  client,
  tableNames: everyTable,
  region: 'eu-west-1',
  cursorKey: () => Promise.resolve(key),
  logger: createLogger({
    level: 'DEBUG',
    service: 'items-api',
    write: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>),
  }),
  now: () => now,
  newId: () => '6f1c2a4e-8d3b-4f5a-9c7e-1b2d3e4f5a6b',
});

const stored = {
  id: 'cup-1',
  name: 'Espresso cup',
  tags: ['kitchen'],
  attributes: { volumeMl: 90 },
  version: 3,
  createdAt: '2026-11-01T09:30:00.000Z',
  updatedAt: '2026-11-02T14:05:12.345Z',
  internalOnly: 'never returned',
};

function conditionFailed(item?: Record<string, unknown>) {
  return Object.assign(new Error('The conditional request failed'), {
    name: 'ConditionalCheckFailedException',
    ...(item ? { Item: item } : {}),
  });
}

/** The update expression with the store's field placeholders (`#f0`, `:f0`) spelled as the fields they stand for. */
function spelledOut(
  input:
    | { UpdateExpression?: string | undefined; ExpressionAttributeNames?: Record<string, string> | undefined }
    | undefined,
): string {
  return (input?.UpdateExpression ?? '').replace(
    /([#:])(f\d+)\b/g,
    (_, sigil: string, placeholder: string) =>
      sigil + (input?.ExpressionAttributeNames?.[`#${placeholder}`] ?? placeholder),
  );
}

async function call<Body = unknown>(...args: Parameters<typeof event>) {
  return parse<Body>(await app(event(...args)));
}

function assertProblem(
  res: ParsedResponse<unknown>,
  key: keyof typeof problemTypes,
): asserts res is ParsedResponse<Problem> {
  assert.equal(res.status, problemTypes[key].status, JSON.stringify(res.body));
  assert.equal(res.headers['Content-Type'], 'application/problem+json');
  const problem = res.body as Problem;
  assert.equal(problem.type, problemTypeUriPrefix + key);
  assert.equal(problem.title, problemTypes[key].title);
  assert.equal(problem.status, problemTypes[key].status);
  assert.ok(problem.requestId);
  assert.ok(schemaValidators.Problem(res.body), JSON.stringify(schemaValidators.Problem.errors));
  assertCors(res);
}

function assertCors(res: ParsedResponse<unknown>) {
  assert.equal(res.headers['Access-Control-Allow-Origin'], cors.allowOrigin);
  assert.equal(res.headers['Access-Control-Expose-Headers'], cors.exposeHeaders.join(','));
}

beforeEach(() => {
  ddb.reset();
  logLines.length = 0;
});

describe('routing', () => {
  it('has a handler for every operation of the contract (the type check enforces it; this checks at run time)', async () => {
    ddb.onAnyCommand().resolves({});
    for (const id of Object.keys(operations) as OperationId[]) {
      const { method, path } = operations[id];
      const res = await call(method, path.replace('{id}', 'x'), {
        body: method === 'PATCH' ? { name: 'n' } : method === 'GET' || method === 'DELETE' ? undefined : { name: 'n' },
      });
      assert.notEqual(res.status, 500, `${id} failed`);
      assert.equal(logLines.at(-1)?.operationId, id, `${id} is not routed`);
    }
  });

  it('answers an unknown path or method with a 404 problem', async () => {
    assertProblem(await call('GET', '/nope'), 'not-found');
    assertProblem(await call('DELETE', '/items'), 'not-found');
    assertProblem(await call('GET', '/items/a/b'), 'not-found');
    assertProblem(await call('GET', '/items/'), 'not-found');
    assertProblem(await call('GET', '/items/x', { resource: '__proto__' }), 'not-found');
    assertProblem(await call('CONSTRUCTOR', '/items/x'), 'not-found');
    assert.equal(ddb.calls().length, 0);
  });

  it('leaves CORS preflights to API Gateway: OPTIONS is not an operation, so a 404 problem', async () => {
    assertProblem(await call('OPTIONS', '/items/abc'), 'not-found');
  });

  it('routes by API Gateway resource and pathParameters, not by the path', async () => {
    ddb.on(GetCommand, { Key: { id: 'from-params' } }).resolves({ Item: { ...stored, id: 'from-params' } });
    const res = await call<Item>('GET', '/stage-mapped/whatever', {
      resource: '/items/{id}',
      pathParameters: { id: 'from-params' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.id, 'from-params');
  });
});

describe('getHealth', () => {
  it('reports ok, the contract version and the Region without touching DynamoDB', async () => {
    const res = await call('GET', '/health');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'ok', version: '1.0.0', region: 'eu-west-1' });
    assert.ok(schemaValidators.Health(res.body));
    assert.equal(res.headers['Content-Type'], 'application/json');
    assertCors(res);
    assert.equal(ddb.calls().length, 0);
  });
});

describe('createItem', () => {
  it('stores a new item with a generated id, version 1, under attribute_not_exists', async () => {
    ddb.on(PutCommand).resolves({ ConsumedCapacity: { TableName: 'items', CapacityUnits: 1 } });
    const res = await call('POST', '/items', {
      body: { name: 'Espresso cup', tags: ['a'], attributes: { n: 1, b: true, s: 'x' } },
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.Location, '/items/6f1c2a4e-8d3b-4f5a-9c7e-1b2d3e4f5a6b');
    assert.equal(res.headers.ETag, '"1"');
    assert.ok(schemaValidators.Item(res.body), JSON.stringify(schemaValidators.Item.errors));
    assert.deepEqual(res.body, {
      id: '6f1c2a4e-8d3b-4f5a-9c7e-1b2d3e4f5a6b',
      name: 'Espresso cup',
      tags: ['a'],
      attributes: { n: 1, b: true, s: 'x' },
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    const [put] = ddb.commandCalls(PutCommand);
    assert.equal(ddb.calls().length, 1);
    assert.equal(put?.args[0].input.ConditionExpression, 'attribute_not_exists(#pk)');
    assert.equal(put?.args[0].input.TableName, 'items');
  });

  it('accepts a base64-encoded body and a charset=utf-8 parameter', async () => {
    ddb.on(PutCommand).resolves({});
    const res = await call<Item>('POST', '/items', {
      body: { name: 'é' },
      base64: true,
      headers: { 'content-type': 'Application/JSON; charset=UTF-8' },
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.name, 'é');
  });

  it('refuses a base64-encoded body whose bytes are not UTF-8 with 400 malformed-json, through POST, PUT and PATCH', async () => {
    const bytes = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    for (const [method, path] of [
      ['POST', '/items'],
      ['PUT', '/items/a'],
      ['PATCH', '/items/a'],
    ] as const) {
      const sent = {
        ...event(method, path, { rawBody: 'replaced' }),
        body: bytes.toString('base64'),
        isBase64Encoded: true,
      };
      assertProblem(parse(await app(sent)), 'malformed-json');
    }
    assert.equal(ddb.calls().length, 0);
  });

  it('rejects malformed JSON with 400 malformed-json', async () => {
    assertProblem(
      await call('POST', '/items', { rawBody: '{"name": ', headers: { 'Content-Type': 'application/json' } }),
      'malformed-json',
    );
  });

  it('rejects schema violations with 400 and one error per place', async () => {
    const res = await call('POST', '/items', {
      body: { name: '', tags: ['a', 'a'], extra: 1, attributes: { k: [1] } },
    });
    assertProblem(res, 'validation-failed');
    const paths = res.body.errors?.map((e) => e.path).sort();
    assert.deepEqual(
      paths,
      [
        '/body/attributes/k',
        '/body/attributes/k',
        '/body/attributes/k',
        '/body/attributes/k',
        '/body/extra',
        '/body/name',
        '/body/tags',
      ].sort(),
    );
    for (const error of res.body.errors ?? []) assert.equal(typeof error.message, 'string');
    assert.equal(ddb.calls().length, 0);
  });

  it('reports a missing required property at its own path', async () => {
    const res = await call('POST', '/items', { body: { description: 'x' } });
    assertProblem(res, 'validation-failed');
    assert.deepEqual(
      res.body.errors?.map((e) => e.path),
      ['/body/name'],
    );
  });

  it('rejects a body that is not an object, and a missing body', async () => {
    assertProblem(await call('POST', '/items', { body: [1] }), 'validation-failed');
    assertProblem(await call('POST', '/items', { body: null }), 'validation-failed');
    const missing = await call('POST', '/items', { headers: { 'Content-Type': 'application/json' } });
    assertProblem(missing, 'validation-failed');
    assert.deepEqual(missing.body.errors, [{ path: '/body', message: 'is required' }]);
  });

  it('refuses `__proto__` as a key without trouble; stores `constructor` and `prototype` as plain names', async () => {
    const top = await call('POST', '/items', {
      rawBody: '{"name":"a","__proto__":{"polluted":true}}',
      headers: { 'Content-Type': 'application/json' },
    });
    assertProblem(top, 'validation-failed');
    assert.deepEqual(
      top.body.errors?.map((e) => e.path),
      ['/body/__proto__'],
    );
    const nested = await call('POST', '/items', {
      rawBody: '{"name":"a","attributes":{"__proto__":"x","constructor":1}}',
      headers: { 'Content-Type': 'application/json' },
    });
    assertProblem(nested, 'validation-failed');
    assert.deepEqual(
      nested.body.errors?.map((e) => e.path),
      ['/body/attributes/__proto__'],
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(ddb.calls().length, 0);

    ddb.on(PutCommand).resolves({});
    const plain = await call<Item>('POST', '/items', {
      rawBody: '{"name":"a","attributes":{"constructor":"c","prototype":true,"toString":1}}',
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(plain.status, 201, JSON.stringify(plain.body));
    assert.deepEqual(plain.body.attributes, { constructor: 'c', prototype: true, toString: 1 });
    // What reaches the SDK's marshaller: a Map, which it marshals by its entries whatever they are called.
    const sent: unknown = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item?.attributes;
    assert.ok(sent instanceof Map);
    assert.deepEqual(
      [...sent],
      [
        ['constructor', 'c'],
        ['prototype', true],
        ['toString', 1],
      ],
    );
  });

  it("refuses numbers beyond DynamoDB's ±1e126 by the schema, and below its 1e-130 by the storage checks", async () => {
    const big = await call('POST', '/items', { body: { name: 'a', attributes: { big: 1e126, ok: 0 } } });
    assertProblem(big, 'validation-failed');
    assert.deepEqual([...new Set(big.body.errors?.map((e) => e.path))], ['/body/attributes/big']);
    const tiny = await call('POST', '/items', {
      body: { name: 'a', attributes: { tiny: 1e-200, negative: -5e-324, ok: 0, least: 1e-130 } },
    });
    assertProblem(tiny, 'validation-failed');
    assert.deepEqual(
      tiny.body.errors?.map((e) => e.path),
      ['/body/attributes/tiny', '/body/attributes/negative'],
    );
    assert.equal(ddb.calls().length, 0);
  });

  it('answers 415 for a wrong, missing or non-UTF-8 Content-Type', async () => {
    assertProblem(
      await call('POST', '/items', { body: { name: 'a' }, headers: { 'Content-Type': 'text/plain' } }),
      'unsupported-media-type',
    );
    assertProblem(
      await call('POST', '/items', {
        body: { name: 'a' },
        headers: { 'Content-Type': 'application/merge-patch+json' },
      }),
      'unsupported-media-type',
    );
    assertProblem(await call('POST', '/items', { body: { name: 'a' }, noContentType: true }), 'unsupported-media-type');
    assertProblem(
      await call('POST', '/items', {
        body: { name: 'a' },
        headers: { 'Content-Type': 'application/json; charset=latin1' },
      }),
      'unsupported-media-type',
    );
  });

  it('answers 413 for an item over 400 KB without calling DynamoDB', async () => {
    // Seven names of 60,000 bytes: each within DynamoDB's name limit, together over the item's 400 KB.
    const attributes = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`${i}`.padEnd(60_000, 'k'), 1]));
    const res = await call('POST', '/items', { body: { name: 'a', attributes } });
    assertProblem(res, 'payload-too-large');
    assert.equal(ddb.calls().length, 0);
  });

  it('answers 201 when the SDK retried a put whose first attempt was stored (the retry finds its own item)', async () => {
    // What DynamoDB returns with ReturnValuesOnConditionCheckFailure: ALL_OLD: the raw attribute values.
    const ownAttempt = { createdAt: { S: now.toISOString() }, version: { N: '1' } };
    ddb.on(PutCommand).rejects(conditionFailed(ownAttempt));
    const res = await call<Item>('POST', '/items', { body: { name: 'a' } });
    assert.equal(res.status, 201);
    assert.equal(res.body.createdAt, now.toISOString());
    assert.equal(ddb.commandCalls(PutCommand)[0]?.args[0].input.ReturnValuesOnConditionCheckFailure, 'ALL_OLD');
  });

  it('never overwrites: a colliding id is a 500 that reveals nothing', async () => {
    ddb.on(PutCommand).rejects(conditionFailed({ createdAt: { S: stored.createdAt }, version: { N: '3' } }));
    const res = await call('POST', '/items', { body: { name: 'a' } });
    assertProblem(res, 'internal-error');
    assert.doesNotMatch(JSON.stringify(res.body), /already exists|Conditional|at /);
    const error = logLines.find((l) => l.level === 'ERROR');
    assert.match(JSON.stringify(error), /already exists/);
    assert.match(JSON.stringify(error), /stack/);
  });
});

describe('getItem', () => {
  it('returns the item (contract fields only) with its version as a strong ETag, read consistently', async () => {
    ddb.on(GetCommand).resolves({ Item: stored });
    const res = await call<Record<string, unknown>>('GET', '/items/cup-1');
    assert.equal(res.status, 200);
    assert.equal(res.headers.ETag, '"3"');
    assert.equal(res.body.internalOnly, undefined);
    assert.ok(schemaValidators.Item(res.body));
    const [get] = ddb.commandCalls(GetCommand);
    assert.deepEqual(get?.args[0].input.Key, { id: 'cup-1' });
    assert.equal(get?.args[0].input.ConsistentRead, true);
  });

  it('answers 404 when no item has the id', async () => {
    ddb.on(GetCommand).resolves({});
    const res = await call('GET', '/items/cup-2');
    assertProblem(res, 'not-found');
    assert.equal(res.body.instance, '/items/cup-2');
  });

  it('answers 400 for an id the contract does not allow', async () => {
    const res = await call('GET', `/items/${encodeURIComponent('a b')}`);
    assertProblem(res, 'validation-failed');
    assert.equal(res.body.errors?.[0]?.path, '/path/id');
    assertProblem(await call('GET', `/items/${'a'.repeat(129)}`), 'validation-failed');
  });
});

describe('listItems', () => {
  it('scans one page with the default limit and no cursor on the last page', async () => {
    ddb.on(ScanCommand).resolves({ Items: [stored] });
    const res = await call('GET', '/items');
    assert.equal(res.status, 200);
    assert.ok(schemaValidators.ItemPage(res.body));
    assert.equal(res.body.nextCursor, undefined);
    assert.equal(ddb.commandCalls(ScanCommand)[0]?.args[0].input.Limit, 25);
    assert.equal(ddb.calls().length, 1);
  });

  it('passes limit through and round-trips the cursor as ExclusiveStartKey', async () => {
    ddb
      .on(ScanCommand)
      .resolvesOnce({ Items: [stored], LastEvaluatedKey: { id: 'cup-1' } })
      .resolves({ Items: [] });
    const first = await call<Required<ItemPage>>('GET', '/items', { query: { limit: '1' } });
    assert.equal(ddb.commandCalls(ScanCommand)[0]?.args[0].input.Limit, 1);
    assert.match(first.body.nextCursor, /^[A-Za-z0-9_-]+$/);
    const second = await call('GET', '/items', { query: { limit: '1', cursor: first.body.nextCursor } });
    assert.equal(second.status, 200);
    assert.deepEqual(ddb.commandCalls(ScanCommand)[1]?.args[0].input.ExclusiveStartKey, { id: 'cup-1' });
  });

  it('takes the last value of a repeated query parameter', async () => {
    ddb.on(ScanCommand).resolves({ Items: [] });
    await call('GET', '/items', { query: { limit: ['5', '7'] } });
    assert.equal(ddb.commandCalls(ScanCommand)[0]?.args[0].input.Limit, 7);
  });

  it('rejects a limit outside 1..100 or not an integer', async () => {
    for (const limit of ['0', '101', 'abc', '1.5']) {
      const res = await call('GET', '/items', { query: { limit } });
      assertProblem(res, 'validation-failed');
      assert.equal(res.body.errors?.[0]?.path, '/query/limit');
    }
  });

  it('rejects a limit written other than as a decimal integer (hex, exponent, sign, space, leading zero, fraction)', async () => {
    for (const limit of ['0x10', '1e1', '+5', ' 5', '5 ', '01', '1.0', '']) {
      const res = await call('GET', '/items', { query: { limit } });
      assertProblem(res, 'validation-failed');
      assert.equal(res.body.errors?.[0]?.path, '/query/limit');
    }
  });

  it('rejects forged, truncated, re-signed or malformed cursors with 400, never calling DynamoDB', async () => {
    const scope = { resource: 'items', keys: tableKeys.items };
    const genuine = createCursorCodec(key).encode(scope, { id: 'cup-1' });
    const otherKey = createCursorCodec(Buffer.from('another-key-that-is-long-enough-123456')).encode(scope, {
      id: 'cup-1',
    });
    const otherScope = createCursorCodec(key).encode({ ...scope, resource: 'configs' }, { id: 'cup-1' });
    const flipped = genuine.slice(0, -2) + (genuine.at(-2) === 'A' ? 'B' : 'A') + genuine.at(-1);
    const forgedPayload = Buffer.from(genuine, 'base64url');
    forgedPayload.write('{"id":"zzz-1"}', 17);
    for (const cursor of [
      genuine.slice(0, -3),
      genuine.slice(0, 10),
      otherKey,
      otherScope,
      flipped,
      forgedPayload.toString('base64url'),
      'abc',
      Buffer.from('{"id":"x"}').toString('base64url'),
    ]) {
      const res = await call('GET', '/items', { query: { cursor } });
      assertProblem(res, 'validation-failed');
      assert.equal(res.body.errors?.[0]?.path, '/query/cursor');
    }
    assertProblem(await call('GET', '/items', { query: { cursor: 'not base64!' } }), 'validation-failed');
    assert.equal(ddb.calls().length, 0);
  });
});

describe('putItem', () => {
  const body = { name: 'Espresso cup', description: 'New' };

  it('creates (201, Location) when the item did not exist, in one UpdateItem that keeps createdAt', async () => {
    ddb.on(UpdateCommand).resolves({
      Attributes: { id: 'cup-1', ...body, version: 1, createdAt: now.toISOString(), updatedAt: now.toISOString() },
    });
    const res = await call('PUT', '/items/cup-1', { body });
    assert.equal(res.status, 201);
    assert.equal(res.headers.Location, '/items/cup-1');
    assert.equal(res.headers.ETag, '"1"');
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    assert.match(spelledOut(input), /#version = if_not_exists\(#version, :zero\) \+ :one/);
    assert.match(spelledOut(input), /#createdAt = if_not_exists\(#createdAt, :now\)/);
    assert.match(spelledOut(input), /REMOVE #tags, #attributes$/);
    assert.equal(input?.ConditionExpression, undefined);
    assert.equal(ddb.calls().length, 1);
  });

  it('replaces (200) an existing item', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { ...stored, ...body, version: 4 } });
    const res = await call('PUT', '/items/cup-1', { body });
    assert.equal(res.status, 200);
    assert.equal(res.headers.ETag, '"4"');
    assert.equal(res.headers.Location, undefined);
  });

  it('makes If-Match a condition on the version and answers 412 when it fails', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    const res = await call('PUT', '/items/cup-1', { body, headers: { 'If-Match': '"3"' } });
    assertProblem(res, 'precondition-failed');
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    assert.equal(input?.ConditionExpression, 'attribute_exists(#pk) AND #version = :expected0');
    assert.equal(input?.ExpressionAttributeValues?.[':expected0'], 3);
  });

  it('accepts If-Match lists and *', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { ...stored, version: 4 } });
    await call('PUT', '/items/cup-1', { body, headers: { 'If-Match': '"2", "3"' } });
    assert.equal(
      ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ConditionExpression,
      'attribute_exists(#pk) AND #version IN (:expected0, :expected1)',
    );
    await call('PUT', '/items/cup-1', { body, headers: { 'If-Match': '*' } });
    assert.equal(ddb.commandCalls(UpdateCommand)[1]?.args[0].input.ConditionExpression, 'attribute_exists(#pk)');
  });

  it('makes If-None-Match: * a create-only condition', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    const res = await call('PUT', '/items/cup-1', { body, headers: { 'If-None-Match': '*' } });
    assertProblem(res, 'precondition-failed');
    assert.equal(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ConditionExpression, 'attribute_not_exists(#pk)');
  });

  it('answers 412 for weak or non-numeric tags (they never match) and 400 for malformed If-Match', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    assertProblem(await call('PUT', '/items/cup-1', { body, headers: { 'If-Match': 'W/"3"' } }), 'precondition-failed');
    assertProblem(await call('PUT', '/items/cup-1', { body, headers: { 'If-Match': '"abc"' } }), 'precondition-failed');
    for (const value of ['3', '"3', 'abc', '"3" x']) {
      const res = await call('PUT', '/items/cup-1', { body, headers: { 'If-Match': value } });
      assertProblem(res, 'validation-failed');
      assert.equal(res.body.errors?.[0]?.path, '/headers/if-match');
    }
    assertProblem(
      await call('PUT', '/items/cup-1', { body, headers: { 'If-Match': `"${'1'.repeat(40)}"` } }),
      'validation-failed',
    );
  });

  it('answers 400 for If-None-Match other than *, and 412 for If-Match with If-None-Match', async () => {
    const res = await call('PUT', '/items/cup-1', { body, headers: { 'If-None-Match': '"3"' } });
    assertProblem(res, 'validation-failed');
    assert.equal(res.body.errors?.[0]?.path, '/headers/if-none-match');
    const before = ddb.calls().length;
    assertProblem(
      await call('PUT', '/items/cup-1', { body, headers: { 'If-Match': '"3"', 'If-None-Match': '*' } }),
      'precondition-failed',
    );
    assert.equal(ddb.calls().length, before);
  });

  it('validates the body like create does', async () => {
    assertProblem(await call('PUT', '/items/cup-1', { body: { name: 'a', version: 9 } }), 'validation-failed');
    assertProblem(
      await call('PUT', '/items/cup-1', {
        body: { name: 'a' },
        headers: { 'Content-Type': 'application/merge-patch+json' },
      }),
      'unsupported-media-type',
    );
  });
});

describe('patchItem', () => {
  it('sets values and removes nulls in one conditional UpdateItem, version + 1', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { ...stored, version: 4, tags: ['x'] } });
    const res = await call('PATCH', '/items/cup-1', {
      body: { tags: ['x'], description: null },
      headers: { 'If-Match': '"3"' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.ETag, '"4"');
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    assert.equal(
      spelledOut(input),
      'SET #version = #version + :one, #updatedAt = :now, #tags = :tags REMOVE #description',
    );
    assert.equal(input?.ConditionExpression, 'attribute_exists(#pk) AND #version = :expected0');
    assert.equal(input?.ReturnValuesOnConditionCheckFailure, 'ALL_OLD');
    assert.equal(ddb.calls().length, 1);
  });

  it('answers 404 when the item does not exist and 412 when it is at another version', async () => {
    ddb
      .on(UpdateCommand)
      .rejectsOnce(conditionFailed())
      .rejects(conditionFailed({ id: { S: 'cup-1' } }));
    assertProblem(await call('PATCH', '/items/cup-1', { body: { name: 'b' } }), 'not-found');
    assertProblem(
      await call('PATCH', '/items/cup-1', { body: { name: 'b' }, headers: { 'If-Match': '"2"' } }),
      'precondition-failed',
    );
  });

  it('rejects an empty patch, removing the name, unknown fields and application/json', async () => {
    assertProblem(await call('PATCH', '/items/cup-1', { body: {} }), 'validation-failed');
    assertProblem(await call('PATCH', '/items/cup-1', { body: { name: null } }), 'validation-failed');
    assertProblem(await call('PATCH', '/items/cup-1', { body: { id: 'other' } }), 'validation-failed');
    assertProblem(
      await call('PATCH', '/items/cup-1', { body: { name: 'b' }, headers: { 'Content-Type': 'application/json' } }),
      'unsupported-media-type',
    );
    assertProblem(
      await call('PATCH', '/items/cup-1', {
        rawBody: 'nope',
        headers: { 'Content-Type': 'application/merge-patch+json' },
      }),
      'malformed-json',
    );
    assert.equal(ddb.calls().length, 0);
  });

  it('maps DynamoDB refusing an oversized result item to 413', async () => {
    ddb.on(UpdateCommand).rejects(
      Object.assign(new Error('Item size to update has exceeded the maximum allowed size'), {
        name: 'ValidationException',
      }),
    );
    assertProblem(await call('PATCH', '/items/cup-1', { body: { description: 'x' } }), 'payload-too-large');
  });
});

describe('deleteItem', () => {
  it('deletes conditionally on existence (204, empty body)', async () => {
    ddb.on(DeleteCommand).resolves({});
    const result = await app(event('DELETE', '/items/cup-1'));
    assert.equal(result.statusCode, 204);
    assert.equal(result.body, '');
    // No content, so no Content-Type: null keeps API Gateway from adding its application/json default.
    assert.equal(result.headers['Content-Type'], null);
    assertCors(parse(result));
    assert.equal(ddb.commandCalls(DeleteCommand)[0]?.args[0].input.ConditionExpression, 'attribute_exists(#pk)');
  });

  it('answers 404 for a missing item and 412 for a stale If-Match', async () => {
    ddb
      .on(DeleteCommand)
      .rejectsOnce(conditionFailed())
      .rejects(conditionFailed({ id: { S: 'cup-1' } }));
    assertProblem(await call('DELETE', '/items/cup-1'), 'not-found');
    assertProblem(await call('DELETE', '/items/cup-1', { headers: { 'If-Match': '"2"' } }), 'precondition-failed');
    assert.equal(
      ddb.commandCalls(DeleteCommand)[1]?.args[0].input.ConditionExpression,
      'attribute_exists(#pk) AND #version = :expected0',
    );
  });
});

describe('DynamoDB failures', () => {
  for (const [name, error] of [
    ['throttling', Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' })],
    [
      'request limit',
      Object.assign(new Error('Throughput exceeds the account limit'), { name: 'RequestLimitExceeded' }),
    ],
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })],
    ['timeout', Object.assign(new Error('Request timed out'), { name: 'TimeoutError' })],
  ] as const) {
    it(`answers ${name} with 503 and Retry-After`, async () => {
      ddb.on(GetCommand).rejects(error);
      const res = await call('GET', '/items/cup-1');
      assertProblem(res, 'service-unavailable');
      assert.equal(res.headers['Retry-After'], '1');
      const warning = logLines.find((l) => l.level === 'WARN');
      assert.equal((warning?.error as { message?: string } | undefined)?.message, error.message, 'the cause is logged');
    });
  }

  it('answers anything unexpected with a 500 that carries no internals, and logs the stack', async () => {
    ddb.on(ScanCommand).rejects(
      Object.assign(new Error('Requested resource not found: table items-secret'), {
        name: 'ResourceNotFoundException',
      }),
    );
    const res = await call('GET', '/items', { requestId: 'req-500' });
    assertProblem(res, 'internal-error');
    assert.doesNotMatch(JSON.stringify(res.body), /items-secret|ResourceNotFound|stack/);
    const error = logLines.find((l) => l.level === 'ERROR');
    assert.equal(error?.requestId, 'req-500');
    assert.match(JSON.stringify(error), /items-secret/);
  });
});

describe('logging', () => {
  it('writes one structured line per request with status, latency and consumed capacity', async () => {
    ddb.on(GetCommand).resolves({ Item: stored, ConsumedCapacity: { TableName: 'items', CapacityUnits: 1 } });
    await call('GET', '/items/cup-1', { requestId: 'req-log' });
    const requestLines = logLines.filter((l) => l.message === 'request');
    assert.equal(requestLines.length, 1);
    const line = requestLines[0] as Record<string, unknown>;
    assert.equal(line.requestId, 'req-log');
    assert.equal(line.operationId, 'getItem');
    assert.equal(line.status, 200);
    assert.equal(line.consumedCapacity, 1);
    assert.equal(line.service, 'items-api');
    assert.equal(line.level, 'INFO');
    assert.equal(typeof line.latencyMs, 'number');
    assert.equal(typeof line.timestamp, 'string');
  });

  it('logs failed requests too, with the problem status', async () => {
    await call('GET', '/nope');
    assert.equal(logLines.filter((l) => l.message === 'request').length, 1);
    assert.equal(logLines[0]?.status, 404);
    assert.equal(logLines[0]?.operationId, null);
  });
});
