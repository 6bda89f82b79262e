/** Concurrent writers: optimistic locking lets exactly one conditional writer win, and no update is lost. */
import type { Item } from '@items-api/openapi/schema';
import { etag, expect, expectProblem, mergePatch, path, test } from './support.ts';

const writers = 6;

test('parallel PATCHes with the same If-Match: exactly one wins', async ({ request, items }) => {
  const { item, etag: current } = await items.create();
  const responses = await Promise.all(
    Array.from({ length: writers }, (_, i) =>
      request.patch(path(`/items/${item.id}`), {
        data: { name: `writer ${i}` },
        headers: { ...mergePatch, 'If-Match': current },
      }),
    ),
  );
  const statuses = responses.map((r) => r.status());
  expect(
    statuses.filter((s) => s === 200),
    statuses.join(','),
  ).toHaveLength(1);
  expect(
    statuses.filter((s) => s === 412),
    statuses.join(','),
  ).toHaveLength(writers - 1);
  for (const loser of responses.filter((r) => r.status() === 412)) await expectProblem(loser, 'precondition-failed');

  const winner = (await responses.find((r) => r.status() === 200)!.json()) as Item;
  const stored = await request.get(path(`/items/${item.id}`));
  expect(await stored.json()).toEqual(winner);
  expect(winner.version).toBe(2);
  expect(etag(stored)).toBe('"2"');
});

test('parallel unconditional PATCHes: every one is applied, none is lost', async ({ request, items }) => {
  const { item } = await items.create();
  const responses = await Promise.all(
    Array.from({ length: writers }, (_, i) =>
      request.patch(path(`/items/${item.id}`), { data: { description: `writer ${i}` }, headers: mergePatch }),
    ),
  );
  expect(responses.map((r) => r.status())).toEqual(Array(writers).fill(200));
  const versions = await Promise.all(responses.map(async (r) => ((await r.json()) as Item).version));
  // Each write saw its own version: the increments are atomic.
  expect(versions.sort((a, b) => a - b)).toEqual(Array.from({ length: writers }, (_, i) => i + 2));
  const stored = (await (await request.get(path(`/items/${item.id}`))).json()) as Item;
  expect(stored.version).toBe(writers + 1);
});

test('a read-modify-write loop with If-Match loses no update', async ({ request, items }) => {
  const { item } = await items.create({ tags: [] });
  // Each writer adds its tag, retrying on 412 with a fresh read: the classic lost-update scenario.
  await Promise.all(
    Array.from({ length: 4 }, async (_, i) => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const read = await request.get(path(`/items/${item.id}`));
        const current = (await read.json()) as Item;
        const response = await request.patch(path(`/items/${item.id}`), {
          data: { tags: [...(current.tags ?? []), `w${i}`] },
          headers: { ...mergePatch, 'If-Match': etag(read) },
        });
        if (response.status() === 200) return;
        expect(response.status()).toBe(412);
      }
      throw new Error(`writer ${i} never won`);
    }),
  );
  const stored = (await (await request.get(path(`/items/${item.id}`))).json()) as Item;
  expect([...(stored.tags ?? [])].sort()).toEqual(['w0', 'w1', 'w2', 'w3']);
});
