/**
 * What the items resource's specs share besides tests/support.ts (all of which this re-exports): `newItem`, a valid
 * item body unique to the run, and a `test` with an `items` fixture that creates uniquely named items through
 * POST /items and deletes them afterwards. It lives here so that removing the resource removes it too.
 */
import { randomUUID } from 'node:crypto';
import type { Item, NewItem } from '@items-api/openapi/schema';
import { etag, expect, json, path, runId, test as base } from '../support.ts';

export * from '../support.ts';

export const newItem = (overrides: Partial<NewItem> = {}): NewItem => ({
  name: `${runId} ${randomUUID().slice(0, 8)}`,
  description: 'Created by the e2e suite; deleted when its test ends.',
  tags: ['e2e', runId.slice(-8)],
  attributes: { suite: 'e2e', run: runId },
  ...overrides,
});

export interface ItemsFixture {
  /** Creates an item through POST /items and schedules its deletion. */
  create(overrides?: Partial<NewItem>): Promise<{ item: Item; etag: string }>;
  /** Schedules the deletion of an item created another way (PUT, the client). */
  track(id: string): void;
}

export const test = base.extend<{ items: ItemsFixture }>({
  items: async ({ request }, use) => {
    const created = new Set<string>();
    await use({
      async create(overrides) {
        const response = await request.post(path('/items'), { data: newItem(overrides), headers: json });
        expect(response.status(), await response.text()).toBe(201);
        const item = (await response.json()) as Item;
        created.add(item.id);
        return { item, etag: etag(response) };
      },
      track: (id) => void created.add(id),
    });
    for (const id of created) {
      const response = await request.delete(path(`/items/${id}`));
      expect([204, 404], `cleanup of ${id}`).toContain(response.status());
    }
  },
});
