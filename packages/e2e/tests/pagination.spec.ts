/** Paging through GET /items with `limit` and `cursor`, across more than one page. */
import type { Item, ItemPage } from '@items-api/openapi/schema';
import { expect, expectSchema, path, test } from './support.ts';

test('every item is listed exactly once across pages', async ({ request, items }) => {
  const ours = new Set<string>();
  for (let i = 0; i < 7; i++) ours.add((await items.create({ name: `page item ${i}` })).item.id);

  const seen = new Map<string, Item>();
  let pages = 0;
  let cursor: string | undefined;
  do {
    const response = await request.get(path('/items'), { params: { limit: 3, ...(cursor && { cursor }) } });
    expect(response.status()).toBe(200);
    const page = (await response.json()) as ItemPage;
    expectSchema(page, 'ItemPage');
    expect(page.items.length).toBeLessThanOrEqual(3);
    for (const item of page.items) {
      // Other runs may write concurrently on a shared stage; our own items never repeat.
      if (ours.has(item.id)) expect(seen.has(item.id), `${item.id} listed twice`).toBe(false);
      seen.set(item.id, item);
    }
    pages++;
    cursor = page.nextCursor;
  } while (cursor !== undefined);

  expect(pages).toBeGreaterThan(2);
  for (const id of ours) expect(seen.has(id), `${id} missing from the listing`).toBe(true);
});

test('a limit of 1 pages one item at a time', async ({ request, items }) => {
  await items.create();
  await items.create();
  const first = (await (await request.get(path('/items'), { params: { limit: 1 } })).json()) as ItemPage;
  expect(first.items).toHaveLength(1);
  expect(first.nextCursor).toBeTruthy();
  const second = (await (
    await request.get(path('/items'), { params: { limit: 1, cursor: first.nextCursor as string } })
  ).json()) as ItemPage;
  expect(second.items.length).toBeLessThanOrEqual(1);
  expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
});
