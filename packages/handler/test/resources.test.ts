/**
 * The generic store and operations on resources the contract does not declare, described here as the contract
 * would (resource.ts's ResourceDescriptor), on a real DynamoDB Local: a client-chosen composite key (`configs`:
 * `id` + sort key `range`), a numeric partition key (`counters`), and a server-chosen key with a sort key from the
 * body (`notes`). Every action, pages and cursors (refused by another resource or partition), conditional writes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localCredentials, startDynamoDBLocal, type DynamoDBLocal } from '@items-api/dynamodb-local';
import { problemTypes } from '@items-api/openapi/operations';
import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { createCursorCodec } from '../src/cursor.ts';
import { createDocumentClient } from '../src/dynamodb.ts';
import { problemOf } from '../src/problems.ts';
import type { ResourceAction, ResourceDescriptor } from '../src/resource.ts';
import {
  createResourceOperation,
  type ResourceRequest,
  type SortKeyConditionParameters,
} from '../src/resource-operations.ts';
import { compareKeyValues } from '../src/sort-key-condition.ts';
import { storageErrors } from '../src/storage-checks.ts';
import type { StoreContext } from '../src/store.ts';
import { createTableInputFor } from '../src/table.ts';
import { parse, testCursorKey } from './helpers.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const serverFields = ['version', 'createdAt', 'updatedAt'];

const configs: ResourceDescriptor = {
  name: 'configs',
  partitionKey: { name: 'id', type: 'S', chosenBy: 'client' },
  sortKey: { name: 'range', type: 'S', chosenBy: 'client' },
  fields: ['id', 'range', 'value', 'note', ...serverFields],
  writableFields: ['value', 'note'],
  patchFields: ['value', 'note'],
  readPath: '/configs/{id}/{range}',
};

const counters: ResourceDescriptor = {
  name: 'counters',
  partitionKey: { name: 'n', type: 'N', chosenBy: 'client' },
  fields: ['n', 'label', ...serverFields],
  writableFields: ['label'],
  patchFields: ['label'],
  readPath: '/counters/{n}',
};

const notes: ResourceDescriptor = {
  name: 'notes',
  partitionKey: { name: 'id', type: 'S', chosenBy: 'server' },
  sortKey: { name: 'at', type: 'N', chosenBy: 'client' },
  fields: ['id', 'at', 'text', ...serverFields],
  writableFields: ['at', 'text'],
  // A body schema may hold a key: the path names the object, so writes leave the key as it is.
  patchFields: ['at', 'text'],
  readPath: '/notes/{id}/{at}',
};

const described = [configs, counters, notes];
let db: DynamoDBLocal;
let ctx: StoreContext;
let nextId = 0;

before(async () => {
  db = await startDynamoDBLocal();
  const raw = new DynamoDBClient({ endpoint: db.endpoint, region: 'us-east-1', credentials: localCredentials });
  try {
    for (const resource of described)
      await raw.send(new CreateTableCommand(createTableInputFor(resource, `${resource.name}-test`)));
  } finally {
    raw.destroy();
  }
  ctx = {
    client: createDocumentClient({ region: 'local', endpoint: db.endpoint, credentials: localCredentials }),
    tableNames: Object.fromEntries(described.map(({ name }) => [name, `${name}-test`])),
  };
});

after(async () => {
  await db?.stop();
});

interface Answer {
  status: number;
  /** The body as sent (JSON.parse would round a number beyond a double's digits). */
  text: string;
  headers: Record<string, string>;
  body: Body;
}

/** An answer's JSON as these tests read it: a stored object, a page or a problem (the assertions check which). */
interface Body {
  [field: string]: unknown;
  id: string;
  version: number;
  createdAt: string;
  detail: string;
  items: Body[];
  nextCursor: string | undefined;
  errors: unknown;
}

/** What the pipeline (app.ts) would answer: the handler's response, or its failure as the problem's status. */
async function call(
  resource: ResourceDescriptor,
  action: ResourceAction,
  request: Partial<ResourceRequest> = {},
  context: StoreContext = ctx,
  conditions: SortKeyConditionParameters = {},
): Promise<Answer> {
  const handler = createResourceOperation(
    resource,
    action,
    { cursorKey: () => Promise.resolve(testCursorKey), newId: () => `note-${++nextId}` },
    conditions,
  );
  try {
    const result = await handler(
      { basePath: '/dev', path: {}, query: {}, headers: {}, body: undefined, ...request },
      context,
    );
    return { ...parse<Body>(result), text: result.body };
  } catch (error) {
    const problem = problemOf(error);
    if (!problem) throw error;
    return {
      status: problemTypes[problem.key].status,
      headers: problem.headers ?? {},
      body: problem as unknown as Body,
      text: '',
    };
  }
}

/** Every object a list or query answers, page by page, and how many pages it took. */
async function readAll(resource: ResourceDescriptor, action: 'list' | 'query', path = {}, limit = 2) {
  const seen: Record<string, unknown>[] = [];
  let texts = '';
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await call(resource, action, { path, query: { limit, ...(cursor && { cursor }) } });
    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.ok(page.body.items.length <= limit);
    seen.push(...page.body.items);
    texts += page.text;
    cursor = page.body.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return { seen, pages, texts };
}

describe('a resource with a client-chosen partition and sort key (configs)', () => {
  it('creates, replaces, patches, reads and deletes by the whole key, with versions and conditions', async () => {
    const path = { id: 'tenant-1', range: 'colour' };
    const created = await call(configs, 'replace', { path, body: { value: 'red', note: 'first' } });
    assert.equal(created.status, 201);
    assert.equal(created.headers.Location, '/dev/configs/tenant-1/colour');
    assert.equal(created.headers.ETag, '"1"');
    const { createdAt } = created.body;
    assert.deepEqual(Object.keys(created.body), ['id', 'range', 'value', 'note', 'version', 'createdAt', 'updatedAt']);

    assert.equal(
      (await call(configs, 'replace', { path, body: { value: 'x' }, headers: { 'if-none-match': '*' } })).status,
      412,
    );
    const replaced = await call(configs, 'replace', { path, body: { value: 'blue' }, headers: { 'if-match': '"1"' } });
    assert.equal(replaced.status, 200);
    assert.equal(replaced.headers.Location, undefined);
    assert.equal(replaced.body.version, 2);
    assert.equal(replaced.body.createdAt, createdAt);
    assert.equal(replaced.body.note, undefined, 'a replace removes the writable fields the body leaves out');
    const stale = await call(configs, 'replace', { path, body: { value: 'x' }, headers: { 'if-match': '"1"' } });
    assert.equal(stale.status, 412);
    assert.equal(
      stale.body.detail,
      'The item with the id "tenant-1" and range "colour" does not exist or is not at the version in If-Match.',
    );

    const patched = await call(configs, 'patch', {
      path,
      body: { note: 'patched', value: null },
      headers: { 'if-match': '"2"' },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.headers.ETag, '"3"');
    assert.deepEqual(
      { note: patched.body.note, value: patched.body.value, id: patched.body.id, range: patched.body.range },
      { note: 'patched', value: undefined, id: 'tenant-1', range: 'colour' },
    );
    assert.equal(
      (await call(configs, 'patch', { path, body: { note: 'x' }, headers: { 'if-match': '"2"' } })).status,
      412,
    );

    const read = await call(configs, 'read', { path });
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, patched.body);
    const otherRange = await call(configs, 'read', { path: { ...path, range: 'size' } });
    assert.equal(otherRange.status, 404);
    assert.equal(otherRange.body.detail, 'No item has the id "tenant-1" and range "size".');

    assert.equal((await call(configs, 'delete', { path, headers: { 'if-match': '"2"' } })).status, 412);
    assert.equal((await call(configs, 'delete', { path, headers: { 'if-match': '"3"' } })).status, 204);
    assert.equal((await call(configs, 'read', { path })).status, 404);
    assert.equal((await call(configs, 'delete', { path })).status, 404);
    assert.equal((await call(configs, 'patch', { path, body: { note: 'x' } })).status, 404);
    assert.equal(
      (await call(configs, 'replace', { path, body: { value: 'x' }, headers: { 'if-match': '*' } })).status,
      412,
      'If-Match on an absent object fails a replace',
    );
  });

  it('queries one partition in sort key order across pages, and lists the whole table', async () => {
    const ranges = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    for (const range of [...ranges].reverse())
      assert.equal(
        (await call(configs, 'replace', { path: { id: 'q-1', range }, body: { value: range } })).status,
        201,
      );
    for (const range of ['a', 'b', 'c'])
      await call(configs, 'replace', { path: { id: 'q-2', range }, body: { value: range } });

    const query = await readAll(configs, 'query', { id: 'q-1' });
    assert.deepEqual(
      query.seen.map((object) => object.range),
      ranges,
      'every object of the partition once, in sort key order, no other partition',
    );
    assert.ok(query.pages >= 4, `${query.pages} pages of 2`);

    const list = await readAll(configs, 'list', {}, 3);
    const keys = list.seen.map((object) => `${String(object.id)}/${String(object.range)}`);
    assert.equal(new Set(keys).size, keys.length);
    for (const range of ranges) assert.ok(keys.includes(`q-1/${range}`));
    for (const range of ['a', 'b', 'c']) assert.ok(keys.includes(`q-2/${range}`));
  });

  it("refuses a cursor from another partition's query, from the list, and from another resource", async () => {
    for (const range of ['a', 'b', 'c']) await call(configs, 'replace', { path: { id: 'c-1', range }, body: {} });
    await call(counters, 'replace', { path: { n: '1' }, body: { label: 'one' } });
    await call(counters, 'replace', { path: { n: '2' }, body: { label: 'two' } });
    const queryCursor = (await call(configs, 'query', { path: { id: 'c-1' }, query: { limit: 1 } })).body.nextCursor;
    const listCursor = (await call(configs, 'list', { query: { limit: 1 } })).body.nextCursor;
    const countersCursor = (await call(counters, 'list', { query: { limit: 1 } })).body.nextCursor;
    assert.ok(queryCursor && listCursor && countersCursor);

    const refused = async (resource: ResourceDescriptor, action: 'list' | 'query', cursor: string, path = {}) => {
      const answer = await call(resource, action, { path, query: { cursor } });
      assert.equal(answer.status, 400, `${resource.name} ${action} took a foreign cursor`);
      assert.deepEqual(answer.body.errors, [{ path: '/query/cursor', message: 'is not a valid cursor' }]);
    };
    await refused(configs, 'query', queryCursor, { id: 'q-2' });
    await refused(configs, 'list', queryCursor);
    await refused(configs, 'query', listCursor, { id: 'c-1' });
    await refused(counters, 'list', listCursor);
    await refused(configs, 'list', countersCursor);
    assert.equal((await call(configs, 'query', { path: { id: 'c-1' }, query: { cursor: queryCursor } })).status, 200);
  });

  it('refuses an empty key in the path, or one longer than DynamoDB holds (400 naming it)', async () => {
    const answer = await call(configs, 'read', { path: { id: 'x', range: '' } });
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body.errors, [{ path: '/path/range', message: 'must be a non-empty string' }]);
    const stored = await call(configs, 'replace', {
      path: { id: 'é'.repeat(1024), range: 'r'.repeat(1024) },
      body: {},
    });
    assert.equal(stored.status, 201, 'a 2048-byte partition key and a 1024-byte sort key are stored');
    for (const [path, message] of [
      [
        { id: 'x'.repeat(2049), range: 'r' },
        { path: '/path/id', message: 'is 2049 bytes of UTF-8; a partition key holds at most 2048' },
      ],
      [
        { id: 'x', range: 'é'.repeat(513) },
        { path: '/path/range', message: 'is 1026 bytes of UTF-8; a sort key holds at most 1024' },
      ],
    ] as const) {
      const refused = await call(configs, 'replace', { path, body: {} }, { ...ctx, tableNames: {} });
      assert.equal(refused.status, 400);
      assert.deepEqual(refused.body.errors, [message]);
    }
  });
});

describe('a resource with a numeric partition key (counters)', () => {
  it('stores and addresses it as a number, digit for digit, and pages with numeric cursors', async () => {
    const big = '123456789012345678901234567890';
    const created = await call(counters, 'replace', { path: { n: big }, body: { label: 'big' } });
    assert.equal(created.status, 201);
    assert.equal(created.headers.Location, `/dev/counters/${big}`);
    assert.match(created.text, new RegExp(`"n":${big},`));
    const read = await call(counters, 'read', { path: { n: big } });
    assert.equal(read.status, 200);
    assert.equal(read.body.label, 'big');
    assert.equal((await call(counters, 'read', { path: { n: 7 } })).status, 404, 'a number the validator coerced');
    assert.equal((await call(counters, 'replace', { path: { n: 7 }, body: { label: 'seven' } })).status, 201);
    assert.equal((await call(counters, 'read', { path: { n: '7' } })).body.label, 'seven');

    const patched = await call(counters, 'patch', {
      path: { n: '7' },
      body: { label: 'SEVEN' },
      headers: { 'if-match': '"1"' },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.version, 2);

    const { seen, texts, pages } = await readAll(counters, 'list', {}, 1);
    assert.ok(pages >= seen.length, 'one object a page: every cursor carried a numeric key');
    const numbers = seen.map((object) => String(object.n));
    assert.equal(new Set(numbers).size, numbers.length);
    assert.ok(numbers.includes('7'));
    assert.equal(texts.split(`"n":${big},`).length, 2, 'the big key listed once, digit for digit');
    assert.equal((await call(counters, 'delete', { path: { n: '7' }, headers: { 'if-match': '"2"' } })).status, 204);
  });

  it('refuses a key that is not a number, or one DynamoDB cannot hold (400 naming it), without calling DynamoDB', async () => {
    const noTable = { ...ctx, tableNames: {} };
    for (const n of ['abc', '0x10', '1e', ' 5', Number.NaN]) {
      const answer = await call(counters, 'read', { path: { n } }, noTable);
      assert.equal(answer.status, 400, String(n));
      assert.deepEqual(answer.body.errors, [{ path: '/path/n', message: 'must be a number' }]);
    }
    for (const [n, message] of [
      ['1e200', /magnitude below 1e126/],
      ['1'.repeat(39), /39 significant digits/],
      ['-0', /negative zero/],
    ] as const) {
      const answer = await call(counters, 'replace', { path: { n }, body: { label: 'x' } }, noTable);
      assert.equal(answer.status, 400, n);
      const [error] = answer.body.errors as { path: string; message: string }[];
      assert.equal(error?.path, '/path/n');
      assert.match(error?.message ?? '', message);
    }
  });

  it('answers a write without Location when the resource has no read operation', async () => {
    const unreadable = { ...counters, readPath: undefined };
    const created = await call(unreadable, 'replace', { path: { n: '99' }, body: { label: 'x' } });
    assert.equal(created.status, 201);
    assert.equal(created.headers.Location, undefined);
    assert.equal(created.headers.ETag, '"1"');
  });
});

describe('a query with conditions on the sort key (x-sort-key-condition)', () => {
  const rangeConditions = { prefix: 'rangePrefix', from: 'rangeFrom', to: 'rangeTo' };
  /** One answer of the query of configs' partition cond-1 with `query` (and `context`, to break the store). */
  const queryCond1 = (query: Record<string, unknown>, context = ctx) =>
    call(configs, 'query', { path: { id: 'cond-1' }, query }, context, rangeConditions);
  /** The sort keys a query of `partition` answers with `query`, page by page (limit 1), and the pages' count. */
  async function sortKeys(
    resource: ResourceDescriptor,
    partition: Record<string, string>,
    query: Record<string, unknown>,
    conditions: SortKeyConditionParameters,
  ) {
    const key = resource.sortKey?.name ?? '';
    const seen: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(
        resource,
        'query',
        { path: partition, query: { ...query, limit: 1, ...(cursor && { cursor }) } },
        ctx,
        conditions,
      );
      assert.equal(page.status, 200, JSON.stringify(page.body));
      seen.push(...page.body.items.map((object) => object[key]));
      cursor = page.body.nextCursor;
    } while (cursor);
    return seen;
  }
  // In DynamoDB's order, by UTF-8 bytes: 'Z' before 'a', 'a-10' before 'a-2', U+FF5E before an emoji (which a
  // JavaScript comparison of UTF-16 code units puts first).
  const ranges = ['Z', 'a-1', 'a-10', 'a-2', 'b-1', 'b-2', '\uff5e', '\u{1f600}'];

  before(async () => {
    for (const range of ranges)
      assert.equal(
        (await call(configs, 'replace', { path: { id: 'cond-1', range }, body: { value: range } })).status,
        201,
      );
    await call(configs, 'replace', { path: { id: 'cond-2', range: 'a-1' }, body: { value: 'other partition' } });
  });

  it("reads a prefix (begins_with), bounds (>=, <=, BETWEEN), in DynamoDB's order of UTF-8 bytes", async () => {
    const read = (query: Record<string, unknown>) => sortKeys(configs, { id: 'cond-1' }, query, rangeConditions);
    assert.deepEqual(await read({}), ranges, 'without a condition, the whole partition in sort key order');
    assert.deepEqual(await read({ rangePrefix: 'a-' }), ['a-1', 'a-10', 'a-2']);
    assert.deepEqual(await read({ rangePrefix: 'a-1' }), ['a-1', 'a-10']);
    assert.deepEqual(await read({ rangeFrom: 'a-2', rangeTo: 'b-1' }), ['a-2', 'b-1']);
    assert.deepEqual(await read({ rangeFrom: 'b' }), ['b-1', 'b-2', '\uff5e', '\u{1f600}']);
    assert.deepEqual(await read({ rangeTo: 'a' }), ['Z']);
    assert.deepEqual(await read({ rangeFrom: '\uff5e', rangeTo: '\u{1f600}' }), ['\uff5e', '\u{1f600}']);
  });

  it('answers no object, without calling DynamoDB, when the bounds cross', async () => {
    const answer = await queryCond1({ rangeFrom: 'b', rangeTo: 'a' }, { ...ctx, tableNames: {} });
    assert.deepEqual([answer.status, answer.body.items], [200, []]);
    assert.equal(compareKeyValues('\u{1f600}', '\uff5e'), 1, 'an emoji sorts after U+FF5E by UTF-8 bytes');
  });

  it('refuses a prefix with a bound (400 naming the bound): DynamoDB takes one condition on the sort key', async () => {
    const answer = await queryCond1({ rangePrefix: 'a', rangeTo: 'b' });
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body.errors, [{ path: '/query/rangeTo', message: 'cannot go with rangePrefix' }]);
  });

  it('binds a cursor to its condition: another condition, or none, refuses it', async () => {
    const first = await queryCond1({ rangePrefix: 'a-', limit: 1 });
    const cursor = first.body.nextCursor;
    assert.ok(cursor);
    const withQuery = (query: Record<string, unknown>) => queryCond1({ ...query, cursor });
    assert.equal((await withQuery({ rangePrefix: 'a-' })).status, 200);
    assert.equal((await withQuery({ rangePrefix: 'b-' })).status, 400);
    assert.equal((await withQuery({})).status, 400);
    assert.equal((await withQuery({ rangeFrom: 'a-' })).status, 400);
  });

  it('bounds a number sort key by value, exactly: 1e1 is 10, 10.25 is below 10.5', async () => {
    const created = await call(notes, 'create', { body: { at: 10, text: 'ten' } });
    const { id } = created.body;
    for (const at of ['10.25', '11', '9'])
      await call(notes, 'replace', { path: { id, at }, body: { at: new NumberValue(at), text: at } });
    const numbers = { from: 'atFrom', to: 'atTo' };
    const read = async (query: Record<string, unknown>) => (await sortKeys(notes, { id }, query, numbers)).map(String);
    assert.deepEqual(await read({ atFrom: '1e1', atTo: '10.5' }), ['10', '10.25']);
    assert.deepEqual(await read({ atFrom: 10.25 }), ['10.25', '11']);
    assert.deepEqual(await read({ atFrom: '11', atTo: '1e1' }), []);
    assert.equal(
      compareKeyValues(
        new NumberValue('123456789012345678901234567891'),
        new NumberValue('123456789012345678901234567890'),
      ),
      1,
    );
  });
});

describe('a resource with a server-chosen key and a sort key (notes)', () => {
  it('creates with a generated partition key and the sort key from the body, then queries it', async () => {
    const created = await call(notes, 'create', { body: { at: 5, text: 'hello' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { id } = created.body;
    assert.match(id, /^note-\d+$/);
    assert.equal(created.headers.Location, `/dev/notes/${id}/5`);
    assert.equal((await call(notes, 'read', { path: { id, at: '5' } })).body.text, 'hello');
    const replaced = await call(notes, 'replace', {
      path: { id, at: '5' },
      body: { at: 5, text: 'replaced' },
      headers: { 'if-match': '"1"' },
    });
    assert.equal(replaced.status, 200, 'a body holding the sort key replaces, leaving the key to the path');
    assert.equal(replaced.body.text, 'replaced');
    const patched = await call(notes, 'patch', { path: { id, at: '5' }, body: { at: 5, text: 'patched' } });
    assert.equal(patched.status, 200, 'a patch holding the sort key patches, leaving the key to the path');
    assert.deepEqual([patched.body.at, patched.body.text, patched.body.version], [5, 'patched', 3]);
    const page = await call(notes, 'query', { path: { id } });
    assert.deepEqual(
      page.body.items.map((note) => note.at),
      [5],
    );
  });

  it('takes a sort key from the body digit for digit', async () => {
    const at = '123456789012345678901234567890';
    const created = await call(notes, 'create', { body: { at: new NumberValue(at), text: 'exact' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.headers.Location, `/dev/notes/${created.body.id}/${at}`);
    assert.match(created.text, new RegExp(`"at":${at},`));
  });

  it('refuses a create whose body has no sort key (400 naming it)', async () => {
    const answer = await call(notes, 'create', { body: { text: 'no key' } });
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body.errors, [{ path: '/body/at', message: 'must be a number' }]);
  });
});

describe('storage checks of any resource', () => {
  it("check the keys of every map in a body as attribute names, not the body's own properties", () => {
    const body: unknown = JSON.parse('{"settings":{"":1,"ok":2},"rows":[{"__proto__":3}],"label":"x"}');
    assert.deepEqual(
      storageErrors(body).map(({ path }) => path),
      ['/body/settings/', '/body/rows/0/__proto__'],
    );
  });
});

describe('the store', () => {
  it('fails (a 500 in the pipeline) when no table is configured for the resource', async () => {
    await assert.rejects(
      call(configs, 'read', { path: { id: 'a', range: 'b' } }, { ...ctx, tableNames: { counters: 'x' } }),
      /No table is configured for the resource configs/,
    );
  });
});

describe('cursors of a composite key', () => {
  const codec = createCursorCodec(testCursorKey);
  const scope = { resource: 'configs', keys: configs };
  const numeric = { resource: 'counters', keys: counters };

  it('round-trip the whole key, each attribute of its type', () => {
    assert.deepEqual(codec.decode(scope, codec.encode(scope, { id: 'a', range: 'b' })), { id: 'a', range: 'b' });
    assert.deepEqual(codec.decode(numeric, codec.encode(numeric, { n: 12 })), { n: 12 });
  });

  it('refuse a signed key that is not a whole key of the table, of its types', () => {
    for (const [key, keyScope] of [
      [{ id: 'a' }, scope],
      [{ id: 1, range: 'b' }, scope],
      [{ id: '', range: 'b' }, scope],
      [{ id: 'x'.repeat(2049), range: 'b' }, scope],
      [{ n: '12' }, numeric],
    ] as const) {
      assert.equal(codec.decode(keyScope, codec.encode(keyScope, key)), undefined, JSON.stringify(key));
    }
  });
});
