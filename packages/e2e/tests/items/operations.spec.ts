/** The items resource's operations on their success paths, with response shapes checked against the contract. */
import type { OperationId } from '@items-api/openapi/operations';
import type { Item, ItemPage } from '@items-api/openapi/schema';
import { etag, expect, expectSchema, json, mergePatch, newItem, path, test, uniqueId } from './support.ts';

const tested = {
  createItem: 'createItem: 201 with Location, ETag "1" and the stored item',
  getItem: 'getItem: 200 with the item and its ETag',
  listItems: 'listItems: a page of items with our item in it',
  putItem: 'putItem: 201 creates under the given id, 200 replaces keeping createdAt',
  patchItem: 'patchItem: a merge patch sets, removes and keeps fields',
  deleteItem: 'deleteItem: 204, then the item is gone',
} as const satisfies Partial<Record<OperationId, string>>;

test(tested.createItem, async ({ request, items }) => {
  const input = newItem();
  const response = await request.post(path('/items'), { data: input, headers: json });
  expect(response.status()).toBe(201);
  const item = (await response.json()) as Item;
  items.track(item.id);
  expectSchema(item, 'Item');
  expect(item).toMatchObject({ ...input, version: 1 });
  expect(item.createdAt).toBe(item.updatedAt);
  expect(etag(response)).toBe('"1"');
  expect(response.headers()['location']).toMatch(new RegExp(`/items/${item.id}$`));
});

test(tested.getItem, async ({ request, items }) => {
  const { item } = await items.create();
  const response = await request.get(path(`/items/${item.id}`));
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual(item);
  expect(etag(response)).toBe('"1"');
});

test(tested.listItems, async ({ request, items }) => {
  const { item } = await items.create();
  const seen: Item[] = [];
  let cursor: string | undefined;
  do {
    const response = await request.get(path('/items'), { params: { limit: 100, ...(cursor && { cursor }) } });
    expect(response.status()).toBe(200);
    const page = (await response.json()) as ItemPage;
    expectSchema(page, 'ItemPage');
    seen.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && !seen.some((i) => i.id === item.id));
  expect(seen.find((i) => i.id === item.id)).toEqual(item);
});

test(tested.putItem, async ({ request, items }) => {
  const id = uniqueId('put');
  items.track(id);
  const created = await request.put(path(`/items/${id}`), { data: newItem({ tags: ['first'] }), headers: json });
  expect(created.status()).toBe(201);
  expect(etag(created)).toBe('"1"');
  expect(created.headers()['location']).toMatch(new RegExp(`/items/${id}$`));
  const first = (await created.json()) as Item;
  expectSchema(first, 'Item');
  expect(first.id).toBe(id);

  const replacement = newItem({ name: 'Replaced', tags: undefined, description: undefined, attributes: undefined });
  delete replacement.tags;
  delete replacement.description;
  delete replacement.attributes;
  const replaced = await request.put(path(`/items/${id}`), { data: replacement, headers: json });
  expect(replaced.status()).toBe(200);
  expect(etag(replaced)).toBe('"2"');
  const second = (await replaced.json()) as Item;
  expect(second).toMatchObject({ id, name: 'Replaced', version: 2, createdAt: first.createdAt });
  // A replace drops the fields it does not send.
  expect(second.tags).toBeUndefined();
  expect(second.description).toBeUndefined();
});

test(tested.patchItem, async ({ request, items }) => {
  const { item } = await items.create({ description: 'to be removed', tags: ['a'] });
  const response = await request.patch(path(`/items/${item.id}`), {
    data: { description: null, tags: ['b', 'c'] },
    headers: mergePatch,
  });
  expect(response.status()).toBe(200);
  expect(etag(response)).toBe('"2"');
  const patched = (await response.json()) as Item;
  expectSchema(patched, 'Item');
  expect(patched).toMatchObject({
    id: item.id,
    name: item.name,
    tags: ['b', 'c'],
    attributes: item.attributes,
    version: 2,
  });
  expect(patched.description).toBeUndefined();
  expect(patched.createdAt).toBe(item.createdAt);
});

test(tested.deleteItem, async ({ request, items }) => {
  const { item } = await items.create();
  const response = await request.delete(path(`/items/${item.id}`));
  expect(response.status()).toBe(204);
  expect(await response.body()).toHaveLength(0);
  // No content: no Content-Type from the Lambda; a direct integration's mapped 204 keeps API Gateway's default.
  expect([undefined, 'application/json']).toContain(response.headers()['content-type']);
  expect((await request.get(path(`/items/${item.id}`))).status()).toBe(404);
});
