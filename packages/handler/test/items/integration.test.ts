/** The handler (TypeScript source) against a real DynamoDB Local: no mocks. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DynamoDBLocal } from '@items-api/dynamodb-local';
import { problemTypes } from '@items-api/openapi/operations';
import type { Item, ItemPage } from '@items-api/openapi/schema';
import { schemaValidators } from '@items-api/openapi/schema-validators';
import type { App } from '../../src/app.ts';
import { event, parse } from '../helpers.ts';
import { startLocalApp } from '../local-app.ts';

let db: DynamoDBLocal;
let app: App;
const tableName = 'items-integration';

before(async () => {
  ({ app, db } = await startLocalApp({ items: tableName }, 'ERROR'));
});

after(async () => {
  await db?.stop();
});

const call = async <Body = unknown>(...args: Parameters<typeof event>) => parse<Body>(await app(event(...args)));

describe('items on DynamoDB Local', () => {
  it('creates, reads, replaces, patches and deletes an item with versions and ETags', async () => {
    const created = await call('POST', '/items', {
      body: { name: 'Cup', description: 'Blue', tags: ['a'], attributes: { ml: 90 } },
    });
    assert.equal(created.status, 201);
    assert.ok(schemaValidators.Item(created.body));
    const { id, createdAt } = created.body;
    assert.equal(created.headers.Location, `/items/${id}`);

    const got = await call('GET', `/items/${id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, created.body);
    assert.equal(got.headers.ETag, '"1"');

    const replaced = await call<Item>('PUT', `/items/${id}`, {
      body: { name: 'Mug', tags: ['b'] },
      headers: { 'If-Match': '"1"' },
    });
    assert.equal(replaced.status, 200);
    assert.equal(replaced.body.version, 2);
    assert.equal(replaced.body.createdAt, createdAt, 'createdAt survives a replace');
    assert.equal(replaced.body.description, undefined, 'a replace removes fields the body leaves out');
    assert.equal(replaced.body.attributes, undefined);
    assert.deepEqual(replaced.body.tags, ['b']);

    const stale = await call('PUT', `/items/${id}`, { body: { name: 'Mug' }, headers: { 'If-Match': '"1"' } });
    assert.equal(stale.status, 412);

    const patched = await call<Item>('PATCH', `/items/${id}`, {
      body: { tags: null, attributes: { colour: 'red' } },
      headers: { 'If-Match': '"2"' },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.headers.ETag, '"3"');
    assert.equal(patched.body.tags, undefined);
    assert.deepEqual(patched.body.attributes, { colour: 'red' });
    assert.equal(patched.body.name, 'Mug');
    assert.equal(patched.body.createdAt, createdAt);
    assert.ok(schemaValidators.Item(patched.body));

    assert.equal((await call('DELETE', `/items/${id}`, { headers: { 'If-Match': '"2"' } })).status, 412);
    assert.equal((await call('DELETE', `/items/${id}`, { headers: { 'If-Match': '"3"' } })).status, 204);
    assert.equal((await call('GET', `/items/${id}`)).status, 404);
    assert.equal((await call('DELETE', `/items/${id}`)).status, 404);
    assert.equal((await call('PATCH', `/items/${id}`, { body: { name: 'x' } })).status, 404);
  });

  it('PUT creates (201) then replaces (200); If-None-Match: * only creates', async () => {
    const first = await call<Item>('PUT', '/items/put-1', { body: { name: 'One' }, headers: { 'If-None-Match': '*' } });
    assert.equal(first.status, 201);
    assert.equal(first.body.version, 1);
    const again = await call('PUT', '/items/put-1', { body: { name: 'Two' }, headers: { 'If-None-Match': '*' } });
    assert.equal(again.status, 412);
    const replaced = await call<Item>('PUT', '/items/put-1', { body: { name: 'Two' } });
    assert.equal(replaced.status, 200);
    assert.equal(replaced.body.version, 2);
    assert.equal(replaced.body.createdAt, first.body.createdAt);
    assert.equal(
      (await call('PUT', '/items/put-missing', { body: { name: 'x' }, headers: { 'If-Match': '"1"' } })).status,
      412,
    );
    assert.equal(
      (await call('PUT', '/items/put-missing', { body: { name: 'x' }, headers: { 'If-Match': '*' } })).status,
      412,
    );
  });

  it('pages through every item exactly once with opaque cursors', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const res = await call<Item>('PUT', `/items/page-${i}`, { body: { name: `Item ${i}` } });
      ids.add(res.body.id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await call('GET', '/items', { query: { limit: '5', ...(cursor ? { cursor } : {}) } });
      assert.equal(res.status, 200);
      assert.ok(schemaValidators.ItemPage(res.body));
      assert.ok(res.body.items.length <= 5);
      seen.push(...res.body.items.map((item: { id: string }) => item.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    for (const id of ids) assert.equal(seen.filter((s) => s === id).length, 1, `${id} seen once`);
    assert.equal(new Set(seen).size, seen.length);
  });

  it('rejects a tampered cursor with 400 instead of passing it to DynamoDB', async () => {
    const first = await call<ItemPage>('GET', '/items', { query: { limit: '1' } });
    const cursor = first.body.nextCursor;
    assert.ok(cursor);
    const tampered = Buffer.from(cursor, 'base64url');
    tampered[tampered.length - 2] = 0x7b; // '{' in the middle of the JSON
    for (const bad of [cursor.slice(0, -4), tampered.toString('base64url')]) {
      const res = await call('GET', '/items', { query: { cursor: bad } });
      assert.equal(res.status, problemTypes['validation-failed'].status);
    }
  });

  it('concurrent PATCHes with the same If-Match: exactly one wins, the rest get 412, the state is consistent', async () => {
    const created = await call<Item>('POST', '/items', { body: { name: 'Contended' } });
    const id = created.body.id;
    const writers = 12;
    const results = await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        call<Item>('PATCH', `/items/${id}`, { body: { description: `writer ${i}` }, headers: { 'If-Match': '"1"' } }),
      ),
    );
    const winners = results.filter((r) => r.status === 200);
    assert.equal(winners.length, 1, `statuses: ${results.map((r) => r.status).join(',')}`);
    assert.equal(results.filter((r) => r.status === 412).length, writers - 1);
    const final = await call<Item>('GET', `/items/${id}`);
    assert.equal(final.body.version, 2);
    assert.equal(final.body.description, winners[0]?.body.description);
  });

  it('answers 413 when a patch would push the stored item over 400 KB (DynamoDB refuses it)', async () => {
    // ~408 KB of attribute names: fits on its own, but not with a long description and 20 long tags added.
    const attributes = Object.fromEntries(
      Array.from({ length: 50 }, (_, i) => [`${'k'.repeat(8150)}${String(i).padStart(2, '0')}`, 1]),
    );
    const created = await call<Item>('POST', '/items', { body: { name: 'Big', attributes } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const tags = Array.from({ length: 20 }, (_, i) => `${'t'.repeat(48)}${String(i).padStart(2, '0')}`);
    const res = await call('PATCH', `/items/${created.body.id}`, { body: { description: 'd'.repeat(2000), tags } });
    assert.equal(res.status, 413, JSON.stringify(res.body));
    assert.equal(
      (await call<Item>('GET', `/items/${created.body.id}`)).body.version,
      1,
      'the refused patch changed nothing',
    );
  });
});
