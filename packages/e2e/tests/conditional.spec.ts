/** Conditional requests: the ETag is the item's version; If-Match and If-None-Match guard writes. */
import type { Item } from '@items-api/openapi/schema';
import { etag, expect, expectProblem, json, mergePatch, newItem, path, test, uniqueId } from './support.ts';

test('the ETag follows the version through every write', async ({ request, items }) => {
  const { item, etag: first } = await items.create();
  expect(first).toBe(`"${item.version}"`);
  const patched = await request.patch(path(`/items/${item.id}`), {
    data: { name: 'v2' },
    headers: { ...mergePatch, 'If-Match': first },
  });
  expect(patched.status()).toBe(200);
  expect(etag(patched)).toBe('"2"');
  const replaced = await request.put(path(`/items/${item.id}`), {
    data: newItem(),
    headers: { ...json, 'If-Match': '"2"' },
  });
  expect(replaced.status()).toBe(200);
  expect(etag(replaced)).toBe('"3"');
  const read = await request.get(path(`/items/${item.id}`));
  expect(etag(read)).toBe('"3"');
  expect(((await read.json()) as Item).version).toBe(3);
});

test('If-Match with a stale ETag refuses PUT, PATCH and DELETE', async ({ request, items }) => {
  const { item } = await items.create();
  const moved = await request.patch(path(`/items/${item.id}`), { data: { name: 'moved on' }, headers: mergePatch });
  expect(etag(moved)).toBe('"2"');
  const stale = { 'If-Match': '"1"' };
  await expectProblem(
    await request.put(path(`/items/${item.id}`), { data: newItem(), headers: { ...json, ...stale } }),
    'precondition-failed',
  );
  await expectProblem(
    await request.patch(path(`/items/${item.id}`), { data: { name: 'x' }, headers: { ...mergePatch, ...stale } }),
    'precondition-failed',
  );
  await expectProblem(await request.delete(path(`/items/${item.id}`), { headers: stale }), 'precondition-failed');
  expect(((await (await request.get(path(`/items/${item.id}`))).json()) as Item).name).toBe('moved on');
});

test('DELETE with the current ETag deletes', async ({ request, items }) => {
  const { item, etag: current } = await items.create();
  expect((await request.delete(path(`/items/${item.id}`), { headers: { 'If-Match': current } })).status()).toBe(204);
  expect((await request.get(path(`/items/${item.id}`))).status()).toBe(404);
});

test('PUT with If-None-Match: * creates once, then refuses', async ({ request, items }) => {
  const id = uniqueId('create-only');
  items.track(id);
  const first = await request.put(path(`/items/${id}`), {
    data: newItem(),
    headers: { ...json, 'If-None-Match': '*' },
  });
  expect(first.status()).toBe(201);
  const second = await request.put(path(`/items/${id}`), {
    data: newItem({ name: 'overwrite' }),
    headers: { ...json, 'If-None-Match': '*' },
  });
  await expectProblem(second, 'precondition-failed');
  expect(((await (await request.get(path(`/items/${id}`))).json()) as Item).name).not.toBe('overwrite');
});

test('PUT with If-Match on a missing item does not create it', async ({ request }) => {
  const id = uniqueId('never');
  await expectProblem(
    await request.put(path(`/items/${id}`), { data: newItem(), headers: { ...json, 'If-Match': '"1"' } }),
    'precondition-failed',
  );
  expect((await request.get(path(`/items/${id}`))).status()).toBe(404);
});
